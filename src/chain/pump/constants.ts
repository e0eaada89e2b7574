/**
 * Program ids, fixed accounts and discriminators of pump.fun, as in docs/wire-format.md
 * (each fixed PDA is re-derived and checked in tests/chain/pda.test.ts).
 */
import { PublicKey } from "@solana/web3.js";
import { readU64 } from "../little-endian.ts";

/** The pump.fun bonding-curve program. */
export const PUMP_PROGRAM_ID = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
/** The pump fee program (fee tiers, CPI `GetFees`). */
export const PUMP_FEE_PROGRAM_ID = "pfeeUxB6jkeY1Hxd7CsFCAjcbHA9rWtchMGdZ6VojVZ";
/** PumpSwap AMM, where completed curves migrate. */
export const PUMP_AMM_PROGRAM_ID = "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA";
/** Global PDA `["global"]`. */
export const PUMP_GLOBAL = "4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf";
/** Mint authority PDA `["mint-authority"]`. */
export const PUMP_MINT_AUTHORITY = "TSLvdd1pWpHVjahSpsvCXUbgwsL3JAcvokwaKt1eokM";
/** Event authority PDA `["__event_authority"]`. */
export const PUMP_EVENT_AUTHORITY = "Ce6TQqeHC9p8KetsN6JsjHK7UTZk7nasjjnr7XxXp9F1";
/** Global volume accumulator PDA `["global_volume_accumulator"]`. */
export const PUMP_GLOBAL_VOLUME_ACCUMULATOR = "Hq2wp8uJ9jCPsYgNHex8RtqdvMPfVGoYwjvF1ATiwn2Y";
/** Fee config: fee-program PDA `["fee_config", pumpProgramId]`. */
export const PUMP_FEE_CONFIG = "8Wf5TiAheLUqBrKXeYg2JtAFFMWtKdG2BSFgqUcPVwTt";
/** Metaplex token metadata program (create). */
export const METAPLEX_METADATA_PROGRAM_ID = "metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s";
/** SPL Token program (mints from `create`). */
export const TOKEN_PROGRAM_ID = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
/** Token-2022 program (mints from `create_v2`). */
export const TOKEN_2022_PROGRAM_ID = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";
/** Associated token account program. */
export const ASSOCIATED_TOKEN_PROGRAM_ID = "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL";
/** Compute budget program. */
export const COMPUTE_BUDGET_PROGRAM_ID = "ComputeBudget111111111111111111111111111111";
/** System program (also the all-zero pubkey: the default for absent pubkey fields). */
export const SYSTEM_PROGRAM_ID = "11111111111111111111111111111111";
/** Rent sysvar (create). */
export const RENT_SYSVAR_ID = "SysvarRent111111111111111111111111111111111";

/** `PublicKey` twin of {@link PUMP_PROGRAM_ID}. */
export const PUMP_PROGRAM_ID_KEY = new PublicKey(PUMP_PROGRAM_ID);
/** `PublicKey` twin of {@link PUMP_FEE_PROGRAM_ID}. */
export const PUMP_FEE_PROGRAM_ID_KEY = new PublicKey(PUMP_FEE_PROGRAM_ID);
/** `PublicKey` twin of {@link PUMP_AMM_PROGRAM_ID}. */
export const PUMP_AMM_PROGRAM_ID_KEY = new PublicKey(PUMP_AMM_PROGRAM_ID);
/** `PublicKey` twin of {@link PUMP_GLOBAL}. */
export const PUMP_GLOBAL_KEY = new PublicKey(PUMP_GLOBAL);
/** `PublicKey` twin of {@link PUMP_MINT_AUTHORITY}. */
export const PUMP_MINT_AUTHORITY_KEY = new PublicKey(PUMP_MINT_AUTHORITY);
/** `PublicKey` twin of {@link PUMP_EVENT_AUTHORITY}. */
export const PUMP_EVENT_AUTHORITY_KEY = new PublicKey(PUMP_EVENT_AUTHORITY);
/** `PublicKey` twin of {@link PUMP_GLOBAL_VOLUME_ACCUMULATOR}. */
export const PUMP_GLOBAL_VOLUME_ACCUMULATOR_KEY = new PublicKey(PUMP_GLOBAL_VOLUME_ACCUMULATOR);
/** `PublicKey` twin of {@link PUMP_FEE_CONFIG}. */
export const PUMP_FEE_CONFIG_KEY = new PublicKey(PUMP_FEE_CONFIG);
/** `PublicKey` twin of {@link TOKEN_PROGRAM_ID}. */
export const TOKEN_PROGRAM_ID_KEY = new PublicKey(TOKEN_PROGRAM_ID);
/** `PublicKey` twin of {@link TOKEN_2022_PROGRAM_ID}. */
export const TOKEN_2022_PROGRAM_ID_KEY = new PublicKey(TOKEN_2022_PROGRAM_ID);
/** `PublicKey` twin of {@link ASSOCIATED_TOKEN_PROGRAM_ID}. */
export const ASSOCIATED_TOKEN_PROGRAM_ID_KEY = new PublicKey(ASSOCIATED_TOKEN_PROGRAM_ID);
/** `PublicKey` twin of {@link COMPUTE_BUDGET_PROGRAM_ID}. */
export const COMPUTE_BUDGET_PROGRAM_ID_KEY = new PublicKey(COMPUTE_BUDGET_PROGRAM_ID);
/** `PublicKey` twin of {@link SYSTEM_PROGRAM_ID}. */
export const SYSTEM_PROGRAM_ID_KEY = new PublicKey(SYSTEM_PROGRAM_ID);

function hex(h: string): Uint8Array {
  return Uint8Array.from(Buffer.from(h, "hex"));
}

/** 8-byte Anchor discriminators: events, accounts, instructions and the self-CPI event prefix. */
export const DISC = {
  createEvent: hex("1b72a94ddeeb6376"),
  tradeEvent: hex("bddb7fd34ee661ee"),
  completeEvent: hex("5f72619cd42e9808"),
  migrationEvent: hex("bde95db95c94ea94"),
  bondingCurve: hex("17b7f83760d8ac60"),
  global: hex("a7e8e8b1c86c727f"),
  create: hex("181ec828051c0777"),
  createV2: hex("d6904cec5f8b31b4"),
  buy: hex("66063d1201daebea"),
  buyExactSolIn: hex("38fc74089edfcd5f"),
  sell: hex("33e685a4017f83ad"),
  /** Prefix of the inner instruction Anchor's `emit_cpi!` sends to the event authority. */
  eventCpi: hex("e445a52e51cb9a1d"),
} as const;

/** Reads the first 8 bytes as a little-endian u64 bigint: a cheap key for discriminator switches. */
export function discKey(bytes: Uint8Array, offset = 0): bigint {
  if (offset < 0 || offset + 8 > bytes.length) throw new RangeError("discriminator outside the bytes");
  return readU64(bytes, offset);
}

/** Discriminators as u64 keys (see {@link discKey}). */
export const DISC_KEY = {
  createEvent: discKey(DISC.createEvent),
  tradeEvent: discKey(DISC.tradeEvent),
  completeEvent: discKey(DISC.completeEvent),
  migrationEvent: discKey(DISC.migrationEvent),
  bondingCurve: discKey(DISC.bondingCurve),
  global: discKey(DISC.global),
  create: discKey(DISC.create),
  createV2: discKey(DISC.createV2),
  buy: discKey(DISC.buy),
  buyExactSolIn: discKey(DISC.buyExactSolIn),
  sell: discKey(DISC.sell),
  eventCpi: discKey(DISC.eventCpi),
} as const;
