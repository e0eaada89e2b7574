/**
 * Hand-written TradeEvent decoder for the listener's hot path: fixed offsets read straight from a
 * DataView into one object literal (one hidden class), the variable tail (ix_name onwards) through the
 * layout table. Produces exactly what the table-driven decoder does (checked by a seeded test).
 */
import { ZERO_PUBKEY, Reader, pubkeyAt } from "./codec.ts";
import { PumpDecodeError } from "./errors.ts";
import { TRADE_FIELDS, type TradeEvent } from "./event-types.ts";
import { readFields } from "./layout.ts";

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
  const v = new DataView(bytes.buffer, bytes.byteOffset, n);
  const ev: TradeEvent = {
    kind: "trade",
    layoutBytes: n - 8,
    truncatedAt: null,
    extra: EMPTY,
    mint: pubkeyAt(bytes, 8),
    solAmount: v.getBigUint64(40, true),
    tokenAmount: v.getBigUint64(48, true),
    isBuy: bytes[56] !== 0,
    user: pubkeyAt(bytes, 57),
    timestamp: v.getBigInt64(89, true),
    virtualSolReserves: v.getBigUint64(97, true),
    virtualTokenReserves: v.getBigUint64(105, true),
    realSolReserves: v.getBigUint64(113, true),
    realTokenReserves: v.getBigUint64(121, true),
    feeRecipient: n >= 161 ? pubkeyAt(bytes, 129) : ZERO_PUBKEY,
    feeBasisPoints: n >= 169 ? v.getBigUint64(161, true) : 0n,
    fee: n >= 177 ? v.getBigUint64(169, true) : 0n,
    creator: n >= 209 ? pubkeyAt(bytes, 177) : ZERO_PUBKEY,
    creatorFeeBasisPoints: n >= 217 ? v.getBigUint64(209, true) : 0n,
    creatorFee: n >= 225 ? v.getBigUint64(217, true) : 0n,
    trackVolume: n >= 226 ? bytes[225] !== 0 : false,
    totalUnclaimedTokens: n >= 234 ? v.getBigUint64(226, true) : 0n,
    totalClaimedTokens: n >= 242 ? v.getBigUint64(234, true) : 0n,
    currentSolVolume: n >= 250 ? v.getBigUint64(242, true) : 0n,
    lastUpdateTimestamp: n >= 258 ? v.getBigInt64(250, true) : 0n,
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
