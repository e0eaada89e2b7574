/**
 * pump.fun event shapes and their Borsh layouts (IDL order; docs/wire-format.md "Events").
 * Pubkeys are base58 strings, u64/i64 bigint, bools boolean. Fields the bytes did not hold carry
 * defaults (0n, false, "", the all-zero pubkey, []); `truncatedAt` names the first of them.
 */
import { f, type Field, type Shareholder } from "./layout.ts";

export type { Shareholder } from "./layout.ts";

/** What every decoded event says about its bytes. */
export interface EventLayoutInfo {
  /** Payload bytes after the 8-byte discriminator (as `_len` in the vectors; e.g. 121, 217, 258). */
  layoutBytes: number;
  /** IDL name of the first field the bytes did not hold, or null when every known field was present. */
  truncatedAt: string | null;
  /** Bytes after the last whole field (a newer layout we do not know yet); re-emitted by the encoder. */
  extra: Uint8Array;
}

/** A token launch (`create` / `create_v2`). Mandatory: name .. user (the 2024 layout ends there). */
export interface CreateEvent extends EventLayoutInfo {
  kind: "create";
  name: string;
  symbol: string;
  uri: string;
  mint: string;
  bondingCurve: string;
  user: string;
  creator: string;
  timestamp: bigint;
  virtualTokenReserves: bigint;
  virtualSolReserves: bigint;
  realTokenReserves: bigint;
  tokenTotalSupply: bigint;
  tokenProgram: string;
  isMayhemMode: boolean;
  isCashbackEnabled: boolean;
  quoteMint: string;
  virtualQuoteReserves: bigint;
  creatorFeeBps: bigint;
  isHolderReward: boolean;
}

/** A buy or sell on the curve; reserves are AFTER the trade. Mandatory: mint .. real_token_reserves. */
export interface TradeEvent extends EventLayoutInfo {
  kind: "trade";
  mint: string;
  /** Lamports that moved on the curve, fees excluded. */
  solAmount: bigint;
  tokenAmount: bigint;
  isBuy: boolean;
  user: string;
  timestamp: bigint;
  virtualSolReserves: bigint;
  virtualTokenReserves: bigint;
  realSolReserves: bigint;
  realTokenReserves: bigint;
  feeRecipient: string;
  feeBasisPoints: bigint;
  fee: bigint;
  creator: string;
  creatorFeeBasisPoints: bigint;
  creatorFee: bigint;
  trackVolume: boolean;
  totalUnclaimedTokens: bigint;
  totalClaimedTokens: bigint;
  currentSolVolume: bigint;
  lastUpdateTimestamp: bigint;
  ixName: string;
  mayhemMode: boolean;
  cashbackFeeBasisPoints: bigint;
  cashback: bigint;
  buybackFeeBasisPoints: bigint;
  buybackFee: bigint;
  shareholders: Shareholder[];
  quoteMint: string;
  quoteAmount: bigint;
  virtualQuoteReserves: bigint;
  realQuoteReserves: bigint;
}

/** The curve sold out. Mandatory: user, mint, bonding_curve. */
export interface CompleteEvent extends EventLayoutInfo {
  kind: "complete";
  user: string;
  mint: string;
  bondingCurve: string;
  timestamp: bigint;
  quoteMint: string;
}

/** The completed curve's liquidity moved to PumpSwap. Mandatory: user, mint. */
export interface MigrationEvent extends EventLayoutInfo {
  kind: "migration";
  user: string;
  mint: string;
  mintAmount: bigint;
  solAmount: bigint;
  poolMigrationFee: bigint;
  bondingCurve: string;
  timestamp: bigint;
  pool: string;
  quoteMint: string;
}

/** Any pump.fun event this codec knows, discriminated on `kind`. */
export type PumpEvent = CreateEvent | TradeEvent | CompleteEvent | MigrationEvent;

