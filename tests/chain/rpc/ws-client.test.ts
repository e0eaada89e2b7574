import { afterEach, describe, expect, test } from "bun:test";
import type { Server, ServerWebSocket } from "bun";
import { createWsClient, wsBackoffDelay, type WsClient, type WsClientEvent, type WsSocket, type WsTimers } from "../../../src/chain/rpc/ws-client.ts";
import { SniperError } from "../../../src/errors.ts";
import { seededRng } from "../../../src/rng.ts";
import { ManualClock } from "../../../src/clock.ts";

/** A tiny JSON-RPC websocket server on loopback: `fooSubscribe` -> ids, `echo`, `never` (no answer). */
function rpcServer(opts: { silent?: boolean } = {}) {
  const sockets = new Set<ServerWebSocket<unknown>>();
  let nextSub = 100;
  const subs = new Map<number, ServerWebSocket<unknown>>();
  let opens = 0;
  const received: Array<{ method: string; params: unknown }> = [];
  const server: Server<unknown> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req, srv) {
      return srv.upgrade(req, { data: {} }) ? undefined : new Response("ws only", { status: 426 });
    },
    websocket: {
      open(ws) {
        opens++;
        sockets.add(ws);
      },
      close(ws) {
        sockets.delete(ws);
        for (const [id, s] of subs) if (s === ws) subs.delete(id);
      },
      message(ws, text) {
        if (opts.silent) return;
        const m = JSON.parse(String(text)) as { id: number; method: string; params: unknown[] };
        received.push({ method: m.method, params: m.params });
        const reply = (result: unknown) => ws.send(JSON.stringify({ jsonrpc: "2.0", id: m.id, result }));
        if (m.method.endsWith("Subscribe")) {
          const id = nextSub++;
          subs.set(id, ws);
          reply(id);
        } else if (m.method.endsWith("Unsubscribe")) reply(subs.delete(m.params[0] as number));
        else if (m.method === "echo") reply(m.params);
        else if (m.method === "never") return;
        else ws.send(JSON.stringify({ jsonrpc: "2.0", id: m.id, error: { code: -32601, message: "Method not found" } }));
      },
    },
  });
  return {
    url: `ws://127.0.0.1:${server.port}`,
    received,
    get opens() {
      return opens;
    },
    subs,
    notifyAll(method: string, result: unknown) {
      for (const [id, ws] of subs) ws.send(JSON.stringify({ jsonrpc: "2.0", method, params: { result, subscription: id } }));
    },
    sendRaw(data: string | Uint8Array) {
      for (const ws of sockets) ws.send(data);
    },
    dropAll() {
      for (const ws of sockets) ws.close(1011, "drop");
    },
    stop: () => server.stop(true),
  };
}

async function waitFor(cond: () => boolean, ms = 3_000, what = "condition"): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

function client(url: string, extra: Partial<Parameters<typeof createWsClient>[0]> = {}, events: WsClientEvent[] = []): WsClient {
  const c = createWsClient({ url, rng: seededRng(1), backoff: { initialMs: 10, factor: 2, maxMs: 50, jitter: 0 }, onEvent: (e) => events.push(e), ...extra });
  cleanups.push(() => c.close());
  return c;
}

