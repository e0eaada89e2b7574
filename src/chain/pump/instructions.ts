/**
 * pump.fun instruction builders: buy / buy_exact_sol_in / sell with the exact account orders of
 * wire-format.md, and create / create_v2 data (decoding is in instruction-decoder.ts). `*Raw` variants
 * return plain data for the fast transaction builder; `build*` return web3.js TransactionInstructions.
 */
import type { TransactionInstruction } from "@solana/web3.js";
import { meta, toTransactionInstruction, type RawAccountMeta, type RawInstruction } from "../raw-ix.ts";
import {
  DISC,
  PUMP_EVENT_AUTHORITY,
  PUMP_FEE_CONFIG,
  PUMP_FEE_PROGRAM_ID,
  PUMP_GLOBAL,
  PUMP_GLOBAL_VOLUME_ACCUMULATOR,
  PUMP_PROGRAM_ID,
  SYSTEM_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from "./constants.ts";
import { Writer, stringSize } from "./codec.ts";
import {
  deriveAssociatedTokenAddress,
  deriveBondingCurve,
  deriveCreatorVault,
  deriveUserVolumeAccumulator,
  type KeyLike,
} from "./pda.ts";

/** Accounts shared by buy, buy_exact_sol_in and sell; derived ones may be passed to skip derivation. */
export interface PumpTradeAccountsParams {
  mint: KeyLike;
  user: KeyLike;
  /** The curve's creator (from the CreateEvent / BondingCurve): its vault receives the creator fee. */
  creator: KeyLike;
  /** SPL Token (`create`, default) or Token-2022 (`create_v2`). */
  tokenProgram?: KeyLike;
  /** Protocol fee recipient (one of Global.feeRecipients). */
  feeRecipient: KeyLike;
  bondingCurve?: KeyLike;
  associatedBondingCurve?: KeyLike;
  associatedUser?: KeyLike;
  /** Appended after the fixed accounts (newer SDKs: bonding-curve-v2, buyback fee recipient). */
  remainingAccounts?: RawAccountMeta[];
}

/** buy: exactly `amount` tokens for at most `maxSolCost` lamports (fees included). */
export interface BuyParams extends PumpTradeAccountsParams {
  amount: bigint;
  maxSolCost: bigint;
  /** Default false (25-byte data); null writes the 24-byte pre-Aug-2025 form. */
  trackVolume?: boolean | null;
}

/** buy_exact_sol_in: spend `spendableSolIn` lamports (fees included), at least `minTokensOut` tokens. */
export interface BuyExactSolInParams extends PumpTradeAccountsParams {
  spendableSolIn: bigint;
  minTokensOut: bigint;
  trackVolume?: boolean | null;
}

/** sell: `amount` tokens for at least `minSolOutput` lamports (after fees). */
export interface SellParams extends PumpTradeAccountsParams {
  amount: bigint;
  minSolOutput: bigint;
}

const s = (k: KeyLike): string => (typeof k === "string" ? k : k.toBase58());

interface Resolved {
  mint: string;
  user: string;
  tokenProgram: string;
  feeRecipient: string;
  bondingCurve: string;
  associatedBondingCurve: string;
  associatedUser: string;
  creatorVault: string;
}

function resolve(p: PumpTradeAccountsParams): Resolved {
  const mint = s(p.mint);
  const user = s(p.user);
  const tokenProgram = p.tokenProgram ? s(p.tokenProgram) : TOKEN_PROGRAM_ID;
  const bondingCurve = p.bondingCurve ? s(p.bondingCurve) : deriveBondingCurve(mint).address;
  return {
    mint,
    user,
    tokenProgram,
    feeRecipient: s(p.feeRecipient),
    bondingCurve,
    associatedBondingCurve: p.associatedBondingCurve
      ? s(p.associatedBondingCurve)
      : deriveAssociatedTokenAddress(bondingCurve, mint, tokenProgram).address,
    associatedUser: p.associatedUser ? s(p.associatedUser) : deriveAssociatedTokenAddress(user, mint, tokenProgram).address,
    creatorVault: deriveCreatorVault(s(p.creator)).address,
  };
}

function buyKeys(a: Resolved, extra: RawAccountMeta[] | undefined): RawAccountMeta[] {
  const keys = [
    meta(PUMP_GLOBAL, false),
    meta(a.feeRecipient, true),
    meta(a.mint, false),
    meta(a.bondingCurve, true),
    meta(a.associatedBondingCurve, true),
    meta(a.associatedUser, true),
    meta(a.user, true, true),
    meta(SYSTEM_PROGRAM_ID, false),
    meta(a.tokenProgram, false),
    meta(a.creatorVault, true),
    meta(PUMP_EVENT_AUTHORITY, false),
    meta(PUMP_PROGRAM_ID, false),
    // Writable on the mainnet buys we checked (pump.ix.buy vector).
    meta(PUMP_GLOBAL_VOLUME_ACCUMULATOR, true),
    meta(deriveUserVolumeAccumulator(a.user).address, true),
    meta(PUMP_FEE_CONFIG, false),
    meta(PUMP_FEE_PROGRAM_ID, false),
  ];
  if (extra) keys.push(...extra);
  return keys;
}

function twoU64(disc: Uint8Array, a: bigint, b: bigint, flag: boolean | null | undefined): Uint8Array {
  const w = new Writer(flag === null ? 24 : 25);
  w.raw(disc).u64(a).u64(b);
  if (flag !== null) w.bool(flag ?? false);
  return w.bytes;
}

/** buy as plain data (16 accounts). */
export function buyInstructionRaw(p: BuyParams): RawInstruction {
  return { programId: PUMP_PROGRAM_ID, keys: buyKeys(resolve(p), p.remainingAccounts), data: twoU64(DISC.buy, p.amount, p.maxSolCost, p.trackVolume) };
}

/** buy_exact_sol_in as plain data (16 accounts, same order as buy). */
export function buyExactSolInInstructionRaw(p: BuyExactSolInParams): RawInstruction {
  return {
    programId: PUMP_PROGRAM_ID,
    keys: buyKeys(resolve(p), p.remainingAccounts),
    data: twoU64(DISC.buyExactSolIn, p.spendableSolIn, p.minTokensOut, p.trackVolume),
  };
}

/** sell as plain data (14 accounts; creator_vault before token_program, the reverse of buy). */
export function sellInstructionRaw(p: SellParams): RawInstruction {
  const a = resolve(p);
  const keys = [
    meta(PUMP_GLOBAL, false),
    meta(a.feeRecipient, true),
    meta(a.mint, false),
    meta(a.bondingCurve, true),
    meta(a.associatedBondingCurve, true),
    meta(a.associatedUser, true),
    meta(a.user, true, true),
    meta(SYSTEM_PROGRAM_ID, false),
    meta(a.creatorVault, true),
    meta(a.tokenProgram, false),
    meta(PUMP_EVENT_AUTHORITY, false),
    meta(PUMP_PROGRAM_ID, false),
    meta(PUMP_FEE_CONFIG, false),
    meta(PUMP_FEE_PROGRAM_ID, false),
  ];
  if (p.remainingAccounts) keys.push(...p.remainingAccounts);
  return { programId: PUMP_PROGRAM_ID, keys, data: twoU64(DISC.sell, p.amount, p.minSolOutput, null) };
}

/** The pump.fun buy instruction. */
export function buildBuyInstruction(p: BuyParams): TransactionInstruction {
  return toTransactionInstruction(buyInstructionRaw(p));
}

/** The pump.fun buy_exact_sol_in instruction. */
export function buildBuyExactSolInInstruction(p: BuyExactSolInParams): TransactionInstruction {
  return toTransactionInstruction(buyExactSolInInstructionRaw(p));
}

/** The pump.fun sell instruction. */
export function buildSellInstruction(p: SellParams): TransactionInstruction {
  return toTransactionInstruction(sellInstructionRaw(p));
}

/** Arguments of create / create_v2. */
export interface CreateArgs {
  name: string;
  symbol: string;
  uri: string;
  creator: string;
}

/** Extra arguments of create_v2 (one-byte "option" structs; absent ones read as false / 0). */
export interface CreateV2Args extends CreateArgs {
  isMayhemMode: boolean;
  isCashbackEnabled: boolean;
  creatorFeeBps: bigint;
  isHolderReward: boolean;
}

/** Instruction data of `create`. */
export function encodeCreateData(a: CreateArgs): Uint8Array {
  const w = new Writer(8 + stringSize(a.name) + stringSize(a.symbol) + stringSize(a.uri) + 32);
  return w.raw(DISC.create).string(a.name).string(a.symbol).string(a.uri).pubkey(a.creator).bytes;
}

/** Instruction data of `create_v2`. */
export function encodeCreateV2Data(a: CreateV2Args): Uint8Array {
  const w = new Writer(8 + stringSize(a.name) + stringSize(a.symbol) + stringSize(a.uri) + 32 + 11);
  w.raw(DISC.createV2).string(a.name).string(a.symbol).string(a.uri).pubkey(a.creator);
  return w.bool(a.isMayhemMode).bool(a.isCashbackEnabled).u64(a.creatorFeeBps).bool(a.isHolderReward).bytes;
}
