import bs58 from "bs58";
import {
  derivePda,
  deriveBondingCurve,
  encodeBondingCurve,
  encodeCreateEvent,
  makeCreateEvent,
  type CreateArgs,
  type CreateV2Args,
} from "../../chain/pump/index.ts";
import { initialCurve } from "../../domain/curve.ts";
import { METAPLEX_METADATA_PROGRAM_ID, PUMP_PROGRAM_ID, SYSTEM_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID, ASSOCIATED_TOKEN_PROGRAM_ID } from "../chain.ts";
import type { IxContext, IxOutcome } from "../exec/context.ts";
import { ataAddress, encodeMint, encodeTokenAccount, MINT_RENT, TOKEN_ACCOUNT_RENT } from "../ledger/tokens.ts";
import { anchorAccountError, anchorErrorLog, toInstructionErr, type PumpError } from "./errors.ts";
import { CpiTrace } from "./logs.ts";

/** Bonding curve account length written for new curves (mainnet 2026). */
export const CURVE_DATA_LENGTH = 151;
const CURVE_RENT = BigInt((128 + CURVE_DATA_LENGTH) * 6960);
const METADATA_RENT = 15_115_600n;

/** The Metaplex metadata PDA of a mint. */
export function metadataPda(mint: string): string {
  return derivePda(["metadata", bs58.decode(METAPLEX_METADATA_PROGRAM_ID), bs58.decode(mint)], METAPLEX_METADATA_PROGRAM_ID).address;
}

function fail(ctx: IxContext, e: PumpError, units: number): IxOutcome {
  ctx.logs.push(anchorErrorLog(e));
  return { ok: false, error: toInstructionErr(e), units };
}

/**
 * create / create_v2 (accounts: mint, mint_authority, bonding_curve, associated_bonding_curve, global,
 * mpl_token_metadata, metadata, user, system, token program, ATA program, rent, event_authority, program).
 * The simulator uses this account order for create_v2 too, with Token-2022 as the token program.
 */
export function executeCreate(ctx: IxContext, args: CreateArgs | CreateV2Args, v2: boolean): IxOutcome {
  const trace = new CpiTrace(ctx);
  trace.log(`Program log: Instruction: ${v2 ? "CreateV2" : "Create"}`);
  const a = ctx.accounts;
  if (a.length < 14) return fail(ctx, anchorAccountError("AccountNotEnoughKeys", "program"), 5_000);
  const [mint, , bondingCurve, abc, , , metadata, user, , tokenProgram] = a as string[] as [string, string, string, string, string, string, string, string, string, string];
  if (!ctx.isSigner(mint)) return fail(ctx, anchorAccountError("AccountNotSigner", "mint"), 5_000);
  if (!ctx.isSigner(user)) return fail(ctx, anchorAccountError("AccountNotSigner", "user"), 5_000);
  if (tokenProgram !== (v2 ? TOKEN_2022_PROGRAM_ID : TOKEN_PROGRAM_ID)) return fail(ctx, anchorAccountError("InvalidProgramId", "token_program"), 5_000);
  if (bondingCurve !== deriveBondingCurve(mint).address) return fail(ctx, anchorAccountError("ConstraintSeeds", "bonding_curve"), 5_000);
  if (abc !== ataAddress(bondingCurve, mint, tokenProgram)) return fail(ctx, anchorAccountError("ConstraintSeeds", "associated_bonding_curve"), 5_000);
  if (ctx.state.get(mint) || ctx.state.get(bondingCurve)) {
    ctx.logs.push(`Allocate: account Address { address: ${mint}, base: None } already in use`);
    return { ok: false, error: { Custom: 0 }, units: 8_000 };
  }
  const rent = MINT_RENT + CURVE_RENT + TOKEN_ACCOUNT_RENT + METADATA_RENT;
  const have = ctx.state.lamports(user);
  if (have < rent) {
    ctx.logs.push(`Program ${SYSTEM_PROGRAM_ID} invoke [2]`, `Transfer: insufficient lamports ${have}, need ${MINT_RENT}`, `Program ${SYSTEM_PROGRAM_ID} failed: custom program error: 0x1`);
    return { ok: false, error: { Custom: 1 }, units: 9_000 };
  }
  const curve = initialCurve();
  ctx.state.addLamports(user, -rent);
  trace.systemTransfer(user, mint, MINT_RENT);
  ctx.state.set(mint, { lamports: MINT_RENT, owner: tokenProgram, data: encodeMint(curve.tokenTotalSupply), executable: false });
  trace.cpi(tokenProgram, { lines: ["Program log: Instruction: InitializeMint2"], units: 2_780 });
  trace.systemTransfer(user, bondingCurve, CURVE_RENT);
  const v2args = v2 ? (args as CreateV2Args) : undefined;
  ctx.state.set(bondingCurve, {
    lamports: CURVE_RENT,
    owner: PUMP_PROGRAM_ID,
    executable: false,
    data: encodeBondingCurve(
      {
        ...curve,
        complete: false,
        creator: args.creator,
        isMayhemMode: v2args?.isMayhemMode ?? false,
        isCashbackCoin: v2args?.isCashbackEnabled ?? false,
        quoteMint: SYSTEM_PROGRAM_ID,
        creatorFeeBps: v2args?.creatorFeeBps ?? 0n,
        canEditCreatorFee: false,
        isHolderReward: v2args?.isHolderReward ?? false,
      },
      CURVE_DATA_LENGTH,
    ),
  });
  trace.cpi(ASSOCIATED_TOKEN_PROGRAM_ID, { lines: ["Program log: Create", "Program log: Initialize the associated token account"], units: 21_990 });
  ctx.state.set(abc, { lamports: TOKEN_ACCOUNT_RENT, owner: tokenProgram, executable: false, data: encodeTokenAccount({ mint, owner: bondingCurve, amount: curve.tokenTotalSupply }, tokenProgram) });
  trace.cpi(METAPLEX_METADATA_PROGRAM_ID, { lines: ["Program log: IX: Create Metadata Accounts v3"], units: 36_258 });
  ctx.state.set(metadata, { lamports: METADATA_RENT, owner: METAPLEX_METADATA_PROGRAM_ID, executable: false, data: new Uint8Array(679) });
  trace.cpi(tokenProgram, { lines: ["Program log: Instruction: MintTo"], units: 4_492 });
  const ev = makeCreateEvent({
    name: args.name,
    symbol: args.symbol,
    uri: args.uri,
    mint,
    bondingCurve,
    user,
    creator: args.creator,
    timestamp: BigInt(ctx.blockTime),
    virtualTokenReserves: curve.virtualTokenReserves,
    virtualSolReserves: curve.virtualSolReserves,
    realTokenReserves: curve.realTokenReserves,
    tokenTotalSupply: curve.tokenTotalSupply,
    tokenProgram,
    isMayhemMode: v2args?.isMayhemMode ?? false,
    isCashbackEnabled: v2args?.isCashbackEnabled ?? false,
    quoteMint: SYSTEM_PROGRAM_ID,
    virtualQuoteReserves: 0n,
    creatorFeeBps: v2args?.creatorFeeBps ?? 0n,
    isHolderReward: v2args?.isHolderReward ?? false,
  });
  trace.emit(encodeCreateEvent(ev, "2026"));
  ctx.effects.push({ kind: "create", mint, creator: args.creator, bondingCurve });
  return { ok: true, units: 60_000 + trace.consumed() };
}
