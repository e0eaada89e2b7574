import type { TradeRecord } from "../trade-record.ts";
import { realisedPnl } from "./pnl.ts";

/** The worst peak-to-trough fall of the cumulative realised PnL curve. */
export interface MaxDrawdown {
  /** Peak minus trough in lamports (>= 0; 0 when the curve never falls). */
  lamports: bigint;
  /**
   * `lamports / peak equity` of that same drawdown, where equity = startingEquity + cumulative realised
   * PnL; null when the peak equity is <= 0 (no meaningful base) or there is no drawdown.
   */
  fractionOfPeak: number | null;
  /** Equity at the peak and at the trough, in lamports. */
  peakLamports: bigint;
  troughLamports: bigint;
  /** closedAt of the trades at the peak (null = the starting point) and at the trough. */
  peakAt: number | null;
  troughAt: number | null;
}

/** Closed trades in curve order: by closedAt, then positionId (stable across runs). */
export function byCloseTime(trades: readonly TradeRecord[]): TradeRecord[] {
  return trades
    .filter((t) => t.closedAt !== null)
    .sort((a, b) => (a.closedAt as number) - (b.closedAt as number) || (a.positionId < b.positionId ? -1 : a.positionId > b.positionId ? 1 : 0));
}

/**
 * Max drawdown of the equity curve startingEquity + cumulative realised PnL of the closed trades ordered
 * by close time. The curve starts at startingEquity (default 0), so a first losing trade is a drawdown.
 */
export function maxDrawdown(trades: readonly TradeRecord[], startingEquity = 0n): MaxDrawdown {
  let equity = startingEquity;
  let peak = startingEquity;
  let peakAt: number | null = null;
  const worst: MaxDrawdown = { lamports: 0n, fractionOfPeak: null, peakLamports: peak, troughLamports: peak, peakAt: null, troughAt: null };
  for (const t of byCloseTime(trades)) {
    equity += realisedPnl(t);
    if (equity > peak) {
      peak = equity;
      peakAt = t.closedAt;
    } else if (peak - equity > worst.lamports) {
      worst.lamports = peak - equity;
      worst.peakLamports = peak;
      worst.troughLamports = equity;
      worst.peakAt = peakAt;
      worst.troughAt = t.closedAt;
    }
  }
  if (worst.lamports > 0n && worst.peakLamports > 0n) worst.fractionOfPeak = Number(worst.lamports) / Number(worst.peakLamports);
  if (worst.lamports === 0n) worst.peakLamports = worst.troughLamports = peak;
  return worst;
}
