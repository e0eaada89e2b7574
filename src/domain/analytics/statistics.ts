// Statistics on per-trade returns (floats: returns are ratios, never money).

/** Arithmetic mean; null for an empty list. */
export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n - 1 denominator); null with fewer than 2 values; exactly 0 when all are equal. */
export function sampleStdDev(xs: readonly number[]): number | null {
  const m = mean(xs);
  if (m === null || xs.length < 2) return null;
  // Equal values must give 0, not a rounding residue of the mean (which would make Sharpe ~1e16).
  if (xs.every((x) => x === xs[0])) return 0;
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

/**
 * Sharpe ratio of per-trade returns: mean / sample std dev, risk-free rate 0, not annualised.
 * Null with fewer than 2 returns or a zero deviation (never NaN or Infinity).
 */
export function sharpeRatio(returns: readonly number[]): number | null {
  const m = mean(returns);
  const sd = sampleStdDev(returns);
  if (m === null || sd === null || sd === 0) return null;
  return m / sd;
}

/**
 * Sortino ratio of per-trade returns: mean / downside deviation, target 0, where the downside deviation
 * is sqrt(sum(min(r, 0)^2) / (n - 1)) over all n returns. Null with fewer than 2 returns or no negative
 * return (zero downside deviation).
 */
export function sortinoRatio(returns: readonly number[]): number | null {
  const m = mean(returns);
  if (m === null || returns.length < 2) return null;
  let ss = 0;
  for (const r of returns) if (r < 0) ss += r * r;
  if (ss === 0) return null;
  return m / Math.sqrt(ss / (returns.length - 1));
}
