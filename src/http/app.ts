import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { StatusReadModel } from "./read-model.ts";

/** Options of the status HTTP app. */
export interface StatusAppOptions {
  /** Read-only view of the bot. */
  readModel: StatusReadModel;
  /** Largest number of log records one request may ask for. */
  maxLogRecords?: number;
}

/** Builds the Hono app of the status port: health probes and the JSON read API. */
export function createStatusApp({ readModel, maxLogRecords = 1000 }: StatusAppOptions): Hono {
  const app = new Hono();
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], objectSrc: ["'none'"] },
      xFrameOptions: "DENY",
      xContentTypeOptions: "nosniff",
      referrerPolicy: "no-referrer",
    }),
  );
  app.get("/healthz", (c) => c.json({ ok: true }));
  app.get("/readyz", (c) => (readModel.ready() ? c.json({ ready: true }) : c.json({ ready: false }, 503)));
  app.get("/api/status", (c) => c.json(readModel.status()));
  app.get("/api/actors", (c) => c.json(readModel.actors()));
  app.get("/api/logs", (c) => {
    const limit = boundedInt(c.req.query("limit"), 100, 1, maxLogRecords);
    const since = c.req.query("since");
    const sinceSeq = since === undefined ? undefined : boundedInt(since, 0, 0, Number.MAX_SAFE_INTEGER);
    return c.json(readModel.logs(limit, sinceSeq));
  });
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((_err, c) => c.json({ error: "internal error" }, 500));
  return app;
}

function boundedInt(raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || !/^\d+$/.test(raw)) return fallback;
  return Math.min(max, Math.max(min, Number(raw)));
}
