import { describe, expect, test } from "bun:test";
import { createStatusApp } from "../../src/http/app.ts";
import { AlertRing, createAlertsReadModel } from "../../src/alerts/read-model.ts";
import { alertsRoutes } from "../../src/http/routes/alerts.ts";
import { fakeReadModel, HOSTILE, mint } from "../ui/helpers.ts";
import { fullApp } from "./helpers.ts";

describe("existing routes keep working", () => {
  test("health, readiness, status, actors, logs (with only a read model)", async () => {
    const app = createStatusApp({ readModel: fakeReadModel() });
    expect(await (await app.request("/healthz")).json()).toEqual({ ok: true });
    expect((await app.request("/readyz")).status).toBe(200);
    expect((await createStatusApp({ readModel: fakeReadModel(false) }).request("/readyz")).status).toBe(503);
    expect(await (await app.request("/api/status")).json()).toMatchObject({ mode: "sim", phase: "running" });
    expect(await (await app.request("/api/actors")).json()).toEqual([{ id: "root" }]);
    expect(await (await app.request("/api/logs?limit=1")).json()).toEqual([{ seq: 1, msg: "hello" }]);
    expect((await app.request("/")).status).toBe(200); // page renders from an empty UiState
    expect((await app.request("/api/summary")).status).toBe(503);
    expect((await app.request("/api/export")).status).toBe(503);
    expect((await app.request("/api/stream")).status).toBe(503);
    expect((await app.request("/nope")).status).toBe(404);
  });
});

describe("JSON API over the UiState and providers", () => {
  test("status carries wallet (public key), balance and endpoint health", async () => {
    const { app } = fullApp();
    const body = (await (await app.request("/api/status")).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ mode: "sim", wallet: "WaLLet1111111111111111111111111111111111111", balanceLamports: "3000000000", paused: false });
    expect(body.endpointHealth).toEqual([{ name: "rpc", ok: true, latencyMs: 4, error: null, checkedAt: 1 }]);
  });

  test("positions, trades, pnl, feed, state", async () => {
    const { app, ui } = fullApp();
    const positions = (await (await app.request("/api/positions")).json()) as { mint: string; name: string; pnlLamports: string }[];
    expect(Array.isArray(positions)).toBe(true);
    expect(positions[0]).toMatchObject({ mint: ui.positionMint, name: HOSTILE, pnlLamports: "100000" });
    const trades = (await (await app.request("/api/trades?limit=1")).json()) as unknown[];
    expect(Array.isArray(trades)).toBe(true);
    expect(trades).toHaveLength(1);
    const pnl = (await (await app.request("/api/pnl")).json()) as { pnl: { cumulativeLamports: string }[] };
    expect(pnl.pnl.map((p) => p.cumulativeLamports)).toEqual(["250000000"]);
    const feed = (await (await app.request("/api/feed")).json()) as { feed: { kind: string }[] };
    expect(feed.feed.map((f) => f.kind)).toEqual(["decision", "launch"]);
    const state = (await (await app.request("/api/state")).json()) as Record<string, unknown>;
    expect(Object.keys(state).sort()).toEqual(["actors", "alerts", "feed", "logs", "pnl", "positions", "status", "trades"]);
  });

  test("UI JSON escapes markup characters but round-trips the same value", async () => {
    const { app } = fullApp();
    const text = await (await app.request("/api/positions")).text();
    expect(text).not.toContain("<");
    expect(text).toContain("\\u003cimg");
    expect((JSON.parse(text) as { name: string }[])[0]?.name).toBe(HOSTILE);
  });

  test("alerts: the alerts read model when given, else the UiState's alerts", async () => {
    const { app } = fullApp();
    const fallback = (await (await app.request("/api/alerts")).json()) as { alerts: { id: string }[]; sinks: unknown[] };
    expect(fallback.alerts.map((a) => a.id)).toEqual(["a1"]);
    const ring = new AlertRing(10);
    ring.push({ id: "r1", rule: "r", kind: "k", severity: "info", key: "global", message: "m", details: {}, at: 1 });
    const { app: withModel } = fullApp({ alerts: createAlertsReadModel(ring, () => []) });
    const body = (await (await withModel.request("/api/alerts")).json()) as { alerts: { id: string }[] };
    expect(body.alerts.map((a) => a.id)).toEqual(["r1"]);
    // Mounted afterwards on the app (as src/bot.ts did first), the alerts route still wins over the fallback.
    const { app: late } = fullApp();
    late.route("/", alertsRoutes(createAlertsReadModel(ring, () => [])));
    const lateBody = (await (await late.request("/api/alerts")).json()) as { alerts: { id: string }[] };
    expect(lateBody.alerts.map((a) => a.id)).toEqual(["r1"]);
  });

  test("summary: from the injected provider, bigint-safe, params validated", async () => {
    const { app } = fullApp();
    const ok = await app.request("/api/summary?from=2026-01-01&to=2026-01-31");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ period: { from: "2026-01-01", to: "2026-01-31" }, realisedPnlLamports: "123", winRate: 0.5 });
    const bad = await app.request("/api/summary?from=yesterday");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("from:");
    expect((await app.request("/api/summary?foo=1")).status).toBe(400);
  });

  test("a throwing provider is a 500 without details", async () => {
    const { app } = fullApp({ summary: () => { throw new Error("secret path /home/x"); } });
    const res = await app.request("/api/summary");
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("secret");
  });
});

describe("GET /api/export", () => {
  test("streams the provider's chunks with the right type and passes the validated filter", async () => {
    const { app, spy } = fullApp();
    const token = mint();
    const res = await app.request(`/api/export?format=csv&from=2026-01-01&to=1767225600000&token=${token}&side=sell&outcome=win`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("trades.csv");
    expect(res.body).toBeInstanceOf(ReadableStream);
    expect(await res.text()).toBe("mint,side\nm0,buy\nm1,buy\nm2,buy\n");
    expect(spy.queries).toEqual([{ format: "csv", from: "2026-01-01", to: 1767225600000, token, side: "sell", outcome: "win" }]);
    const json = await app.request("/api/export?format=json");
    expect(json.headers.get("content-type")).toContain("application/json");
  });

  test.each([
    ["format=xml", "format:"],
    ["from=2026-02-30", "from:"],
    ["to=soon", "to:"],
    ["from=2026-02-01&to=2026-01-01", "from: must not be after to"],
    ["token=not-a-mint", "token:"],
    [`token=${"1".repeat(44)}`, "token:"],
    ["side=hold", "side:"],
    ["outcome=maybe", "outcome:"],
    ["limit=5", "unknown parameter"],
    ["side=buy&side=sell", "side: given more than once"],
  ])("?%s is a 400 naming the problem", async (query, message) => {
    const { app, spy } = fullApp();
    const res = await app.request(`/api/export?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(message);
    expect(spy.queries).toHaveLength(0);
  });

  test("a provider that rejects the filter is a 400", async () => {
    const { app } = fullApp({ exportStream: () => { throw new Error("bad"); } });
    expect((await app.request("/api/export")).status).toBe(400);
  });
});
