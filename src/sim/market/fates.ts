import type { Fate } from "./actions.ts";

/** One stretch of a token's story with a steady character of flow. */
export interface Phase {
  name: string;
  /** Duration range, ms (uniform). For `untilComplete` phases, the longest it may run. */
  durationMs: readonly [number, number];
  /** Ends when the planner's curve estimate completes (then `overshootBuys` more buys follow). */
  untilComplete?: boolean;
  /** Multiplier on `tradeRatePerToken`. */
  rateMul: number;
  /** Probability that a trade is a buy (otherwise a holder sells). */
  buyProb: number;
  /** Multiplier on the buy size range. */
  buyScale: number;
  /** Range of the share of a holding sold, basis points. */
  sellBps: readonly [number, number];
  /** The creator sells everything as this phase starts. */
  creatorDumpAtStart?: boolean;
}

/** How a fate plays out: the creator's dev buy and a sequence of phases. */
export interface FateProfile {
  /** Probability of no dev buy at all. */
  noDevBuyProb: number;
  /** Dev buy range, lamports (log-uniform). */
  devBuyLamports: readonly [bigint, bigint];
  phases: readonly Phase[];
}

const SOL = 1_000_000_000n;

/** The shapes of the four fates (data, so they can be tuned without touching the planner). */
export const FATE_PROFILES: Readonly<Record<Fate, FateProfile>> = {
  // A few buys, then the creator sells everything; holders panic-sell.
  rug: {
    noDevBuyProb: 0,
    devBuyLamports: [SOL / 2n, 5n * SOL],
    phases: [
      { name: "bait", durationMs: [2_000, 30_000], rateMul: 1.5, buyProb: 0.9, buyScale: 1, sellBps: [2_000, 10_000] },
      { name: "panic", durationMs: [1_000, 8_000], rateMul: 2, buyProb: 0.1, buyScale: 1, sellBps: [5_000, 10_000], creatorDumpAtStart: true },
    ],
  },
  // A buying wave, then a selling wave.
  pumpDump: {
    noDevBuyProb: 0.2,
    devBuyLamports: [SOL / 10n, 2n * SOL],
    phases: [
      { name: "pump", durationMs: [8_000, 30_000], rateMul: 2.5, buyProb: 0.85, buyScale: 1, sellBps: [1_000, 5_000] },
      { name: "dump", durationMs: [10_000, 60_000], rateMul: 2, buyProb: 0.15, buyScale: 1, sellBps: [3_000, 10_000] },
    ],
  },
  // Sells slightly outweigh buys for a long time.
  slowBleed: {
    noDevBuyProb: 0.3,
    devBuyLamports: [SOL / 20n, SOL],
    phases: [
      { name: "bleed", durationMs: [60_000, 240_000], rateMul: 0.6, buyProb: 0.42, buyScale: 1, sellBps: [1_000, 6_000] },
    ],
  },
  // Sustained buying until ~85 SOL of real deposits completes the curve.
  graduation: {
    noDevBuyProb: 0.1,
    devBuyLamports: [SOL / 2n, 3n * SOL],
    phases: [
      { name: "accumulate", durationMs: [900_000, 900_000], untilComplete: true, rateMul: 3, buyProb: 0.88, buyScale: 2, sellBps: [1_000, 4_000] },
    ],
  },
};

/** Buys planned after the estimate says complete, so the real curve (moved by the bot too) completes as well. */
export const OVERSHOOT_BUYS = 3;
