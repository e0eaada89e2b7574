import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AlertsReadModel } from "../alerts/read-model.ts";
import type { UiHub } from "../ui/hub.ts";
import type { StateCache } from "../ui/state-cache.ts";
import { createUiStore, type UiStore } from "../ui/state.ts";
import { apiRoutes, type ApiProviders } from "./api/index.ts";
import { controlRoutes, type ControlOptions } from "./control/index.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { pageRoutes, STYLE_HASH } from "./page/index.ts";
import type { StatusReadModel } from "./read-model.ts";
import { alertsRoutes } from "./routes/alerts.ts";

/** Options of the status HTTP app; everything but `readModel` is optional (absent providers answer 503). */
export interface StatusAppOptions {
  /** Read-only view of the bot. */
  readModel: StatusReadModel;
  /** Largest number of log records one request may ask for. */
  maxLogRecords?: number;
  /** The UI side (from `createUi`): the UiState store, the SSE hub, and the cache for queue/drop metrics. */
  ui?: { store: UiStore; hub?: UiHub; cache?: StateCache };
  /** Metrics registry served at /metrics (a fresh empty one when absent). */
  metrics?: Metrics;
  /** The alerts read model; mounted as `GET /api/alerts` (else the UiState's alerts are served). */
  alerts?: AlertsReadModel;
  /** `GET /api/summary`: the analytics summary for a period. */
  summary?: ApiProviders["summary"];
  /** `GET /api/export`: the trade export stream for a validated filter. */
  exportStream?: ApiProviders["exportStream"];
  /** Control routes: token (`secrets.controlToken`) and the bot's ControlPort; absent = control disabled (403). */
  control?: ControlOptions;
  /**
   * Host names (`Host` header, port ignored) this app answers for; others get 403. Guards a loopback
   * status page against DNS rebinding. Absent: any host (e.g. behind a reverse proxy).
   */
  allowedHosts?: readonly string[];
}

/**
 * Builds the Hono app of the status port: the page, health probes, the JSON API, SSE, /metrics and the
 * control routes, with security headers on every response (errors and 404s included).
 */
export function createStatusApp(options: StatusAppOptions): Hono {
  const { readModel, maxLogRecords = 1000 } = options;
  const store = options.ui?.store ?? createUiStore({ mode: String(readModel.status().mode ?? "unknown") });
  const metrics = options.metrics ?? createMetrics();
  registerUiProbes(metrics, options.ui);

  const app = new Hono();
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", STYLE_HASH],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
      xFrameOptions: "DENY",
      xContentTypeOptions: "nosniff",
      referrerPolicy: "no-referrer",
      crossOriginResourcePolicy: "same-origin",
      crossOriginOpenerPolicy: "same-origin",
    }),
  );
  if (options.allowedHosts) {
    const allowed = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
    app.use("*", async (c, next) => {
      if (!allowed.has(hostName(c.req.header("host")))) return c.json({ error: "host not allowed" }, 403);
      await next();
    });
  }
  app.get("/healthz", (c) => c.json({ ok: true }));
  app.get("/readyz", (c) => (readModel.ready() ? c.json({ ready: true }) : c.json({ ready: false }, 503)));
  app.get("/api/status", (c) => {
    const ui = options.ui ? store.get().status : undefined;
    const extra = ui
      ? { wallet: ui.wallet, balanceLamports: ui.balanceLamports, paused: ui.paused, endpointHealth: ui.endpoints, counters: ui.counters }
      : {};
    return c.json({ ...readModel.status(), ...extra });
  });
  app.get("/api/actors", (c) => c.json(readModel.actors()));
  app.get("/api/logs", (c) => {
    const limit = boundedInt(c.req.query("limit"), 100, 1, maxLogRecords);
    const since = c.req.query("since");
    const sinceSeq = since === undefined ? undefined : boundedInt(since, 0, 0, Number.MAX_SAFE_INTEGER);
    return c.json(readModel.logs(limit, sinceSeq));
  });
  app.get("/metrics", async (c) => c.body(await metrics.text(), 200, { "Content-Type": metrics.contentType }));
  app.route("/", pageRoutes(store));
  if (options.alerts) app.route("/", alertsRoutes(options.alerts));
  app.route(
    "/",
    apiRoutes({ store, hub: options.ui?.hub, summary: options.summary, exportStream: options.exportStream, alertsFallback: !options.alerts }),
  );
  app.route("/", controlRoutes(options.control ?? {}));
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((_err, c) => c.json({ error: "internal error" }, 500));
  return app;
}

// Queue depths and drop counts of the UI side, read only when /metrics is scraped.
function registerUiProbes(metrics: Metrics, ui: StatusAppOptions["ui"]): void {
  const hub = ui?.hub;
  if (hub) {
    metrics.trackQueue("ui.sse_clients", () => hub.stats().clients);
    metrics.trackDropped("ui.sse_coalesced", () => hub.stats().coalesced);
    metrics.trackDropped("ui.sse_stalled", () => hub.stats().stalled);
  }
  const cache = ui?.cache;
  if (cache) {
    for (const ring of ["launches", "decisions", "trades", "alerts", "keys"] as const) {
      metrics.trackDropped(`ui.cache.${ring}`, () => cache.counters().dropped[ring]);
    }
  }
}

// `Host: 127.0.0.1:8787` -> `127.0.0.1`; `[::1]:8787` -> `::1`.
function hostName(header: string | undefined): string {
  const h = (header ?? "").trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]") >>> 0);
  const colon = h.lastIndexOf(":");
  return colon === -1 ? h : h.slice(0, colon);
}

function boundedInt(raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw)) return fallback;
  return Math.min(max, Math.max(min, Number(raw)));
}
