import { formatSol } from "../domain/analytics/index.ts";

// Display formatting shared by the Markdown and HTML renderers, so both print the very same strings.

/** Lamports as exact SOL with 9 decimals and the unit: `-0.041000000 SOL`. */
export const sol = (lamports: bigint): string => `${formatSol(lamports)} SOL`;

/** A fraction as a percentage with 2 decimals (`0.6` -> `60.00%`); `n/a` for null. */
export const percent = (x: number | null): string => (x === null ? "n/a" : `${(x * 100).toFixed(2)}%`);

/** A ratio with 4 decimals; `Infinity` stays a word; `n/a` for null. */
export const ratio = (x: number | null): string =>
  x === null ? "n/a" : x === Infinity ? "Infinity" : x.toFixed(4);

/** Milliseconds as `850 ms`, `42.0 s`, `12m 05s` or `3h 07m`; `n/a` for null. */
export function duration(ms: number | null): string {
  if (ms === null) return "n/a";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** A latency in ms, or `n/a`. */
export const ms = (x: number | null): string => (x === null ? "n/a" : `${x} ms`);

/** An epoch-ms instant as ISO-8601 UTC. */
export const isoTime = (at: number): string => new Date(at).toISOString();
