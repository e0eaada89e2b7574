import { afterEach, describe, expect, test } from "bun:test";
import { systemClock } from "../../src/clock.ts";
import { AlertDispatcher, type AlertSink, discordSink, retryDelay, SinkQueue, telegramSink, webhookSink } from "../../src/alerts/index.ts";
import type { Alert } from "../../src/domain/alerts/index.ts";
import { hangingReceiver, policy, receiver, sampleAlert, stopReceivers, until } from "./helpers.ts";

const queues: SinkQueue[] = [];
afterEach(async () => {
  for (const q of queues.splice(0)) q.stop();
  await stopReceivers();
});
const queue = (sink: AlertSink, p = policy()) => {
  const q = new SinkQueue(sink, p, { clock: systemClock });
  queues.push(q);
  return q;
};

describe("retryDelay", () => {
  test.each([
    [1, undefined, 100],
    [2, undefined, 200],
    [3, undefined, 400],
    [10, undefined, 1000],
    [1, 700, 700],
    [1, 50, 100],
    [1, 60_000, 1000],
  ])("attempt %p, Retry-After %p -> %p ms", (attempt, retryAfter, expected) => {
    expect(retryDelay({ backoffInitialMs: 100, backoffMaxMs: 1000 }, attempt, retryAfter)).toBe(expected);
  });
});

describe("delivery over loopback", () => {
  test("a hanging sink times out and retries while the other sinks deliver promptly; emit never waits", async () => {
    const hang = hangingReceiver();
    const hook = receiver();
    const discord = receiver(() => new Response(null, { status: 204 }));
    const tg = receiver();
    const hangQ = queue(webhookSink(`${hang.url}/slow`), policy({ timeoutMs: 400, retries: 1, backoffInitialMs: 20 }));
    const hookQ = queue(webhookSink(`${hook.url}/fast`));
    const discordQ = queue(discordSink(`${discord.url}/d`));
    const tgQ = queue(telegramSink("1:T", "7", { baseUrl: tg.url }));
    const dispatcher = new AlertDispatcher([hangQ, hookQ, discordQ, tgQ]);

    const t0 = performance.now();
    for (let i = 0; i < 3; i++) dispatcher.emit(sampleAlert());
    expect(performance.now() - t0).toBeLessThan(20);

    await until(() => hook.received.length === 3 && discord.received.length === 3 && tg.received.length === 3);
    expect(performance.now() - t0).toBeLessThan(350); // well before the slow sink's first timeout (400 ms)
    expect(hangQ.stats()).toMatchObject({ sent: 0, failed: 0, inFlight: true, queueDepth: 2 });

    await until(() => hangQ.stats().failed >= 1);
    const s = hangQ.stats();
    expect(s.retries).toBeGreaterThanOrEqual(1);
    expect(s.lastError).toMatch(/timed out/);
    expect(hang.received.length).toBeGreaterThanOrEqual(2);
    expect(hookQ.stats()).toMatchObject({ sent: 3, failed: 0, dropped: 0, queueDepth: 0 });
  });

  test("a sink answering 500 is retried with exponential backoff, then recorded failed", async () => {
    const r = receiver(() => new Response("no", { status: 500 }));
    const q = queue(webhookSink(`${r.url}/x`), policy({ retries: 3, backoffInitialMs: 40, backoffMaxMs: 1000 }));
    q.enqueue(sampleAlert());
    await until(() => q.stats().failed === 1);
    expect(r.received).toHaveLength(4);
    const gaps = r.received.slice(1).map((x, i) => x.at - (r.received[i]?.at ?? 0));
    // 40, 80, 160 ms (timer slack allowed downwards by a few ms only)
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);
    expect(q.stats()).toMatchObject({ sent: 0, failed: 1, retries: 3, lastError: `HTTP 500 from ${r.host}` });
  });

  test("429 waits the Retry-After the server asks for, then succeeds", async () => {
    const r = receiver((n) => (n === 0 ? new Response("slow down", { status: 429, headers: { "retry-after": "0.3" } }) : Response.json({ ok: true })));
    const q = queue(webhookSink(`${r.url}/x`), policy({ backoffInitialMs: 10 }));
    q.enqueue(sampleAlert());
    await until(() => q.stats().sent === 1);
    expect((r.received[1]?.at ?? 0) - (r.received[0]?.at ?? 0)).toBeGreaterThanOrEqual(290);
    expect(q.stats()).toMatchObject({ sent: 1, failed: 0, retries: 1 });
  });

  test("a 4xx refusal is not retried", async () => {
    const r = receiver(() => new Response("bad", { status: 400 }));
    const q = queue(webhookSink(`${r.url}/x`));
    q.enqueue(sampleAlert());
    await until(() => q.stats().failed === 1);
    expect(r.received).toHaveLength(1);
    expect(q.stats().retries).toBe(0);
  });
});