/** CreateEvent layout; the fields before index CREATE_MANDATORY are mandatory. */
export const CREATE_FIELDS: readonly Field[] = [
  f("name", "string"),
  f("symbol", "string"),
  f("uri", "string"),
  f("mint", "pubkey"),
  f("bonding_curve", "pubkey"),
  f("user", "pubkey"),
  f("creator", "pubkey"),
  f("timestamp", "i64"),
  f("virtual_token_reserves", "u64"),
  f("virtual_sol_reserves", "u64"),
  f("real_token_reserves", "u64"),
  f("token_total_supply", "u64"),
  f("token_program", "pubkey"),
  f("is_mayhem_mode", "bool"),
  f("is_cashback_enabled", "bool"),
  f("quote_mint", "pubkey"),
  f("virtual_quote_reserves", "u64"),
  f("creator_fee_bps", "u64"),
  f("is_holder_reward", "bool"),
];
/** Fields a CreateEvent must hold (through `user`). */
export const CREATE_MANDATORY = 6;
/** Field counts of the CreateEvent layouts seen on mainnet. */
export const CREATE_LAYOUTS = { "2024": 6, "2025": 12, "2026": CREATE_FIELDS.length } as const;
/** A CreateEvent layout name. */
export type CreateLayout = keyof typeof CREATE_LAYOUTS;

/** TradeEvent layout (fixed offsets up to `last_update_timestamp`, then variable). */
export const TRADE_FIELDS: readonly Field[] = [
  f("mint", "pubkey"),
  f("sol_amount", "u64"),
  f("token_amount", "u64"),
  f("is_buy", "bool"),
  f("user", "pubkey"),
  f("timestamp", "i64"),
  f("virtual_sol_reserves", "u64"),
  f("virtual_token_reserves", "u64"),
  f("real_sol_reserves", "u64"),
  f("real_token_reserves", "u64"),
  f("fee_recipient", "pubkey"),
  f("fee_basis_points", "u64"),
  f("fee", "u64"),
  f("creator", "pubkey"),
  f("creator_fee_basis_points", "u64"),
  f("creator_fee", "u64"),
  f("track_volume", "bool"),
  f("total_unclaimed_tokens", "u64"),
  f("total_claimed_tokens", "u64"),
  f("current_sol_volume", "u64"),
  f("last_update_timestamp", "i64"),
  f("ix_name", "string"),
  f("mayhem_mode", "bool"),
  f("cashback_fee_basis_points", "u64"),
  f("cashback", "u64"),
  f("buyback_fee_basis_points", "u64"),
  f("buyback_fee", "u64"),
  f("shareholders", "shareholders"),
  f("quote_mint", "pubkey"),
  f("quote_amount", "u64"),
  f("virtual_quote_reserves", "u64"),
  f("real_quote_reserves", "u64"),
];
/** Fields a TradeEvent must hold (through `real_token_reserves`: 121 bytes). */
export const TRADE_MANDATORY = 10;
/** Field counts of the TradeEvent layouts: 2024 = 121 B, 2025 = 217 B, 2026 = through mayhem_mode. */
export const TRADE_LAYOUTS = { "2024": 10, "2025": 16, "2026": 23, full: TRADE_FIELDS.length } as const;
/** A TradeEvent layout name. */
export type TradeLayout = keyof typeof TRADE_LAYOUTS;

/** CompleteEvent layout. */
export const COMPLETE_FIELDS: readonly Field[] = [
  f("user", "pubkey"),
  f("mint", "pubkey"),
  f("bonding_curve", "pubkey"),
  f("timestamp", "i64"),
  f("quote_mint", "pubkey"),
];
/** Fields a CompleteEvent must hold. */
export const COMPLETE_MANDATORY = 3;

/** CompletePumpAmmMigrationEvent layout. */
export const MIGRATION_FIELDS: readonly Field[] = [
  f("user", "pubkey"),
  f("mint", "pubkey"),
  f("mint_amount", "u64"),
  f("sol_amount", "u64"),
  f("pool_migration_fee", "u64"),
  f("bonding_curve", "pubkey"),
  f("timestamp", "i64"),
  f("pool", "pubkey"),
  f("quote_mint", "pubkey"),
];
/** Fields a migration event must hold. */
export const MIGRATION_MANDATORY = 2;
