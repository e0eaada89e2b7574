import type { TokenProgramKind } from "../hooks.ts";

/** How a token's story ends: the creator rugs, a pump then dump, a slow bleed, or the curve completes. */
export type Fate = "rug" | "pumpDump" | "slowBleed" | "graduation";

/** All fates, in a fixed order (weighted picks iterate this order, so it is part of determinism). */
export const FATES: readonly Fate[] = ["rug", "pumpDump", "slowBleed", "graduation"];

/** A token launch as the market plans it; `mintRef` names the mint before the cluster assigns it. */
export interface PlannedLaunch {
  creator: string;
  name: string;
  symbol: string;
  uri: string;
  tokenProgram: TokenProgramKind;
  devBuyLamports: bigint;
  /** The planned fate (known to the referee and tests, never to the bot). */
  fate: Fate;
  /** True when name/symbol/uri came from the adversarial corpus. */
  adversarial: boolean;
}

/**
 * One step of the market plan. `at` is virtual milliseconds since the market started (integer,
 * non-decreasing along the stream). Sells are a share of the seller's holding (`tokensBps` of 10000),
 * because exact token amounts depend on the ledger.
 */
export type MarketAction =
  | { at: number; kind: "launch"; mintRef: number; launch: PlannedLaunch }
  | { at: number; kind: "trade"; mintRef: number; trader: string; side: "buy"; lamports: bigint }
  | { at: number; kind: "trade"; mintRef: number; trader: string; side: "sell"; tokensBps: number }
  | { at: number; kind: "creator-dump"; mintRef: number; creator: string }
  /** The token's story is over: no further action names this mintRef (drop any state kept for it). */
  | { at: number; kind: "story-end"; mintRef: number; fate: Fate };
