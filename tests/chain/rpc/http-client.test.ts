import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHttpRpcClient } from "../../../src/chain/rpc/http-client.ts";
import { parseRetryAfter } from "../../../src/chain/rpc/http-errors.ts";
import { retryDelay, defaultRetryPolicy } from "../../../src/chain/rpc/retry.ts";
import { SniperError } from "../../../src/errors.ts";
import { startSimCluster, type SimCluster } from "../../../src/sim/cluster/index.ts";
import { createFaultPolicy } from "../../../src/sim/faults/index.ts";

/** A scripted loopback JSON-RPC server: each request gets the next reply of the script. */
function scripted(replies: Array<(body: any) => Response>) {
  const seen: any[] = [];
  let i = 0;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const body = await req.json();
      seen.push(body);
      const r = replies[Math.min(i++, replies.length - 1)]!;
      return r(body);
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, seen, stop: () => server.stop(true) };
}
const ok = (result: unknown) => (b: any) => Response.json({ jsonrpc: "2.0", id: b.id, result });

describe("http rpc client: error mapping and retries", () => {
  test("429 with Retry-After is transient and retried after the header's delay; ids are strings", async () => {
    const s = scripted([() => new Response("slow down", { status: 429, headers: { "retry-after": "0" } }), ok(42)]);
    try {
      const c = createHttpRpcClient({ endpoints: [s.url] });
      expect(await c.getBlockHeight()).toBe(42);
      expect(s.seen.length).toBe(2);
      expect(typeof s.seen[1].id).toBe("string");
      expect(s.seen[1].jsonrpc).toBe("2.0");
    } finally {
      s.stop();
    }
  });

  test("5xx is transient; attempts are bounded; the error never carries the URL", async () => {
    const s = scripted([() => new Response("boom", { status: 503 })]);
    try {
      const c = createHttpRpcClient({ endpoints: [s.url + "/?api-key=SECRETKEY"], retry: { maxAttempts: 3, baseDelayMs: 1 } });
      const e = await c.getSlot().catch((x) => x);
      expect(e).toBeInstanceOf(SniperError);
      expect(e.kind).toBe("transient");
      expect(e.details.status).toBe(503);
      expect(s.seen.length).toBe(3);
      expect(JSON.stringify(e.toJSON()) + e.message).not.toContain("SECRETKEY");
    } finally {
      s.stop();
    }
  });

  test("-32002 preflight failure is rejected with its logs and not retried", async () => {
    const s = scripted([
      (b) => Response.json({ jsonrpc: "2.0", id: b.id, error: { code: -32002, message: "Transaction simulation failed", data: { err: { InstructionError: [3, { Custom: 6042 }] }, logs: ["Program log: x"] } } }),
    ]);
    try {
      const c = createHttpRpcClient({ endpoints: [s.url] });
      const e = await c.sendRawBase64("AAAA").catch((x) => x);
      expect(e.kind).toBe("rejected");
      expect(e.details.code).toBe(-32002);
      expect(e.details.logs).toEqual(["Program log: x"]);
      expect(e.details.err).toEqual({ InstructionError: [3, { Custom: 6042 }] });
      expect(s.seen.length).toBe(1);
      expect(s.seen[0].params[1]).toEqual({ encoding: "base64", skipPreflight: true, maxRetries: 0 });
    } finally {
      s.stop();
    }
  });

  test("timeout is transient; the caller's abort stops at once without retries", async () => {
    const s = scripted([() => new Promise<Response>(() => {}) as unknown as Response]);
    try {
      const c = createHttpRpcClient({ endpoints: [s.url], timeoutMs: 50, retry: { maxAttempts: 2, baseDelayMs: 1 } });
      const e = await c.getSlot().catch((x) => x);
      expect(e.kind).toBe("transient");
      expect(e.message).toContain("no answer within 50 ms");
      const ac = new AbortController();
      const p = c.getSlot(undefined, { signal: ac.signal, timeoutMs: 10_000 }).catch((x) => x);
      setTimeout(() => ac.abort(), 20);
      const a = await p;
      expect(a.details.aborted).toBe(true);
    } finally {
      s.stop();
    }
  });

  test("failover moves to the next endpoint; round robin spreads calls; pinning stays put", async () => {
    const bad = scripted([() => new Response("x", { status: 502 })]);
    const good = scripted([ok(7)]);
    try {
      const fo = createHttpRpcClient({ endpoints: [bad.url, good.url], retry: { baseDelayMs: 1 } });
      expect(await fo.getSlot()).toBe(7);
      expect(bad.seen.length).toBe(1);
      const rr = createHttpRpcClient({ endpoints: [good.url, good.url + "/b"], strategy: "round-robin" });
      const hits: number[] = [];
      const rr2 = createHttpRpcClient({ endpoints: [good.url, good.url], strategy: "round-robin", onRequest: (_m, e) => hits.push(e) });
      await rr2.getSlot();
      await rr2.getSlot();
      expect(hits).toEqual([0, 1]);
      await rr.getSlot();
      const pin = await fo.getSlot(undefined, { endpoint: 0, retry: false }).catch((x) => x);
      expect(pin.kind).toBe("transient");
    } finally {
      bad.stop();
      good.stop();
    }
  });

  test("Retry-After parsing and retry policy as data", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    const t = new SniperError("transient", "x", {});
    expect(retryDelay(defaultRetryPolicy, 1, t)).toBe(50);
    expect(retryDelay(defaultRetryPolicy, 2, t)).toBe(100);
    expect(retryDelay(defaultRetryPolicy, 3, t)).toBeUndefined();
    expect(retryDelay(defaultRetryPolicy, 1, new SniperError("rejected", "x"))).toBeUndefined();
    expect(retryDelay(defaultRetryPolicy, 1, new SniperError("transient", "x", { retryAfterMs: 9_000 }))).toBeUndefined();
  });
});

