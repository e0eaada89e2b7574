/** Milliseconds in one UTC day. */
export const DAY_MS = 86_400_000;

/** A half-open UTC time window `[from, to)` in epoch milliseconds. */
export interface TimeWindow {
  from: number;
  to: number;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC window of a `YYYY-MM-DD` day, or null when the text is not a real calendar date. */
export function parseUtcDay(day: string): TimeWindow | null {
  const m = DAY_RE.exec(day);
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const from = Date.UTC(y, mo - 1, d);
  // Date.UTC rolls 2026-02-30 over to March: a real date survives the round trip.
  if (Number.isNaN(from) || utcDayOf(from) !== day) return null;
  return { from, to: from + DAY_MS };
}

/** The `YYYY-MM-DD` UTC day that contains an epoch-millisecond instant. */
export function utcDayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
