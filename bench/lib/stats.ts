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

/** p50 / p99 of each quarter of `xs` in its order (launch order: how the run warmed up). */
export function byQuarter(xs: readonly number[]): { p50: number; p99: number; n: number }[] {
  const q = Math.floor(xs.length / 4);
  return [0, 1, 2, 3].map((i) => {
    const { p50, p99, n } = percentiles(xs.slice(i * q, i === 3 ? xs.length : (i + 1) * q));
    return { p50, p99, n };
  });
}

/** Median y of each whole minute of x (points in minutes, in order); a trailing partial minute is left out. */
export function byMinute(points: readonly { x: number; y: number }[]): number[] {
  const minutes: number[][] = [];
  for (const p of points) (minutes[Math.floor(p.x)] ??= []).push(p.y);
  const last = points.at(-1)?.x ?? 0;
  return Array.from({ length: Math.floor(last) }, (_, i) => median(minutes[i] ?? []));
}

/** Least-squares slope of per-minute values (index = minute) from minute `from` on; null when fewer than `minPoints` minutes follow. */
export function slopeFrom(perMinute: readonly number[], from: number, minPoints = 3): number | null {
  const points = perMinute.flatMap((y, x) => (x >= from && Number.isFinite(y) ? [{ x, y }] : []));
  return points.length < minPoints ? null : slope(points);
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

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** RSS of a process in MB (Linux /proc), or NaN. */
export async function rssMb(pid: number): Promise<number> {
  try {
    const text = await Bun.file(`/proc/${pid}/status`).text();
    const m = /VmRSS:\s+(\d+) kB/.exec(text);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
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
