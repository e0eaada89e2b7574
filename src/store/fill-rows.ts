/**
 * One fill as an export / CSV row: the fill, its position and its launch, amounts exact. A row never
 * changes once written (no position outcome in it), so a rebuilt daily file equals the live one.
 */
import type { Database } from "bun:sqlite";
import { whereClause, type TradeFilter } from "./filters.ts";
import { formatSol } from "./sol.ts";

/** Column names of the trade CSV and of JSON export objects, in order. */
export const FILL_COLUMNS = [
  "time_utc", "position_id", "mode", "mint", "symbol", "name", "side", "sol", "lamports", "tokens",
  "fee_sol", "fee_lamports", "fee_protocol", "fee_creator", "fee_network", "fee_priority",
  "reason", "signature",
] as const;

/** A fill row for display: amounts as decimal strings (SOL with 9 decimals from bigint, raw lamports). */
export type FillView = Record<(typeof FILL_COLUMNS)[number], string>;

const SELECT = `SELECT f.id, f.at, f.position_id, p.mode, f.mint, coalesce(l.symbol, '') AS symbol, coalesce(l.name, '') AS name,
    f.side, f.lamports, f.tokens, f.fee_protocol, f.fee_creator, f.fee_network, f.fee_priority, f.reason, f.signature
  FROM fills f
  LEFT JOIN positions p ON p.id = f.position_id
  LEFT JOIN launches l ON l.mint = f.mint`;

/** Streams fills matching `filter` (from/to bound the fill time) with `stmt.iterate()`, oldest first. */
export function* iterateFillViews(db: Database, filter: TradeFilter = {}): Generator<FillView, void, undefined> {
  const where = whereClause(filter, { time: "f.at", mint: "f.mint", position: "p", fillSide: "f.side" });
  // prepare, not the cached query: two interleaved exports must not share (and reset) one statement.
  const stmt = db.prepare<Record<string, unknown>, Record<string, string | number>>(`${SELECT}${where.sql} ORDER BY f.at, f.id`);
  try {
    for (const r of stmt.iterate(where.params)) yield toView(r);
  } finally {
    stmt.finalize();
  }
}

/** The view of one fill by signature (what the live CSV writer appends after a commit), or null. */
export function fillViewBySignature(db: Database, signature: string): FillView | null {
  const r = db.query<Record<string, unknown>, { signature: string }>(`${SELECT} WHERE f.signature = $signature`).get({ signature });
  return r ? toView(r) : null;
}

function toView(r: Record<string, unknown>): FillView {
  const fees = [r.fee_protocol, r.fee_creator, r.fee_network, r.fee_priority] as bigint[];
  const fee = fees.reduce((a, b) => a + b, 0n);
  const lamports = r.lamports as bigint;
  return {
    time_utc: new Date(Number(r.at)).toISOString(),
    position_id: String(r.position_id),
    mode: r.mode === null ? "" : String(r.mode),
    mint: String(r.mint),
    symbol: String(r.symbol),
    name: String(r.name),
    side: String(r.side),
    sol: formatSol(lamports),
    lamports: lamports.toString(),
    tokens: String(r.tokens),
    fee_sol: formatSol(fee),
    fee_lamports: fee.toString(),
    fee_protocol: String(fees[0]),
    fee_creator: String(fees[1]),
    fee_network: String(fees[2]),
    fee_priority: String(fees[3]),
    reason: r.reason === null ? "" : String(r.reason),
    signature: String(r.signature),
  };
}