describe("http rpc client against the simulated cluster", () => {
  let cluster: SimCluster;
  beforeAll(async () => {
    cluster = await startSimCluster({ seed: 3, slotMs: 20, httpPort: 0 });
  });
  afterAll(() => cluster.stop());

  test("typed helpers decode the cluster's answers", async () => {
    const c = createHttpRpcClient({ endpoints: [cluster.httpUrl] });
    const bh = await c.getLatestBlockhash("confirmed");
    expect(bh.blockhash.length).toBeGreaterThan(30);
    expect(bh.lastValidBlockHeight).toBeGreaterThan(await c.getBlockHeight() - 1);
    expect(await c.getSlot()).toBeGreaterThan(0);
    const who = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";
    const sig = await c.requestAirdrop(who, 1_000_000n);
    expect(await c.getBalance(who)).toBe(1_000_000n);
    const st = await c.getSignatureStatuses([sig, "1111111111111111111111111111111111111111111111111111111111111111"], true);
    expect(st[0]?.err).toBeNull();
    expect(st[1]).toBeNull();
    const acc = await c.getAccountInfo(who);
    expect(acc?.lamports).toBe(1_000_000n);
    expect(await c.getAccountInfo("8Z7a1111111111111111111111111111111111111111")).toBeNull();
    expect(Array.isArray(await c.getRecentPrioritizationFees())).toBe(true);
    await Bun.sleep(60);
    const list = await c.getSignaturesForAddress(who, { limit: 5, commitment: "confirmed" });
    expect(list[0]?.signature).toBe(sig);
    const tx = await c.getTransaction(sig);
    expect(tx?.transaction.signatures[0]).toBe(sig);
  });

  test("a 429 fault storm is retried and answered", async () => {
    const faulty = await startSimCluster({ seed: 4, slotMs: 20, httpPort: 0, faults: createFaultPolicy({ rules: ["http429:rate=0.5,retryAfter=0"], seed: 9 }) });
    try {
      const c = createHttpRpcClient({ endpoints: [faulty.httpUrl], retry: { maxAttempts: 10 } });
      for (let i = 0; i < 10; i++) expect(await c.getBlockHeight()).toBeGreaterThan(0);
      expect(faulty.referee.report().requests.total).toBeGreaterThan(10);
    } finally {
      await faulty.stop();
    }
  });
});
