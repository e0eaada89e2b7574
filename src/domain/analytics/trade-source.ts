import type { TradeRecord } from "../trade-record.ts";

/** A time filter on the positions' opening time (openedAt), epoch ms, `[from, to)`; both optional. */
export interface TradeRecordFilter {
  from?: number;
  to?: number;
}

/**
 * Where reports read TradeRecords from (the SQLite store implements it; tests pass an array). Returning
 * more records than the filter asks for is fine: analytics select the period by closedAt themselves.
 */
export interface TradeSource {
  loadTradeRecords(filter: TradeRecordFilter): Promise<TradeRecord[]> | TradeRecord[];
}
