import type { TradeRecord } from "../trade-record.ts";
import type { TimeWindow } from "./day.ts";

/**
 * The records a period's report covers: trades closed inside `[from, to)` (UTC ms), plus positions still
 * open that were opened before `to` (they feed the unrealised PnL, fees and latency).
 */
export function recordsForWindow(records: readonly TradeRecord[], window: TimeWindow): TradeRecord[] {
  return records.filter((t) =>
    t.closedAt === null ? t.openedAt < window.to : t.closedAt >= window.from && t.closedAt < window.to,
  );
}
