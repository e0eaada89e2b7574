import bs58 from "bs58";
import { createAtaIdempotentRaw } from "../../chain/ata.ts";
import {
  buyExactSolInInstructionRaw,
  buyInstructionRaw,
  deriveBondingCurve,
  encodeCreateData,
  encodeCreateV2Data,
  sellInstructionRaw,
} from "../../chain/pump/index.ts";
import { meta, type RawInstruction } from "../../chain/raw-ix.ts";
import {
  ASSOCIATED_TOKEN_PROGRAM_ID,
  METAPLEX_METADATA_PROGRAM_ID,
  PUMP_EVENT_AUTHORITY,
  PUMP_GLOBAL,
  PUMP_MINT_AUTHORITY,
  PUMP_PROGRAM_ID,
  RENT_SYSVAR_ID,
  SYSTEM_PROGRAM_ID,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from "../chain.ts";
import type { SimEffect } from "../exec/context.ts";
import type { CurveView, LaunchParams, LaunchResult, SimClusterApi, TradeParams, TradeResult } from "../hooks.ts";
import type { Scheduler } from "../ledger/scheduler.ts";
import { addTokens, ataAddress, tokenAmountOf } from "../ledger/tokens.ts";
import type { ParsedTx } from "../exec/parse.ts";
import { BoundedMap, writeU64 } from "../fast.ts";
import { readCurve } from "../pump/event-bytes.ts";
import { bondingCurveOf } from "../pump/pdas.ts";
import { compileSynthetic } from "./synthetic.ts";
import { metadataPda } from "../pump/create.ts";
import { FEE_RECIPIENT, PUMP_FEES } from "../pump/genesis.ts";
import { buyCostForTokens } from "../../domain/curve.ts";
import type { SimChain } from "./sim-chain.ts";

const U64_MAX = 2n ** 64n - 1n;
/** Default bound on cached trade shapes (one per recent trader and mint). */
export const DEFAULT_MAX_TRADE_SHAPES = 50_000;

/** What stays the same between trades of one (kind, trader, mint): the compiled message but data and signature. */
interface TradeShape {
  creator: string;
  tokenProgram: string;
  bondingCurve: string;
  associatedUser: string;
  tx: ParsedTx;
}

/** What a simulated trader keeps on top of a buy for fees and rent. */
const FEE_MARGIN = 10_000_000n;

function tradeOf(effects: SimEffect[]): Extract<SimEffect, { kind: "trade" }> | undefined {
  return effects.find((e): e is Extract<SimEffect, { kind: "trade" }> => e.kind === "trade");
}

function createIx(mint: string, creator: string, p: LaunchParams): RawInstruction {
  const v2 = p.tokenProgram === "token-2022";
  const tokenProgram = v2 ? TOKEN_2022_PROGRAM_ID : TOKEN_PROGRAM_ID;
  const bondingCurve = deriveBondingCurve(mint).address;
  const args = { name: p.name, symbol: p.symbol, uri: p.uri, creator };
  return {
    programId: PUMP_PROGRAM_ID,
    keys: [
      meta(mint, true, true),
      meta(PUMP_MINT_AUTHORITY, false),
      meta(bondingCurve, true),
      meta(ataAddress(bondingCurve, mint, tokenProgram), true),
      meta(PUMP_GLOBAL, false),
      meta(METAPLEX_METADATA_PROGRAM_ID, false),
      meta(metadataPda(mint), true),
      meta(creator, true, true),
      meta(SYSTEM_PROGRAM_ID, false),
      meta(tokenProgram, false),
      meta(ASSOCIATED_TOKEN_PROGRAM_ID, false),
      meta(RENT_SYSVAR_ID, false),
      meta(PUMP_EVENT_AUTHORITY, false),
      meta(PUMP_PROGRAM_ID, false),
    ],
    data: v2
      ? encodeCreateV2Data({ ...args, isMayhemMode: false, isCashbackEnabled: false, creatorFeeBps: 0n, isHolderReward: false })
      : encodeCreateData(args),
  };
}

/** The cluster API the market model (and tests) use: launches and trades land as real-format transactions. */
export function createClusterApi(chain: SimChain, scheduler: Scheduler, maxTradeShapes = DEFAULT_MAX_TRADE_SHAPES): SimClusterApi {
  const ledger = chain.ledger;
  const ensureFunds = (who: string, need: bigint): void => {
    const have = ledger.accounts.lamports(who);
    if (have < need) ledger.accounts.credit(who, need - have);
  };
  const curve = (mint: string): CurveView | undefined => {
    const bondingCurve = bondingCurveOf(mint);
    const acc = ledger.accounts.get(bondingCurve);
    if (!acc || acc.owner !== PUMP_PROGRAM_ID) return undefined;
    const c = readCurve(acc.data);
    return {
      mint,
      bondingCurve,
      creator: c.creator,
      virtualSolReserves: c.virtualSolReserves,
      virtualTokenReserves: c.virtualTokenReserves,
      realSolReserves: c.realSolReserves,
      realTokenReserves: c.realTokenReserves,
      complete: c.complete,
    };
  };
  const tokenProgramOf = (mint: string): string => ledger.accounts.get(mint)?.owner ?? TOKEN_PROGRAM_ID;
  /** Compiled trades per (kind, trader, mint), reused with new arguments and a new signature. */
  const shapes = new BoundedMap<string, TradeShape>(maxTradeShapes);
  const fromShape = (t: ParsedTx, a: bigint, b: bigint): ParsedTx => {
    const ixs = t.instructions;
    const last = ixs[ixs.length - 1]!;
    const data = last.data.slice();
    writeU64(data, 8, a);
    writeU64(data, 16, b);
    const signatures: string[] = [];
    for (let i = 0; i < t.header.numRequiredSignatures; i++) signatures.push(chain.randomSignature());
    const instructions = ixs.slice();
    instructions[ixs.length - 1] = { programIdIndex: last.programIdIndex, accounts: last.accounts, data };
    return {
      signature: signatures[0]!,
      signatures,
      signatureBytes: [],
      messageBytes: t.messageBytes,
      header: t.header,
      accountKeys: t.accountKeys,
      recentBlockhash: ledger.slots.latestBlockhash(),
      instructions,
      version: t.version,
      keyIndex: t.keyIndex,
    };
  };

  return {
    launchToken(p: LaunchParams): LaunchResult {
      const mintBytes = new Uint8Array(32);
      for (let i = 0; i < 32; i++) mintBytes[i] = chain.rng.int(0, 255);
      const mint = bs58.encode(mintBytes);
      const tokenProgram = p.tokenProgram === "token-2022" ? TOKEN_2022_PROGRAM_ID : TOKEN_PROGRAM_ID;
      const dev = p.devBuyLamports ?? 0n;
      ensureFunds(p.creator, 100_000_000n + dev);
      const ixs: RawInstruction[] = [createIx(mint, p.creator, p)];
      if (dev > 0n) {
        ixs.push(createAtaIdempotentRaw({ payer: p.creator, owner: p.creator, mint, tokenProgram }));
        ixs.push(
          buyExactSolInInstructionRaw({ mint, user: p.creator, creator: p.creator, tokenProgram, feeRecipient: FEE_RECIPIENT, spendableSolIn: dev, minTokensOut: 0n }),
        );
      }
      const { record, effects } = chain.landSynthetic(p.creator, ixs);
      if (record.err !== null) throw new Error(`launch failed: ${JSON.stringify(record.err)}`);
      return {
        mint,
        bondingCurve: deriveBondingCurve(mint).address,
        signature: record.signature,
        slot: record.slot,
        devTokens: tradeOf(effects)?.tokenAmount ?? 0n,
      };
    },

    trade(p: TradeParams): TradeResult {
      const kind = p.side === "sell" ? "s" : p.lamports !== undefined ? "l" : "t";
      const shapeKey = kind + p.trader + p.mint;
      let shape = shapes.get(shapeKey);
      const bondingCurve = shape?.bondingCurve ?? bondingCurveOf(p.mint);
      const curveAcc = ledger.accounts.get(bondingCurve);
      if (!curveAcc || curveAcc.owner !== PUMP_PROGRAM_ID) return { ok: false, reason: "unknown mint" };
      const c = readCurve(curveAcc.data);
      if (c.complete) return { ok: false, reason: "curve complete" };
      const tokenProgram = tokenProgramOf(p.mint);
      if (shape && (shape.creator !== c.creator || shape.tokenProgram !== tokenProgram)) shape = undefined;
      // The instruction's two u64 arguments (its data is `discriminator ‖ a ‖ b [‖ track_volume]`).
      let a: bigint;
      let b: bigint;
      if (p.side === "buy") {
        if (p.lamports !== undefined) {
          ensureFunds(p.trader, p.lamports + FEE_MARGIN);
          a = p.lamports;
          b = 0n;
        } else if (p.tokens !== undefined) {
          const tokens = p.tokens < c.realTokenReserves ? p.tokens : c.realTokenReserves;
          ensureFunds(p.trader, buyCostForTokens(c, tokens, PUMP_FEES).total + FEE_MARGIN);
          a = p.tokens;
          b = U64_MAX;
        } else return { ok: false, reason: "buy needs lamports or tokens" };
      } else {
        if (p.tokens === undefined) return { ok: false, reason: "sell needs tokens" };
        const ata = ledger.accounts.get(shape?.associatedUser ?? ataAddress(p.trader, p.mint, tokenProgram));
        if (tokenAmountOf(ata) === undefined) return { ok: false, reason: "trader holds no tokens" };
        ensureFunds(p.trader, FEE_MARGIN);
        a = p.tokens;
        b = 0n;
      }
      let tx: ParsedTx;
      if (shape && a >= 0n && a <= U64_MAX) tx = fromShape(shape.tx, a, b);
      else {
        const common = { mint: p.mint, user: p.trader, creator: c.creator, tokenProgram, feeRecipient: FEE_RECIPIENT };
        const ixs: RawInstruction[] = [];
        if (kind === "l") {
          ixs.push(createAtaIdempotentRaw({ payer: p.trader, owner: p.trader, mint: p.mint, tokenProgram }));
          ixs.push(buyExactSolInInstructionRaw({ ...common, spendableSolIn: a, minTokensOut: b }));
        } else if (kind === "t") {
          ixs.push(createAtaIdempotentRaw({ payer: p.trader, owner: p.trader, mint: p.mint, tokenProgram }));
          ixs.push(buyInstructionRaw({ ...common, amount: a, maxSolCost: b }));
        } else ixs.push(sellInstructionRaw({ ...common, amount: a, minSolOutput: b }));
        tx = compileSynthetic(p.trader, ixs, ledger.slots.latestBlockhash(), () => chain.randomSignature());
        shapes.set(shapeKey, { creator: c.creator, tokenProgram, bondingCurve, associatedUser: ataAddress(p.trader, p.mint, tokenProgram), tx });
      }
      const { record, effects } = chain.landCompiled(tx);
      const t = tradeOf(effects);
      if (record.err !== null || !t) return { ok: false, reason: `transaction failed: ${JSON.stringify(record.err)}` };
      return {
        ok: true,
        signature: record.signature,
        slot: record.slot,
        solAmount: t.solAmount,
        tokenAmount: t.tokenAmount,
        complete: effects.some((e) => e.kind === "complete"),
      };
    },

    fund: (pubkey, lamports) => ledger.accounts.credit(pubkey, lamports),
    balance: (pubkey) => ledger.accounts.lamports(pubkey),
    tokenBalance(owner, mint) {
      return tokenAmountOf(ledger.accounts.get(ataAddress(owner, mint, tokenProgramOf(mint)))) ?? 0n;
    },
    transferTokens(from, to, mint, tokens) {
      const program = tokenProgramOf(mint);
      const stage = ledger.accounts.stage();
      const target = ataAddress(to, mint, program);
      if (tokens <= 0n || tokenAmountOf(stage.get(target)) === undefined) return false;
      if (!addTokens(stage, ataAddress(from, mint, program), -tokens) || !addTokens(stage, target, tokens)) return false;
      stage.commit();
      return true;
    },
    curve,
    now: () => ledger.clock.now(),
    currentSlot: () => ledger.slots.slot(),
    schedule: (ms, fn) => scheduler.after(ms, fn),
    onSlot: (fn) => ledger.onSlot(fn),
  };
}
