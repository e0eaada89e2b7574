/**
 * Small bounded memories of the snipe path: the latest curve of each recent mint (buys quote on it, paper
 * fills price on it) and each buy's launch-seen -> sent latency (history records it with the position).
 * Both forget their oldest mint first past `bound` (the first one seen, not the least recently updated).
 */
import { BoundedMap } from "../bounded-map.ts";
import type { CurveReserves } from "../domain/curve.ts";

type Curve = Pick<CurveReserves, "virtualSolReserves" | "virtualTokenReserves" | "realTokenReserves" | "realSolReserves">;

/** See the file comment. */
export function createSnipeLatency(bound: number) {
  const curves = new BoundedMap<string, Curve>(bound);
  const latencies = new BoundedMap<string, number>(bound);
  const remember = <V>(map: BoundedMap<string, V>, key: string, value: V): void => map.set(key, value);
  return {
    /** Notes the curve after a launch or trade on `mint`. */
    curve(mint: string, reserves: Curve): void {
      remember(curves, mint, reserves);
    },
    /** The latest curve of `mint`, if seen recently. */
    curveOf(mint: string): CurveReserves | undefined {
      const c = curves.get(mint);
      // Token supply does not enter the buy quote; pump.fun mints all have 10^15 base units.
      return c === undefined ? undefined : { ...c, tokenTotalSupply: 1_000_000_000_000_000n };
    },
    /** Records the launch-seen -> buy-sent time of `mint`. */
    record(mint: string, ms: number): void {
      remember(latencies, mint, ms);
    },
    /** The snipe latency of `mint` in ms, or null when unknown (e.g. after a restart). */
    of(mint: string): number | null {
      return latencies.get(mint) ?? null;
    },
  };
}
