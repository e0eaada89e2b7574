/** The filters shared by trade records, exports and reports, turned into one parameterised WHERE clause. */
import { SniperError } from "../errors.ts";

/** Outcome of a position: closed with proceeds above cost, closed otherwise, or still open. */
export type Outcome = "win" | "loss" | "open";

/** Which trades: time range [from, to) in wall-clock ms, a mint, a side, an outcome. */
export interface TradeFilter {
  from?: number;
  to?: number;
  mint?: string;
  /** Records: positions having a fill of this side; exports: fills of this side. */
  side?: "buy" | "sell";
  outcome?: Outcome;
}

const DAY_MS = 86_400_000;

/** Milliseconds of 00:00 UTC of a `YYYY-MM-DD` day; throws a config error naming `field` otherwise. */
export function parseDay(day: string, field = "day"): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new SniperError("config", `${field}: expected a date YYYY-MM-DD, got ${JSON.stringify(day)}`, { field, value: day });
  }
  return ms;
}

/** The UTC day (`YYYY-MM-DD`) of a wall-clock time. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** [start, end) of the UTC day `day`. */
export function dayRange(day: string): { from: number; to: number } {
  const from = parseDay(day);
  return { from, to: from + DAY_MS };
}

/** A WHERE clause (with " WHERE " or "") and its named parameters. `timeColumn` is what from/to bound. */
export function whereClause(
  f: TradeFilter,
  cols: { time: string; mint: string; position: string; fillSide?: string },
): { sql: string; params: Record<string, string | number> } {
  const parts: string[] = [];
  const params: Record<string, string | number> = {};
  if (f.from !== undefined) {
    parts.push(`${cols.time} >= $from`);
    params.from = f.from;
  }
  if (f.to !== undefined) {
    parts.push(`${cols.time} < $to`);
    params.to = f.to;
  }
  if (f.mint !== undefined) {
    parts.push(`${cols.mint} = $mint`);
    params.mint = f.mint;
  }
  if (f.side !== undefined) {
    if (f.side !== "buy" && f.side !== "sell") throw new SniperError("config", `side: expected buy or sell, got ${String(f.side)}`);
    parts.push(
      cols.fillSide
        ? `${cols.fillSide} = $side`
        : `EXISTS (SELECT 1 FROM fills sf WHERE sf.position_id = ${cols.position}.id AND sf.side = $side)`,
    );
    params.side = f.side;
  }
  if (f.outcome !== undefined) {
    const p = cols.position;
    const byOutcome: Record<Outcome, string> = {
      win: `(${p}.status = 'closed' AND ${p}.proceeds_lamports > ${p}.cost_lamports)`,
      loss: `(${p}.status = 'closed' AND ${p}.proceeds_lamports <= ${p}.cost_lamports)`,
      open: `${p}.status = 'open'`,
    };
    const clause = byOutcome[f.outcome];
    if (clause === undefined) throw new SniperError("config", `outcome: expected win, loss or open, got ${String(f.outcome)}`);
    parts.push(clause);
  }
  return { sql: parts.length ? ` WHERE ${parts.join(" AND ")}` : "", params };
}
