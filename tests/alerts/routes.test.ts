import { describe, expect, test } from "bun:test";
import { AlertRing, createAlertsReadModel, type SinkStats } from "../../src/alerts/index.ts";
import { alertsRoutes } from "../../src/http/routes/alerts.ts";
import { sampleAlert } from "./helpers.ts";

const stats: SinkStats[] = [{ name: "webhook", target: "hooks.example.com", sent: 3, failed: 1, dropped: 0, retries: 2, queueDepth: 0, inFlight: false, lastError: "HTTP 500 from hooks.example.com", lastErrorAt: 1, lastSentAt: 2 }];

describe("GET /api/alerts", () => {
  const ring = new AlertRing(5);
  for (let i = 0; i < 8; i++) ring.push(sampleAlert({ id: `a${i}` }));
  const app = alertsRoutes(createAlertsReadModel(ring, () => stats));

  test("recent alerts newest first (ring bounded) and sink stats", async () => {
    const res = await app.request("/api/alerts");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { alerts: Array<{ id: string }>; sinks: SinkStats[] };
    expect(body.alerts.map((a) => a.id)).toEqual(["a7", "a6", "a5", "a4", "a3"]);
    expect(body.sinks).toEqual(stats);
  });

  test.each([["2", ["a7", "a6"]], ["0", ["a7"]], ["abc", ["a7", "a6", "a5", "a4", "a3"]], ["99999", ["a7", "a6", "a5", "a4", "a3"]]])("limit=%p", async (limit, ids) => {
    const body = (await (await app.request(`/api/alerts?limit=${limit}`)).json()) as { alerts: Array<{ id: string }> };
    expect(body.alerts.map((a) => a.id)).toEqual(ids);
  });
});
