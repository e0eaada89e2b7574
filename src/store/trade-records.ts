/** Positions with their fills as TradeRecords (the analytics unit), loaded whole or streamed. */
import type { Database } from "bun:sqlite";
import type { ExitReason, Fill, TradeRecord } from "../domain/trade-record.ts";
import { whereClause, type TradeFilter } from "./filters.ts";

const SELECT = `SELECT p.id, p.mode, p.mint, p.status, p.opened_at, p.closed_at, p.cost_lamports, p.proceeds_lamports,
    p.tokens_bought, p.tokens_sold, p.fees_lamports, p.exit_reason, p.snipe_latency_ms, p.mark_lamports,
    coalesce(l.name, '') AS name, coalesce(l.symbol, '') AS symbol, coalesce(l.creator, '') AS creator,
    f.id AS fill_id, f.side, f.at, f.lamports, f.tokens, f.signature, f.reason,
    f.fee_protocol + f.fee_creator + f.fee_network + f.fee_priority AS fee
  FROM positions p
  LEFT JOIN launches l ON l.mint = p.mint
  LEFT JOIN fills f ON f.position_id = p.id`;

/**
 * Streams the TradeRecords matching `filter` (from/to bound the position's opening time), oldest first.
 * Rows come from `stmt.iterate()`, so only one position is held in memory at a time.
 */
export function* iterateTradeRecords(db: Database, filter: TradeFilter = {}): Generator<TradeRecord, void, undefined> {
  const where = whereClause(filter, { time: "p.opened_at", mint: "p.mint", position: "p" });
  // prepare, not the cached query: two interleaved iterations must not share (and reset) one statement.
  const stmt = db.prepare<Record<string, unknown>, Record<string, string | number>>(
    `${SELECT}${where.sql} ORDER BY p.opened_at, p.id, f.at, f.id`,
  );
  try {
    let current: TradeRecord | null = null;
    for (const r of stmt.iterate(where.params)) {
      const id = String(r.id);
      if (current === null || current.positionId !== id) {
        if (current) yield current;
        current = toRecord(r);
      }
      if (r.fill_id !== null) current.fills.push(toFill(r));
    }
    if (current) yield current;
  } finally {
    stmt.finalize();
  }
}

/** Every TradeRecord matching `filter`, in memory (use `iterateTradeRecords` for large ranges). */
export function loadTradeRecords(db: Database, filter: TradeFilter = {}): TradeRecord[] {
  return [...iterateTradeRecords(db, filter)];
}

function toRecord(r: Record<string, unknown>): TradeRecord {
  return {
    positionId: String(r.id),
    mode: r.mode as TradeRecord["mode"],
    mint: String(r.mint),
    name: String(r.name),
    symbol: String(r.symbol),
    creator: String(r.creator),
    openedAt: Number(r.opened_at),
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
    costLamports: r.cost_lamports as bigint,
    proceedsLamports: r.proceeds_lamports as bigint,
    tokensBought: r.tokens_bought as bigint,
    tokensSold: r.tokens_sold as bigint,
    feesLamports: r.fees_lamports as bigint,
    exitReason: (r.exit_reason ?? null) as ExitReason | null,
    snipeLatencyMs: r.snipe_latency_ms === null ? null : Number(r.snipe_latency_ms),
    markLamports: r.status === "open" && r.mark_lamports !== null ? (r.mark_lamports as bigint) : null,
    fills: [],
  };
}

function toFill(r: Record<string, unknown>): Fill {
  const fill: Fill = {
    side: r.side as Fill["side"],
    at: Number(r.at),
    lamports: r.lamports as bigint,
    tokens: r.tokens as bigint,
    feeLamports: r.fee as bigint,
    signature: String(r.signature),
  };
  if (r.reason !== null) fill.reason = r.reason as ExitReason;
  return fill;
}