describe("ws-client", () => {
  test("subscribe routes notifications by subscription id; unsubscribe tells the server and stops routing", async () => {
    const s = rpcServer();
    cleanups.push(s.stop);
    const events: WsClientEvent[] = [];
    const c = client(s.url, {}, events);
    const got: Array<[string, unknown]> = [];
    const a = c.subscribe("aSubscribe", [1], (r) => got.push(["a", r]));
    const b = c.subscribe("bSubscribe", [2], (r) => got.push(["b", r]));
    await waitFor(() => a.subscription !== null && b.subscription !== null, 3_000, "acks");
    expect(events.filter((e) => e.type === "subscribed").length).toBe(2);
    s.notifyAll("xNotification", { n: 1 });
    await waitFor(() => got.length === 2);
    expect(got.map((g) => g[0]).sort()).toEqual(["a", "b"]);
    expect(await c.request("echo", [1, "x"])).toEqual([1, "x"]);
    a.unsubscribe();
    await waitFor(() => s.received.some((r) => r.method === "aUnsubscribe"));
    s.notifyAll("xNotification", { n: 2 });
    await waitFor(() => got.length === 3);
    expect(got[2]).toEqual(["b", { n: 2 }]);
    expect(c.stats.notifications).toBe(3);
    await expect(c.request("nope", [])).rejects.toBeInstanceOf(SniperError);
  });

  test("pending requests are bounded and time out (transient errors, counted)", async () => {
    const s = rpcServer();
    cleanups.push(s.stop);
    const c = client(s.url, { maxPending: 2, requestTimeoutMs: 80 });
    await waitFor(() => c.stats.open);
    const settled = Promise.allSettled([c.request("never", []), c.request("never", []), c.request("never", [])]);
    const [r1, r2, r3] = await settled;
    expect(r3).toMatchObject({ status: "rejected", reason: { kind: "transient", message: "too many pending websocket requests" } });
    expect(r1).toMatchObject({ status: "rejected", reason: { kind: "transient", message: "websocket request timed out" } });
    expect(r2).toMatchObject({ status: "rejected", reason: { kind: "transient" } });
    expect(c.stats.requestTimeouts).toBe(2);
    expect(c.stats.pending).toBe(0);
  });

  test("malformed frames are counted by kind and skipped; a throwing handler becomes an event", async () => {
    const s = rpcServer();
    cleanups.push(s.stop);
    const events: WsClientEvent[] = [];
    const c = client(s.url, {}, events);
    let calls = 0;
    const sub = c.subscribe("aSubscribe", [], () => {
      calls++;
      throw new Error("handler bug");
    });
    await waitFor(() => sub.subscription !== null);
    s.sendRaw('{"jsonrpc":"2.0","method":"aNotification","params":{"resu');
    s.sendRaw(new Uint8Array([0x7b, 0xff, 0x7d]));
    s.sendRaw('{"jsonrpc":"2.0","method":"aNotification","params":{"result":1,"subscription":999}}');
    s.sendRaw('{"jsonrpc":"2.0","method":"aNotification","params":"x"}');
    s.sendRaw("42");
    s.notifyAll("aNotification", 7);
    await waitFor(() => calls === 1);
    expect(c.stats.malformed).toEqual({ json: 1, utf8: 1, "unknown-subscription": 1, shape: 2 });
    expect(events.some((e) => e.type === "handler-error" && e.error.message === "handler bug")).toBe(true);
    expect(c.stats.handlerErrors).toBe(1);
    expect(c.stats.open).toBe(true);
  });

  test("a dropped connection reconnects and re-subscribes; notifications route with the new id", async () => {
    const s = rpcServer();
    cleanups.push(s.stop);
    const events: WsClientEvent[] = [];
    const c = client(s.url, {}, events);
    const got: unknown[] = [];
    const sub = c.subscribe("logsSubscribe", [], (r) => got.push(r));
    await waitFor(() => sub.subscription !== null);
    const first = sub.subscription;
    s.dropAll();
    await waitFor(() => sub.subscription !== null && sub.subscription !== first, 3_000, "resubscribe");
    expect(events.some((e) => e.type === "subscribed" && e.resubscribe)).toBe(true);
    expect(c.stats.reconnects).toBe(1);
    expect(s.opens).toBe(2);
    s.notifyAll("logsNotification", "after");
    await waitFor(() => got.length === 1);
    expect(got).toEqual(["after"]);
  });

  test("the heartbeat watchdog reconnects a socket that accepts and never sends", async () => {
    const s = rpcServer({ silent: true });
    cleanups.push(s.stop);
    const events: WsClientEvent[] = [];
    const c = client(s.url, { heartbeatMs: 100 }, events);
    c.subscribe("slotSubscribe", [], () => {});
    await waitFor(() => s.opens >= 3, 3_000, "two watchdog reconnects");
    expect(c.stats.heartbeatTimeouts).toBeGreaterThanOrEqual(2);
    const timeout = events.find((e) => e.type === "heartbeat-timeout");
    expect(timeout && timeout.type === "heartbeat-timeout" && timeout.silentMs >= 100).toBe(true);
    expect(c.stats.frames).toBe(0);
  });

  test("aborting the signal closes the socket for good and rejects pending requests", async () => {
    const s = rpcServer();
    cleanups.push(s.stop);
    const ac = new AbortController();
    const events: WsClientEvent[] = [];
    const c = client(s.url, { signal: ac.signal }, events);
    await waitFor(() => c.stats.open);
    const p = c.request("never", []);
    ac.abort();
    await expect(p).rejects.toMatchObject({ kind: "transient" });
    expect(c.stats.open).toBe(false);
    expect(events.at(-1)).toEqual({ type: "closed" });
    await Bun.sleep(50);
    expect(s.opens).toBe(1);
  });
});

