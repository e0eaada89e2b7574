/** Latency percentiles in ms (nearest-rank); every field null when there is no sample. */
export interface LatencyPercentiles {
  samples: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * Nearest-rank percentile: the value at rank ceil(p/100 * n) (1-based) of the ascending values, so it is
 * always an observed sample. p in (0, 100]; null for an empty list.
 */
export function nearestRank(sortedAsc: readonly number[], p: number): number | null {
  if (sortedAsc.length === 0) return null;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sortedAsc.length);
  return sortedAsc[Math.min(sortedAsc.length, Math.max(1, rank)) - 1] ?? null;
}

/** p50 / p90 / p99 / max of the finite, non-negative samples (others are ignored). */
export function latencyPercentiles(samples: readonly number[]): LatencyPercentiles {
  const xs = samples.filter((x) => Number.isFinite(x) && x >= 0).sort((a, b) => a - b);
  return {
    samples: xs.length,
    p50: nearestRank(xs, 50),
    p90: nearestRank(xs, 90),
    p99: nearestRank(xs, 99),
    max: xs.length === 0 ? null : (xs[xs.length - 1] ?? null),
  };
}
