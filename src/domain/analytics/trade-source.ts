import type { TradeRecord } from "../trade-record.ts";

/** A time filter on trade records, epoch ms; `to` is exclusive. */
export interface TradeRecordFilter {
  from?: number;
  to?: number;
}

/**
 * Where reports read TradeRecords from (the SQLite store implements it; tests pass an array). For a
 * window it must return at least the trades closed in `[from, to)` and the positions still open; extra
 * records are fine, analytics filter again.
 */
export interface TradeSource {
  loadTradeRecords(filter: TradeRecordFilter): Promise<TradeRecord[]> | TradeRecord[];
}