/** Fake timers: nothing runs until the test fires it; every requested delay is recorded. */
class FakeTimers implements WsTimers {
  queue: Array<{ fn: () => void; ms: number; id: number }> = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.queue.push({ fn, ms, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
}

/** A socket that never opens; the test closes it. */
function fakeSocketFactory() {
  const sockets: WsSocket[] = [];
  const create = (): WsSocket => {
    const s: WsSocket = { readyState: 0, binaryType: "arraybuffer", send() {}, close() {}, onopen: null, onmessage: null, onclose: null, onerror: null } as unknown as WsSocket;
    sockets.push(s);
    return s;
  };
  return { sockets, create };
}

describe("ws-client backoff (fake timers, seeded jitter)", () => {
  test("wsBackoffDelay: exponential, capped, jittered within [d*(1-j), d]", () => {
    const policy = { initialMs: 100, factor: 2, maxMs: 1_000, jitter: 0.5 };
    const rng = seededRng(9);
    const cases: Array<[number, number]> = [[1, 100], [2, 200], [3, 400], [4, 800], [5, 1_000], [9, 1_000]];
    for (const [attempt, d] of cases) {
      const got = wsBackoffDelay(attempt, policy, rng);
      expect(got).toBeGreaterThanOrEqual(d * 0.5);
      expect(got).toBeLessThanOrEqual(d);
    }
    expect(wsBackoffDelay(3, { ...policy, jitter: 0 }, rng)).toBe(400);
  });

  test("repeated failures wait the jittered exponential sequence of the injected RNG", () => {
    const timers = new FakeTimers();
    const f = fakeSocketFactory();
    const policy = { initialMs: 100, factor: 2, maxMs: 800, jitter: 0.5 };
    const c = createWsClient({ url: "ws://127.0.0.1:9", timers, rng: seededRng(42), backoff: policy, heartbeatMs: 60_000, createSocket: f.create });
    const reference = seededRng(42);
    const expected = [1, 2, 3, 4, 5, 6].map((n) => wsBackoffDelay(n, policy, reference));
    const waited: number[] = [];
    for (let k = 0; k < 6; k++) {
      f.sockets.at(-1)!.onclose!({ code: 1006, reason: "refused" } as CloseEvent);
      // The watchdog re-arms every heartbeatMs / 4 = 15 s; the other timer is the reconnect.
      const reconnect = timers.queue.find((t) => t.ms !== 15_000)!;
      waited.push(reconnect.ms);
      timers.clearTimeout(reconnect.id);
      reconnect.fn();
    }
    expect(waited).toEqual(expected);
    expect(new Set(waited).size).toBeGreaterThan(3); // jitter spreads them
    expect(waited[5]).toBeLessThanOrEqual(800);
    expect(c.stats.reconnectAttempts).toBe(6);
    expect(f.sockets.length).toBe(7);
    c.close();
    expect(timers.queue.length).toBe(0);
  });

  test("a connection that stayed up for stableAfterMs resets the backoff to the first step", () => {
    const timers = new FakeTimers();
    const f = fakeSocketFactory();
    const clock = new ManualClock();
    const policy = { initialMs: 100, factor: 2, maxMs: 800, jitter: 0 };
    const c = createWsClient({ url: "ws://127.0.0.1:9", clock, timers, backoff: policy, heartbeatMs: 60_000, stableAfterMs: 1_000, createSocket: f.create });
    const fail = () => f.sockets.at(-1)!.onclose!({ code: 1006, reason: "x" } as CloseEvent);
    const next = () => {
      const t = timers.queue.find((q) => q.ms !== 15_000)!;
      timers.clearTimeout(t.id);
      t.fn();
      return t.ms;
    };
    fail();
    expect(next()).toBe(100);
    fail();
    expect(next()).toBe(200);
    const s = f.sockets.at(-1)! as { readyState: number };
    s.readyState = 1;
    f.sockets.at(-1)!.onopen!(new Event("open"));
    clock.advance(1_500);
    fail();
    expect(next()).toBe(100);
    expect(c.stats.connects).toBe(1);
    c.close();
  });
});
