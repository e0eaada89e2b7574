/**
 * pump.fun account data: BondingCurve and Global. Missing trailing fields read as zero/false; bytes past
 * the known fields are kept in `extra` so encode(decode(data)) == data.
 */
import { DISC, DISC_KEY, discKey } from "./constants.ts";
import { Reader } from "./codec.ts";
import { PumpDecodeError, PumpEncodeError } from "./errors.ts";
import { defaults, encodeStruct, f, fieldIndex, readFields, type Field } from "./layout.ts";

/** What a decoded account says about its bytes. */
export interface AccountLayoutInfo {
  /** Whole account data length, discriminator included (49, 81, ..., 150 for curves). */
  dataLength: number;
  /** IDL name of the first field the data did not hold, or null. */
  truncatedAt: string | null;
  /** Bytes after the last whole field (usually zero padding). */
  extra: Uint8Array;
}

/** A bonding curve account (reserves as they are now). */
export interface BondingCurve extends AccountLayoutInfo {
  virtualTokenReserves: bigint;
  virtualSolReserves: bigint;
  realTokenReserves: bigint;
  realSolReserves: bigint;
  tokenTotalSupply: bigint;
  complete: boolean;
  creator: string;
  isMayhemMode: boolean;
  isCashbackCoin: boolean;
  /** All-zero pubkey = SOL. */
  quoteMint: string;
  creatorFeeBps: bigint;
  canEditCreatorFee: boolean;
  isHolderReward: boolean;
}

/** The pump.fun Global account (launch parameters and fees). */
export interface Global extends AccountLayoutInfo {
  initialized: boolean;
  authority: string;
  feeRecipient: string;
  initialVirtualTokenReserves: bigint;
  initialVirtualSolReserves: bigint;
  initialRealTokenReserves: bigint;
  tokenTotalSupply: bigint;
  feeBasisPoints: bigint;
  withdrawAuthority: string;
  enableMigrate: boolean;
  poolMigrationFee: bigint;
  creatorFeeBasisPoints: bigint;
  feeRecipients: string[];
  setCreatorAuthority: string;
  adminSetCreatorAuthority: string;
  createV2Enabled: boolean;
  whitelistPda: string;
  reservedFeeRecipient: string;
}

/** BondingCurve layout (offsets with the discriminator: see wire-format.md). */
export const BONDING_CURVE_FIELDS: readonly Field[] = [
  f("virtual_token_reserves", "u64"),
  f("virtual_sol_reserves", "u64"),
  f("real_token_reserves", "u64"),
  f("real_sol_reserves", "u64"),
  f("token_total_supply", "u64"),
  f("complete", "bool"),
  f("creator", "pubkey"),
  f("is_mayhem_mode", "bool"),
  f("is_cashback_coin", "bool"),
  f("quote_mint", "pubkey"),
  f("creator_fee_bps", "u64"),
  f("can_edit_creator_fee", "bool"),
  f("is_holder_reward", "bool"),
];
/** Fields a bonding curve must hold (49 bytes: through `complete`). */
const CURVE_MANDATORY = 6;

const FEE_RECIPIENT_SLOTS = 7;
const GLOBAL_HEAD: readonly Field[] = [
  f("initialized", "bool"),
  f("authority", "pubkey"),
  f("fee_recipient", "pubkey"),
  f("initial_virtual_token_reserves", "u64"),
  f("initial_virtual_sol_reserves", "u64"),
  f("initial_real_token_reserves", "u64"),
  f("token_total_supply", "u64"),
  f("fee_basis_points", "u64"),
  f("withdraw_authority", "pubkey"),
  f("enable_migrate", "bool"),
  f("pool_migration_fee", "u64"),
  f("creator_fee_basis_points", "u64"),
];
/** Global layout: `fee_recipients: [pubkey; 7]` is spread into seven pubkey fields. */
export const GLOBAL_FIELDS: readonly Field[] = [
  ...GLOBAL_HEAD,
  ...Array.from({ length: FEE_RECIPIENT_SLOTS }, (_, i) => ({ name: "fee_recipients", key: `feeRecipients.${i}`, type: "pubkey" as const })),
  f("set_creator_authority", "pubkey"),
  f("admin_set_creator_authority", "pubkey"),
  f("create_v2_enabled", "bool"),
  f("whitelist_pda", "pubkey"),
  f("reserved_fee_recipient", "pubkey"),
];

