import { describe, expect, test } from "bun:test";
import { createStatusApp } from "../../src/http/app.ts";
import { bearerToken, FailureLimiter, tokenMatches } from "../../src/http/control/index.ts";
import { fakeReadModel, mint } from "../ui/helpers.ts";
import { fullApp, recordingPort, TOKEN } from "./helpers.ts";

const auth = (token = TOKEN) => ({ method: "POST", headers: { Authorization: `Bearer ${token}` } });

describe("control routes", () => {
  test("each action with the token calls the port and answers JSON", async () => {
    const { app, port } = fullApp();
    const m = mint();
    const cases: [string, unknown][] = [
      ["/api/control/pause", { ok: true, action: "pause" }],
      ["/api/control/resume", { ok: true, action: "resume" }],
      [`/api/control/sell/${m}`, { ok: true, action: "sell", mint: m, result: { signature: "sig", lamports: "5" } }],
      ["/api/control/sell-all", { ok: true, action: "sell-all", result: { positions: 2 } }],
    ];
    for (const [path, body] of cases) {
      const res = await app.request(path, auth());
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(body);
    }
    const down = await app.request("/api/control/shutdown", auth());
    expect(down.status).toBe(202);
    await new Promise((r) => setTimeout(r, 5));
    expect(port.calls).toEqual(["pause", "resume", `sell:${m}`, "sellAll", "shutdown"]);
  });

  test("401 without or with a wrong token; the token is never echoed", async () => {
    const { app, port } = fullApp();
    for (const init of [{ method: "POST" }, auth("wrong"), { method: "POST", headers: { Authorization: TOKEN } }, auth(`${TOKEN}x`)]) {
      const res = await app.request("/api/control/pause", init);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      const text = await res.text();
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain("wrong");
    }
    expect(port.calls).toEqual([]);
  });

  test("403 'control is disabled' without a configured token or port", async () => {
    for (const control of [undefined, { port: recordingPort() }, { token: "  ", port: recordingPort() }, { token: TOKEN }]) {
      const app = createStatusApp({ readModel: fakeReadModel(), control });
      const res = await app.request("/api/control/pause", auth());
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toContain("control is disabled");
    }
  });

  test("sell validates the mint as a base58 32-byte key", async () => {
    const { app, port } = fullApp();
    for (const bad of ["abc", "0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl", "1".repeat(44), encodeURIComponent("<script>")]) {
      const res = await app.request(`/api/control/sell/${bad}`, auth());
      expect(res.status).toBe(400);
      expect(await res.text()).not.toContain("<script>");
    }
    expect(port.calls).toEqual([]);
  });

  test("GET on a control route is refused; unknown actions are 404", async () => {
    const { app, port } = fullApp();
    expect((await app.request("/api/control/pause", { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect((await app.request("/api/control/reboot", auth())).status).toBe(404);
    expect(port.calls).toEqual([]);
  });

  test("a failing port action is a 500 with a generic message", async () => {
    const port = { ...recordingPort(), sellAll: () => Promise.reject(new Error(`key ${TOKEN}`)) };
    const app = createStatusApp({ readModel: fakeReadModel(), control: { token: TOKEN, port } });
    const res = await app.request("/api/control/sell-all", auth());
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ ok: false, action: "sell-all", error: "sell-all failed" });
  });

  test("failures are rate limited (429 + Retry-After), even for the right token, then recover", async () => {
    let now = 0;
    const port = recordingPort();
    const app = createStatusApp({
      readModel: fakeReadModel(),
      control: { token: TOKEN, port, limiter: { maxFailures: 3, windowMs: 1000, now: () => now } },
    });
    for (let i = 0; i < 3; i++) expect((await app.request("/api/control/pause", auth("guess"))).status).toBe(401);
    const limited = await app.request("/api/control/pause", auth());
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    now = 1001;
    expect((await app.request("/api/control/pause", auth())).status).toBe(200);
    expect(port.calls).toEqual(["pause"]);
  });
});

describe("auth helpers", () => {
  test("bearer parsing and constant-time comparison", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer  abc ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(tokenMatches("abc", "abc")).toBe(true);
    expect(tokenMatches("abc", "abcd")).toBe(false);
    expect(tokenMatches("", "abc")).toBe(false);
  });

  test("the limiter's key table is bounded", () => {
    const limiter = new FailureLimiter({ maxKeys: 10, maxFailures: 1 });
    for (let i = 0; i < 1000; i++) limiter.fail(`k${i}`);
    expect(limiter.retryAfterMs("k999")).toBeGreaterThan(0);
    expect(limiter.retryAfterMs("k0")).toBe(0); // evicted
  });
});
