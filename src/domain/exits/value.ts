/**
 * Price and value of a position, exactly. Value = what selling the tokens would return now, net of
 * fees (curve.ts sellSolForTokens, inlined on two reserve fields so a TradeEvent serves as reserves).
 */
import { feeFor, type FeeRates } from "../curve.ts";
import type { Price, TickReserves } from "./types.ts";

const BPS = 10_000n;

/** Net lamports selling `tokens` would return on `r` (= sellSolForTokens(...).net). */
export function sellValue(r: TickReserves, tokens: bigint, fees: FeeRates): bigint {
  if (tokens <= 0n) return 0n;
  const out = (tokens * r.virtualSolReserves) / (r.virtualTokenReserves + tokens);
  const net = out - feeFor(out, fees.protocolBps) - feeFor(out, fees.creatorBps);
  return net > 0n ? net : 0n;
}

/** The curve price of `r` as an exact rational. */
export function priceOf(r: TickReserves): Price {
  return { num: r.virtualSolReserves, den: r.virtualTokenReserves };
}

/** a > b for exact prices. */
export function priceAbove(a: Price, b: Price): boolean {
  return a.num * b.den > b.num * a.den;
}

/** Cost of the tokens still held: cost x held / bought (floor). */
export function costOfHeld(cost: bigint, held: bigint, bought: bigint): bigint {
  return bought === 0n ? 0n : (cost * held) / bought;
}

/** (value - cost) / cost in bps, floored toward -infinity; 0 when cost is 0. */
export function pnlBps(value: bigint, cost: bigint): bigint {
  if (cost === 0n) return 0n;
  const d = (value - cost) * BPS;
  const q = d / cost;
  return d < 0n && q * cost !== d ? q - 1n : q;
}