function decodeAccount(
  data: Uint8Array,
  disc: bigint,
  what: string,
  fields: readonly Field[],
  mandatory: number,
): Record<string, unknown> {
  if (data.length < 8) throw new PumpDecodeError("truncated", `${what} shorter than its discriminator`, { bytes: data.length });
  if (discKey(data) !== disc) throw new PumpDecodeError("discriminator", `not a ${what} account`, { what });
  const out: Record<string, unknown> = { dataLength: data.length, truncatedAt: null, extra: new Uint8Array(0), ...defaults(fields) };
  const r = new Reader(data, 8);
  const count = readFields(r, fields, out);
  if (count < mandatory) throw new PumpDecodeError("truncated", `${what} account too short`, { bytes: data.length });
  out.truncatedAt = count < fields.length ? fields[count]!.name : null;
  if (r.left > 0) out.extra = r.rest();
  return out;
}

/** Decodes bonding curve account data (any of the lengths seen: 49 .. 151). */
export function decodeBondingCurve(data: Uint8Array): BondingCurve {
  return decodeAccount(data, DISC_KEY.bondingCurve, "BondingCurve", BONDING_CURVE_FIELDS, CURVE_MANDATORY) as unknown as BondingCurve;
}

/**
 * Encodes a bonding curve. `length` (whole data, discriminator included) picks how many fields to
 * write (zero-padded past the last whole one); without it, the curve's own layout and `extra`.
 */
export function encodeBondingCurve(curve: Omit<BondingCurve, keyof AccountLayoutInfo> & Partial<AccountLayoutInfo>, length?: number): Uint8Array {
  const src = curve as unknown as Record<string, unknown>;
  if (length === undefined) {
    const count = fieldIndex(BONDING_CURVE_FIELDS, curve.truncatedAt ?? null);
    return encodeStruct(DISC.bondingCurve, BONDING_CURVE_FIELDS, src, count, curve.extra, curve.dataLength ?? 0);
  }
  let count = 0;
  let size = 8;
  const sizes = [8, 8, 8, 8, 8, 1, 32, 1, 1, 32, 8, 1, 1];
  while (count < sizes.length && size + sizes[count]! <= length) size += sizes[count++]!;
  if (count < CURVE_MANDATORY) throw new PumpEncodeError("bonding curve length below 49", { length });
  return encodeStruct(DISC.bondingCurve, BONDING_CURVE_FIELDS, src, count, undefined, length);
}

/** Decodes the Global account. */
export function decodeGlobal(data: Uint8Array): Global {
  const out = decodeAccount(data, DISC_KEY.global, "Global", GLOBAL_FIELDS, 1);
  const feeRecipients: string[] = [];
  for (let i = 0; i < FEE_RECIPIENT_SLOTS; i++) {
    feeRecipients.push(out[`feeRecipients.${i}`] as string);
    delete out[`feeRecipients.${i}`];
  }
  out.feeRecipients = feeRecipients;
  return out as unknown as Global;
}

/** Encodes the Global account in its own layout (fields held + `extra`, at least `dataLength` bytes). */
export function encodeGlobal(global: Omit<Global, keyof AccountLayoutInfo> & Partial<AccountLayoutInfo>): Uint8Array {
  const src: Record<string, unknown> = { ...global };
  for (let i = 0; i < FEE_RECIPIENT_SLOTS; i++) src[`feeRecipients.${i}`] = global.feeRecipients[i] ?? "11111111111111111111111111111111";
  const count = fieldIndex(GLOBAL_FIELDS, global.truncatedAt ?? null);
  return encodeStruct(DISC.global, GLOBAL_FIELDS, src, count, global.extra, global.dataLength ?? 0);
}
