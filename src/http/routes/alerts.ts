import { Hono } from "hono";
import type { AlertsReadModel } from "../../alerts/read-model.ts";

/** Largest `limit` one request may ask for. */
const MAX_LIMIT = 1000;

/** `GET /api/alerts?limit=N`: recent alerts (newest first, default 50) and delivery counters per sink. */
export function alertsRoutes(readModel: AlertsReadModel): Hono {
  const app = new Hono();
  app.get("/api/alerts", (c) => {
    const raw = c.req.query("limit");
    const limit = raw !== undefined && /^\d+$/.test(raw) ? Math.min(MAX_LIMIT, Math.max(1, Number(raw))) : 50;
    return c.json({ alerts: readModel.recentAlerts(limit), sinks: readModel.sinkStats() });
  });
  return app;
}