/** A sink whose sends wait until the test releases them. */
function gatedSink(name = "gated") {
  const delivered: string[] = [];
  let release: () => void = () => {};
  let gate = new Promise<void>((r) => (release = r));
  const sink: AlertSink = {
    name,
    target: "-",
    secrets: [],
    send: async (alert: Alert) => {
      await gate;
      delivered.push(alert.id);
    },
  };
  return { sink, delivered, open: () => release(), close: () => (gate = new Promise<void>((r) => (release = r))) };
}

describe("bounded queue", () => {
  test("when full, the oldest waiting alert is dropped and counted", async () => {
    const g = gatedSink();
    const q = queue(g.sink, policy({ queueBound: 3, timeoutMs: 5000 }));
    const alerts = Array.from({ length: 6 }, () => sampleAlert());
    for (const a of alerts) q.enqueue(a);
    // a0 is in flight; a1, a2 dropped; a3..a5 wait
    expect(q.stats()).toMatchObject({ queueDepth: 3, dropped: 2, inFlight: true });
    g.open();
    await q.idle();
    expect(g.delivered).toEqual([0, 3, 4, 5].map((i) => (alerts[i] as Alert).id));
    expect(q.stats()).toMatchObject({ sent: 4, dropped: 2, queueDepth: 0, inFlight: false });
  });

  test("a sink that ignores its signal still times out", async () => {
    const q = queue({ name: "deaf", target: "-", secrets: [], send: () => new Promise(() => {}) }, policy({ timeoutMs: 30, retries: 0 }));
    const result = await q.deliverNow(sampleAlert());
    expect(result).toMatchObject({ ok: false, attempts: 1, error: "timed out after 30 ms" });
  });

  test("a throwing store is retried, and stop() aborts and counts what waited", async () => {
    let calls = 0;
    const q = queue({ name: "store", target: "-", secrets: [], send: async () => void (calls++, (() => { throw new Error("disk full"); })()) }, policy({ retries: 5, backoffInitialMs: 1000 }));
    q.enqueue(sampleAlert());
    q.enqueue(sampleAlert());
    await until(() => q.stats().retries === 1);
    expect(calls).toBe(1);
    q.stop();
    await q.idle();
    expect(q.stats()).toMatchObject({ failed: 1, dropped: 1, retries: 1, lastError: "disk full" });
  });
});

describe("dispatcher routing", () => {
  test("rule sinks and minimum severity pick the queues", async () => {
    const a = gatedSink("log");
    const b = gatedSink("telegram");
    const qa = queue(a.sink);
    const qb = queue(b.sink, policy({ minSeverity: "critical" }));
    a.open();
    b.open();
    const d = new AlertDispatcher([qa, qb]);
    d.emit(sampleAlert({ id: "warn-all", severity: "warn" }));
    d.emit(sampleAlert({ id: "crit-all", severity: "critical" }));
    d.emit(sampleAlert({ id: "crit-log", severity: "critical", sinks: ["log"] }));
    expect(await d.drain(1000)).toBe(true);
    expect(a.delivered).toEqual(["warn-all", "crit-all", "crit-log"]);
    expect(b.delivered).toEqual(["crit-all"]);
  });
});
