/**
 * Small bounded memories of the snipe path: the latest curve of each recent mint (buys quote on it, paper
 * fills price on it) and each buy's launch-seen -> sent latency (history records it with the position).
 * Both forget their oldest mint first past `bound` (the first one seen, not the least recently updated).
 *
 * A mint's curve is a record of its own, its four reserves overwritten by each trade: keeping the trade's
 * event instead (the last one of each of up to `bound` mints) kept hundreds of events alive across each
 * young collection at 2,000 TradeEvents/s, so they were promoted and died in the old generation. Measured
 * with `BUN_JSC_logGC=2` over 2,000 launches (bun run bench:hot): the bytes a young collection marks,
 * median 538 KB before, 350 KB after.
 */
import { BoundedMap } from "../bounded-map.ts";
import type { CurveReserves } from "../domain/curve.ts";

type Curve = Pick<CurveReserves, "virtualSolReserves" | "virtualTokenReserves" | "realTokenReserves" | "realSolReserves">;
/** What `launch` reads: a launch's reserves (a fresh curve holds no real SOL yet). */
type LaunchCurve = Pick<CurveReserves, "virtualSolReserves" | "virtualTokenReserves" | "realTokenReserves">;

/** See the file comment. */
export function createSnipeLatency(bound: number) {
  const curves = new BoundedMap<string, Curve>(bound);
  const latencies = new BoundedMap<string, number>(bound);
  const remember = <V>(map: BoundedMap<string, V>, key: string, value: V): void => map.set(key, value);
  const note = (mint: string, virtualSol: bigint, virtualToken: bigint, realToken: bigint, realSol: bigint): void => {
    const c = curves.get(mint);
    if (c === undefined) {
      remember(curves, mint, { virtualSolReserves: virtualSol, virtualTokenReserves: virtualToken, realTokenReserves: realToken, realSolReserves: realSol });
      return;
    }
    c.virtualSolReserves = virtualSol;
    c.virtualTokenReserves = virtualToken;
    c.realTokenReserves = realToken;
    c.realSolReserves = realSol;
  };
  return {
    /**
     * Notes a launch's curve on `mint` (copied), with no real SOL. Launches and trades each have a method
     * of their own: one function read both kinds of event, and its compiled code, made from thousands of
     * trades, fell out at each of the bench's first 20 launches until recompiled (BUN_JSC_printEachOSRExit=1).
     */
    launch(mint: string, reserves: LaunchCurve): void {
      note(mint, reserves.virtualSolReserves, reserves.virtualTokenReserves, reserves.realTokenReserves, 0n);
    },
    /** Notes the curve after a trade on `mint` (copied: `reserves` is not kept). */
    curve(mint: string, reserves: Curve): void {
      note(mint, reserves.virtualSolReserves, reserves.virtualTokenReserves, reserves.realTokenReserves, reserves.realSolReserves);
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
