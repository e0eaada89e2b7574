/**
 * The simulator's TradeEvent bytes (the "2026" layout) written by patching a template instead of the
 * table-driven encoder: same bytes as `encodeTradeEvent(makeTradeEvent(fields), "2026")` (tests check
 * this), several times faster (no base58 decoding, no per-field dispatch). Also the bonding curve
 * account fast paths: reading the fields a trade needs and patching reserves in place of a re-encode.
 */
import { decodeBondingCurve, encodeTradeEvent, makeTradeEvent, type TradeEvent } from "../../chain/pump/index.ts";
import { DISC } from "../../chain/pump/constants.ts";
import { pubkeyAt, readU64, writePubkey, writeU64 } from "../fast.ts";

/** The fields of a TradeEvent the simulator sets (the rest keep their defaults). */
export type SimTradeFields = Pick<
  TradeEvent,
  | "mint" | "solAmount" | "tokenAmount" | "isBuy" | "user" | "timestamp" | "virtualSolReserves" | "virtualTokenReserves"
  | "realSolReserves" | "realTokenReserves" | "feeRecipient" | "feeBasisPoints" | "fee" | "creator"
  | "creatorFeeBasisPoints" | "creatorFee" | "trackVolume"
> & { ixName: "buy" | "sell" | "buy_exact_sol_in" };

const templates = new Map<string, Uint8Array>();

function template(ixName: string): Uint8Array {
  let t = templates.get(ixName);
  if (!t) {
    t = encodeTradeEvent(makeTradeEvent({ ixName }), "2026");
    templates.set(ixName, t);
  }
  return t;
}

/** `discriminator ‖ TradeEvent` in the 2026 layout (offsets: docs/wire-format.md). */
export function tradeEventBytes(f: SimTradeFields): Uint8Array {
  const b = template(f.ixName).slice();
  writePubkey(b, 8, f.mint);
  writeU64(b, 40, f.solAmount);
  writeU64(b, 48, f.tokenAmount);
  b[56] = f.isBuy ? 1 : 0;
  writePubkey(b, 57, f.user);
  writeU64(b, 89, f.timestamp);
  writeU64(b, 97, f.virtualSolReserves);
  writeU64(b, 105, f.virtualTokenReserves);
  writeU64(b, 113, f.realSolReserves);
  writeU64(b, 121, f.realTokenReserves);
  writePubkey(b, 129, f.feeRecipient);
  writeU64(b, 161, f.feeBasisPoints);
  writeU64(b, 169, f.fee);
  writePubkey(b, 177, f.creator);
  writeU64(b, 209, f.creatorFeeBasisPoints);
  writeU64(b, 217, f.creatorFee);
  b[225] = f.trackVolume ? 1 : 0;
  return b;
}

/** What a trade reads from a bonding curve account. */
export interface CurveFields {
  virtualTokenReserves: bigint;
  virtualSolReserves: bigint;
  realTokenReserves: bigint;
  realSolReserves: bigint;
  tokenTotalSupply: bigint;
  complete: boolean;
  creator: string;
}

const CURVE_DISC = DISC.bondingCurve;

/**
 * Reads a bonding curve's reserves, `complete` and creator (data of at least 49 bytes). Anything that
 * is not a bonding curve goes through the shared decoder, which throws the same errors as before.
 */
export function readCurve(data: Uint8Array): CurveFields {
  let ok = data.length >= 81;
  for (let i = 0; ok && i < 8; i++) ok = data[i] === CURVE_DISC[i];
  if (!ok) {
    const c = decodeBondingCurve(data);
    return {
      virtualTokenReserves: c.virtualTokenReserves,
      virtualSolReserves: c.virtualSolReserves,
      realTokenReserves: c.realTokenReserves,
      realSolReserves: c.realSolReserves,
      tokenTotalSupply: c.tokenTotalSupply,
      complete: c.complete,
      creator: c.creator,
    };
  }
  return {
    virtualTokenReserves: readU64(data, 8),
    virtualSolReserves: readU64(data, 16),
    realTokenReserves: readU64(data, 24),
    realSolReserves: readU64(data, 32),
    tokenTotalSupply: readU64(data, 40),
    complete: data[48] !== 0,
    creator: pubkeyAt(data, 49),
  };
}

/** A copy of curve data with new reserves and `complete` (every other byte kept). */
export function patchCurve(
  data: Uint8Array,
  r: { virtualTokenReserves: bigint; virtualSolReserves: bigint; realTokenReserves: bigint; realSolReserves: bigint },
  complete: boolean,
): Uint8Array {
  const out = data.slice();
  writeU64(out, 8, r.virtualTokenReserves);
  writeU64(out, 16, r.virtualSolReserves);
  writeU64(out, 24, r.realTokenReserves);
  writeU64(out, 32, r.realSolReserves);
  out[48] = complete ? 1 : 0;
  return out;
}
