/**
 * Hand-written TradeEvent decoder for the listener's hot path: fixed offsets read straight from the
 * bytes (no DataView: see src/chain/little-endian.ts) into one object literal (one hidden class), the
 * variable tail (ix_name onwards) through the layout table. Produces exactly what the table-driven
 * decoder does (checked by a seeded test).
 */
import { ZERO_PUBKEY, Reader, pubkeyAt } from "./codec.ts";
import { PumpDecodeError } from "./errors.ts";
import { TRADE_FIELDS, type TradeEvent } from "./event-types.ts";
import { readFields } from "./layout.ts";
import { readI64, readU64 } from "../little-endian.ts";

const EMPTY = new Uint8Array(0);
/** End offset (discriminator included) of each fixed-offset field, in layout order (fields 0..20). */
const FIXED_ENDS = [40, 48, 56, 57, 89, 97, 105, 113, 121, 129, 161, 169, 177, 209, 217, 225, 226, 234, 242, 250, 258];
const TAIL_START = FIXED_ENDS.length;
const MANDATORY_END = 129;

/** Decodes `disc ‖ TradeEvent` (discriminator already checked by the caller). */
export function decodeTradeEvent(bytes: Uint8Array): TradeEvent {
  const n = bytes.length;
  if (n < MANDATORY_END) {
    let at = 0;
    while (FIXED_ENDS[at]! <= n) at++;
    throw new PumpDecodeError("truncated", "trade event too short", { kind: "trade", bytes: n, missing: TRADE_FIELDS[at]!.name });
  }
  const ev: TradeEvent = {
    kind: "trade",
    layoutBytes: n - 8,
    truncatedAt: null,
    extra: EMPTY,
    mint: pubkeyAt(bytes, 8),
    solAmount: readU64(bytes, 40),
    tokenAmount: readU64(bytes, 48),
    isBuy: bytes[56] !== 0,
    user: pubkeyAt(bytes, 57),
    timestamp: readI64(bytes, 89),
    virtualSolReserves: readU64(bytes, 97),
    virtualTokenReserves: readU64(bytes, 105),
    realSolReserves: readU64(bytes, 113),
    realTokenReserves: readU64(bytes, 121),
    feeRecipient: n >= 161 ? pubkeyAt(bytes, 129) : ZERO_PUBKEY,
    feeBasisPoints: n >= 169 ? readU64(bytes, 161) : 0n,
    fee: n >= 177 ? readU64(bytes, 169) : 0n,
    creator: n >= 209 ? pubkeyAt(bytes, 177) : ZERO_PUBKEY,
    creatorFeeBasisPoints: n >= 217 ? readU64(bytes, 209) : 0n,
    creatorFee: n >= 225 ? readU64(bytes, 217) : 0n,
    trackVolume: n >= 226 ? bytes[225] !== 0 : false,
    totalUnclaimedTokens: n >= 234 ? readU64(bytes, 226) : 0n,
    totalClaimedTokens: n >= 242 ? readU64(bytes, 234) : 0n,
    currentSolVolume: n >= 250 ? readU64(bytes, 242) : 0n,
    lastUpdateTimestamp: n >= 258 ? readI64(bytes, 250) : 0n,
    ixName: "",
    mayhemMode: false,
    cashbackFeeBasisPoints: 0n,
    cashback: 0n,
    buybackFeeBasisPoints: 0n,
    buybackFee: 0n,
    shareholders: [],
    quoteMint: ZERO_PUBKEY,
    quoteAmount: 0n,
    virtualQuoteReserves: 0n,
    realQuoteReserves: 0n,
  };
  if (n >= 258) {
    const r = new Reader(bytes, 258);
    const count = readFields(r, TRADE_FIELDS, ev as unknown as Record<string, unknown>, TAIL_START);
    if (count < TRADE_FIELDS.length) ev.truncatedAt = TRADE_FIELDS[count]!.name;
    if (r.left > 0) ev.extra = r.rest();
    return ev;
  }
  let count = 0;
  while (FIXED_ENDS[count]! <= n) count++;
  ev.truncatedAt = TRADE_FIELDS[count]!.name;
  const end = FIXED_ENDS[count - 1]!;
  if (n > end) ev.extra = bytes.slice(end);
  return ev;
}
