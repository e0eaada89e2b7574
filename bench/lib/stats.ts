/** Percentiles, medians, regression and the machine description written with every result. */
import { cpus, loadavg, platform, release, totalmem } from "node:os";

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  n: number;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Nearest-rank percentiles (exact over the samples). */
export function percentiles(xs: readonly number[]): Percentiles {
  const s = Float64Array.from(xs).sort();
  const n = s.length;
  const q = (p: number): number => (n === 0 ? NaN : s[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!);
  return { p50: r3(q(0.5)), p90: r3(q(0.9)), p99: r3(q(0.99)), max: r3(n === 0 ? NaN : s[n - 1]!), n };
}

/** The p50 and p99 of a part of a run, and its size. */
export interface PartPercentiles {
  p50: number;
  p99: number;
  n: number;
}

function partPercentiles(xs: readonly number[]): PartPercentiles {
  const { p50, p99, n } = percentiles(xs);
  return { p50, p99, n };
}

/** p50 / p99 of the first `first` values of `xs` (launch order) and of the rest: how much of a run's tail its first launches make. */
export function firstAndRest(xs: readonly number[], first: number): { first: PartPercentiles; rest: PartPercentiles } {
  return { first: partPercentiles(xs.slice(0, first)), rest: partPercentiles(xs.slice(first)) };
}

/** p50 / p99 of each quarter of `xs` in its order (launch order: how the run warmed up). */
export function byQuarter(xs: readonly number[]): PartPercentiles[] {
  const q = Math.floor(xs.length / 4);
  return [0, 1, 2, 3].map((i) => partPercentiles(xs.slice(i * q, i === 3 ? xs.length : (i + 1) * q)));
}

/** Median y of each whole minute of x (points in minutes, in order); a trailing partial minute is left out. */
export function byMinute(points: readonly { x: number; y: number }[]): number[] {
  const minutes: number[][] = [];
  for (const p of points) (minutes[Math.floor(p.x)] ??= []).push(p.y);
  const last = points.at(-1)?.x ?? 0;
  return Array.from({ length: Math.floor(last) }, (_, i) => median(minutes[i] ?? []));
}

/**
 * One-sided 95 % quantiles of Student's t for 1..30 degrees of freedom (the standard table). Past 30 the
 * 30th is used: at most 3 % above the true quantile (1.645 in the limit), so the bound errs on the wide side.
 */
const T95_ONE_SIDED = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.74, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697];

/** A least-squares slope with its one-sided 95 % upper bound, over `n` points. */
export interface SlopeFit {
  slope: number;
  /** slope + t(0.95, n - 2) x its standard error, the residuals taken as independent. */
  upper95: number;
  n: number;
}

/** Least-squares fit of y over x with the slope's upper bound; null under 3 points (no residual to judge by). */
export function slopeFit(points: readonly { x: number; y: number }[]): SlopeFit | null {
  const n = points.length;
  if (n < 3) return null;
  const { b, mx, my, sxx } = leastSquares(points);
  if (sxx === 0) return null;
  const residuals = points.reduce((a, p) => a + (p.y - my - b * (p.x - mx)) ** 2, 0);
  const se = Math.sqrt(residuals / (n - 2) / sxx);
  return { slope: b, upper95: b + T95_ONE_SIDED[Math.min(n - 2, T95_ONE_SIDED.length) - 1]! * se, n };
}

/** The fit of per-minute values (index = minute) from minute `from` on; null when fewer than `minPoints` minutes follow. */
export function slopeFrom(perMinute: readonly number[], from: number, minPoints = 3): SlopeFit | null {
  const points = perMinute.flatMap((y, x) => (x >= from && Number.isFinite(y) ? [{ x, y }] : []));
  return points.length < Math.max(3, minPoints) ? null : slopeFit(points);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Median of each percentile field over runs (n summed). */
export function medianPercentiles(runs: readonly Percentiles[]): Percentiles {
  return {
    p50: r3(median(runs.map((r) => r.p50))),
    p90: r3(median(runs.map((r) => r.p90))),
    p99: r3(median(runs.map((r) => r.p99))),
    max: r3(median(runs.map((r) => r.max))),
    n: runs.reduce((a, r) => a + r.n, 0),
  };
}

/** The least-squares line through `points`: its slope `b` (0 when every x is the same), the means and the spread of x. */
function leastSquares(points: readonly { x: number; y: number }[]): { b: number; mx: number; my: number; sxx: number } {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return { b: sxx === 0 ? 0 : sxy / sxx, mx, my, sxx };
}

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  return points.length < 2 ? 0 : leastSquares(points).b;
}

/** RSS of a process in MB (Linux /proc), or NaN. */
export async function rssMb(pid: number): Promise<number> {
  return (await rssParts(pid)).rss;
}

/** A process's resident memory in MB (NaN when unreadable), and its two parts: anonymous (heaps, allocators) and file-backed (the executable's and libraries' pages, mapped files). */
export async function rssParts(pid: number): Promise<{ rss: number; anon: number; file: number }> {
  try {
    const text = await Bun.file(`/proc/${pid}/status`).text();
    const kb = (name: string): number => {
      const m = new RegExp(`${name}:\\s+(\\d+) kB`).exec(text);
      return m ? Number(m[1]) / 1024 : NaN;
    };
    return { rss: kb("VmRSS"), anon: kb("RssAnon"), file: kb("RssFile") };
  } catch {
    return { rss: NaN, anon: NaN, file: NaN };
  }
}

export function machine() {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? "unknown",
    cores: c.length,
    memoryMb: Math.round(totalmem() / 1024 / 1024),
    bun: Bun.version,
    os: `${platform()} ${release()}`,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export const round = (x: number, d = 3): number => Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x;
