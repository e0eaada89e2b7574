/**
 * The JSON API over the UiState and the injected providers: positions, trades, PnL, feed, alerts
 * (fallback when the alerts read model is not mounted), summary, export (streamed) and the SSE stream.
 */
import { Hono, type Context } from "hono";
import { safeJson } from "../../ui/json.ts";
import type { UiHub } from "../../ui/hub.ts";
import { UI_SECTIONS, type UiStore } from "../../ui/state.ts";
import { parseExportQuery, type ExportQuery } from "./export-query.ts";

export { parseExportQuery, type ExportQuery } from "./export-query.ts";

/** Period of `GET /api/summary` (`YYYY-MM-DD` days or epoch ms; absent = everything). */
export interface SummaryQuery {
  from?: string | number;
  to?: string | number;
}

/** Providers of the API routes; each absent one makes its route answer 503 "unavailable". */
export interface ApiProviders {
  store: UiStore;
  hub?: UiHub;
  /** The analytics summary for a period (bigint amounts become decimal strings). */
  summary?: (query: SummaryQuery) => unknown;
  /** The trade export as a byte stream (e.g. `(q) => exportTradesStream(db, q)`); may throw on a bad filter. */
  exportStream?: (query: ExportQuery) => ReadableStream<Uint8Array>;
  /** Serve `GET /api/alerts` from the UiState (when the alerts engineer's route is not mounted). */
  alertsFallback?: boolean;
}

/** JSON from the UI side: bigint-safe, markup characters escaped. */
export function safeJsonResponse(c: Context, value: unknown, status: 200 | 400 | 503 = 200): Response {
  return c.body(safeJson(value), status, { "Content-Type": "application/json; charset=utf-8" });
}

function limitOf(raw: string | undefined, fallback: number, max: number): number {
  return raw !== undefined && /^\d{1,6}$/.test(raw) ? Math.min(max, Math.max(1, Number(raw))) : fallback;
}

/** Builds the API routes. */
export function apiRoutes(p: ApiProviders): Hono {
  const app = new Hono();
  const { store } = p;

  app.get("/api/state", (c) => safeJsonResponse(c, store.get()));
  // Positions and trades answer plain JSON arrays (the shape scripts and dashboards expect).
  app.get("/api/positions", (c) => safeJsonResponse(c, store.get().positions));
  app.get("/api/trades", (c) => {
    const trades = store.get().trades;
    return safeJsonResponse(c, trades.slice(0, limitOf(c.req.query("limit"), trades.length, trades.length || 1)));
  });
  app.get("/api/pnl", (c) => safeJsonResponse(c, { pnl: store.get().pnl }));
  app.get("/api/feed", (c) => safeJsonResponse(c, { feed: store.get().feed, counters: store.get().status.counters }));
  if (p.alertsFallback) {
    // Yields to an alerts route mounted later on the same app (e.g. `app.route("/", alertsRoutes(model))`).
    app.get("/api/alerts", async (c, next) => {
      await next();
      if (c.res.status !== 404) return;
      const alerts = store.get().alerts;
      c.res = undefined; // drop the 404 (and its headers) before replacing it
      c.res = safeJsonResponse(c, { alerts: alerts.slice(0, limitOf(c.req.query("limit"), 50, 1000)), sinks: [] });
    });
  }

  app.get("/api/summary", async (c) => {
    if (!p.summary) return c.json({ error: "summary unavailable" }, 503);
    const params = new URL(c.req.url).searchParams;
    const parsed = parseExportQuery(new URLSearchParams([...params].filter(([k]) => k === "from" || k === "to")));
    for (const key of params.keys()) {
      if (key !== "from" && key !== "to") return c.json({ error: "unknown parameter (allowed: from, to)" }, 400);
    }
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const query: SummaryQuery = {};
    if (parsed.query.from !== undefined) query.from = parsed.query.from;
    if (parsed.query.to !== undefined) query.to = parsed.query.to;
    return safeJsonResponse(c, await p.summary(query));
  });

  app.get("/api/export", (c) => {
    if (!p.exportStream) return c.json({ error: "export unavailable" }, 503);
    const parsed = parseExportQuery(new URL(c.req.url).searchParams);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    let stream: ReadableStream<Uint8Array>;
    try {
      stream = p.exportStream(parsed.query);
    } catch {
      return c.json({ error: "invalid export filter" }, 400);
    }
    const csv = parsed.query.format === "csv";
    return c.body(stream, 200, {
      "Content-Type": csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="trades.${parsed.query.format}"`,
      "Cache-Control": "no-store",
    });
  });

  app.get("/api/stream", (c) => {
    if (!p.hub) return c.json({ error: "stream unavailable" }, 503);
    const state = store.get();
    const stream = p.hub.connect(
      UI_SECTIONS.map((s) => [s, state[s]] as const),
      c.req.raw.signal,
    );
    if (!stream) return c.json({ error: "too many stream clients" }, 503);
    return c.body(stream, 200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    });
  });
  return app;
}
