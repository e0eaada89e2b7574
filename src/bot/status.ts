/** The status port's data providers over the history database: the analytics summary and the export. */
import { parseUtcDay, summarize, recordsForWindow, DAY_MS } from "../domain/analytics/index.ts";
import type { SummaryQuery } from "../http/api/index.ts";
import { exportTradesStream, loadTradeRecords, openReadOnly, type ExportOptions } from "../store/index.ts";

/** Providers reading through one read-only connection (SQLite refuses writes on it). */
export function historyProviders(dbPath: string) {
  let db: ReturnType<typeof openReadOnly> | undefined;
  const conn = () => (db ??= openReadOnly(dbPath));
  const bound = (v: string | number | undefined, end: boolean): number | undefined => {
    if (v === undefined) return undefined;
    if (typeof v === "number") return v;
    const day = parseUtcDay(v);
    return day === null ? undefined : end ? day.to : day.from;
  };
  return {
    /** Summary of the trades closed in [from, to) (days inclusive), open positions counted as unrealised. */
    summary(q: SummaryQuery): unknown {
      const from = bound(q.from, false) ?? 0;
      const to = bound(q.to, true) ?? Date.now() + DAY_MS;
      return summarize(recordsForWindow(loadTradeRecords(conn(), { to }), { from, to }));
    },
    /** The streamed export (CSV or JSON) of `GET /api/export`. */
    exportStream: (q: ExportOptions) => exportTradesStream(conn(), q),
    close(): void {
      db?.close();
    },
  };
}
