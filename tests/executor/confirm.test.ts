import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHttpRpcClient } from "../../src/chain/rpc/http-client.ts";
import {
  bundleSender, clampFee, fanOut, percentileOf, PriorityFee, signatureWatcherFromWs, tradeEventsOf, networkFee, type SubscribeClient,
} from "../../src/executor/index.ts";
import { SniperError } from "../../src/errors.ts";
import type { SimCluster } from "../../src/sim/cluster/index.ts";
import { cluster, fundedWallet, landed, launch, startExecutor, until } from "./helpers.ts";

let c: SimCluster;
beforeAll(async () => {
  c = await cluster();
});
afterAll(() => c.stop());

describe("confirmation paths", () => {
  test("the listener's TradeEvent for our wallet fills the order first (no polling needed)", async () => {
    const signer = fundedWallet(c);
    const { ex, outcomes, ac, rpc } = await startExecutor(c, { signer, settings: { confirmPollMs: 60_000 } });
    try {
      const req = launch(c);
      const res = ex.buy(req);
      if (!res.ok) throw new Error(res.reason);
      await until(() => landed(c, signer.address).length === 1);
      await Bun.sleep(30);
      const tx = (await rpc.getTransaction(res.signature))!;
      const ev = tradeEventsOf(tx).find((e) => e.user === signer.address)!;
      // Someone else's trade on that signature / mint is ignored.
      ex.observeOwnTrade({ type: "trade.observed", event: { ...ev, user: req.creator }, signature: res.signature, slot: tx.slot, receivedAt: 0, seenAt: 0, source: 0 });
      expect(outcomes.length).toBe(0);
      ex.observeOwnTrade({ type: "trade.observed", event: ev, signature: res.signature, slot: tx.slot, receivedAt: 0, seenAt: 0, source: 0 });
      expect(outcomes.length).toBe(1);
      const o = outcomes[0]!;
      if (o.type !== "order.confirmed") throw new Error("not confirmed");
      expect(o.tokens).toBe(ev.tokenAmount);
      expect(o.feeLamports).toBe(ev.fee + ev.creatorFee + networkFee(100_000, 10_000n));
      expect(o.feeLamports).toBe(ev.fee + ev.creatorFee + BigInt(tx.meta!.fee));
      // Exactly once: a second sighting changes nothing.
      ex.observeOwnTrade({ type: "trade.observed", event: ev, signature: res.signature, slot: tx.slot, receivedAt: 0, seenAt: 0, source: 0 });
      expect(outcomes.length).toBe(1);
    } finally {
      ac.abort();
    }
  });

  test("a signatureSubscribe notification triggers an immediate status check; unsubscribed after settling", async () => {
    const signer = fundedWallet(c);
    const subs: { method: string; params: unknown[]; closed: boolean }[] = [];
    const ws: SubscribeClient = {
      subscribe(method, params, onNotification) {
        const s = { method, params, closed: false };
        subs.push(s);
        setTimeout(() => onNotification({ err: null }), 50);
        return { unsubscribe: () => void (s.closed = true) };
      },
    };
    const { ex, outcomes, ac } = await startExecutor(c, { signer, watcher: signatureWatcherFromWs(ws), settings: { confirmPollMs: 60_000 } });
    try {
      const res = ex.buy(launch(c));
      if (!res.ok) throw new Error(res.reason);
      await Promise.resolve(); // the watch is set up right after the send's turn
      expect(subs[0]!.method).toBe("signatureSubscribe");
      expect(subs[0]!.params[0]).toBe(res.signature);
      await until(() => outcomes.length === 1, 3000, "ws-driven confirmation");
      expect(outcomes[0]!.type).toBe("order.confirmed");
      expect(subs[0]!.closed).toBe(true);
    } finally {
      ac.abort();
    }
  });

  test("drain resolves when in-flight orders settle, or false when aborted", async () => {
    const signer = fundedWallet(c);
    const { ex, outcomes, ac } = await startExecutor(c, { signer });
    try {
      expect(await ex.drain(new AbortController().signal)).toBe(true);
      ex.buy(launch(c));
      expect(ex.inFlight()).toBe(1);
      expect(await ex.drain(AbortSignal.timeout(5000))).toBe(true);
      expect(outcomes.length).toBe(1);
      const stuck = await startExecutor(c, { signer: fundedWallet(c), settings: { confirmPollMs: 60_000 } });
      stuck.ex.buy(launch(c));
      expect(await stuck.ex.drain(AbortSignal.timeout(50))).toBe(false);
      stuck.ac.abort();
    } finally {
      ac.abort();
    }
  });
});

describe("senders and fees", () => {
  test("the bundle sender posts a Jito-style sendBundle with the base64 transaction", async () => {
    const bodies: any[] = [];
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, async fetch(req) {
      const b = await req.json();
      bodies.push(b);
      return Response.json({ jsonrpc: "2.0", id: b.id, result: "bundle-id" });
    } });
    try {
      const s = bundleSender(createHttpRpcClient({ endpoints: [`http://127.0.0.1:${server.port}`] }));
      await fanOut([s], { base64: "QUJD", signature: "sig" });
      expect(bodies[0].method).toBe("sendBundle");
      expect(bodies[0].params).toEqual([["QUJD"], { encoding: "base64" }]);
      expect(typeof bodies[0].id).toBe("string");
    } finally {
      server.stop(true);
    }
  });

  test("fan-out: first acceptance wins; rejected only when every sender rejected", async () => {
    const okS = { name: "ok", send: () => Bun.sleep(5) };
    const bad = { name: "bad", send: () => Promise.reject(new SniperError("transient", "x")) };
    const rej = { name: "rej", send: () => Promise.reject(new SniperError("rejected", "y")) };
    expect((await fanOut([bad, okS], { base64: "", signature: "" })).acceptedBy).toBe("ok");
    const mixed = await fanOut([bad, rej], { base64: "", signature: "" }).catch((x) => x);
    expect(mixed.kind).toBe("transient");
    const all = await fanOut([rej, rej], { base64: "", signature: "" }).catch((x) => x);
    expect(all.kind).toBe("rejected");
  });

  test("percentile, clamp and the fixed policy", async () => {
    expect(percentileOf([5n, 1n, 3n, 2n, 4n], 50)).toBe(3n);
    expect(percentileOf([5n, 1n, 3n, 2n, 4n], 100)).toBe(5n);
    expect(percentileOf([], 75)).toBe(0n);
    expect(clampFee(10n, 20n, 100n)).toBe(20n);
    expect(clampFee(1000n, 20n, 100n)).toBe(100n);
    const fixed = new PriorityFee({ mode: "fixed", microLamports: 7n });
    expect(await fixed.refresh()).toBe(7n);
    const dyn = new PriorityFee(
      { mode: "dynamic", percentile: 50, capMicroLamports: 1_000n, floorMicroLamports: 10n },
      { getRecentPrioritizationFees: async () => [0, 0, 400, 800, 9_999_999].map((f, i) => ({ slot: i, prioritizationFee: f })) },
    );
    expect(dyn.current()).toBe(10n);
    expect(await dyn.refresh()).toBe(400n);
  });
});

describe("with the websocket client", () => {
  test("signatureSubscribe over the real ws client confirms without polling", async () => {
    const { createWsClient } = await import("../../src/chain/rpc/ws-client.ts");
    const ac = new AbortController();
    const ws = createWsClient({ url: c.wsUrl, signal: ac.signal });
    try {
      const signer = fundedWallet(c);
      const run = await startExecutor(c, { signer, watcher: signatureWatcherFromWs(ws), settings: { confirmPollMs: 60_000 } });
      try {
        const res = run.ex.buy(launch(c));
        expect(res.ok).toBe(true);
        await until(() => run.outcomes.length === 1, 5000, "ws confirmation");
        expect(run.outcomes[0]!.type).toBe("order.confirmed");
      } finally {
        run.ac.abort();
      }
    } finally {
      ac.abort();
    }
  });
});

describe("quotes and config mapping", () => {
  test("slippage bounds from curve math; the config section maps to settings with bigint money", async () => {
    const { minTokensOutFor, minSolOutputFor, executorSettingsFromConfig } = await import("../../src/executor/index.ts");
    const { buyTokensForSol, initialCurve, MAINNET_FEES, sellSolForTokens } = await import("../../src/domain/curve.ts");
    const full = buyTokensForSol(initialCurve(), 100_000_000n, MAINNET_FEES);
    expect(minTokensOutFor(100_000_000n, 0)).toBe(full);
    expect(minTokensOutFor(100_000_000n, 1_000)).toBe((full * 9_000n) / 10_000n);
    const net = sellSolForTokens(initialCurve(), 1_000_000n, MAINNET_FEES).net;
    expect(minSolOutputFor(1_000_000n, 500, initialCurve())).toBe((net * 9_500n) / 10_000n);
    const s = executorSettingsFromConfig({
      computeUnitLimit: 90_000,
      priorityFee: { mode: "dynamic", fixedMicroLamports: 1, capMicroLamports: 500, floorMicroLamports: 5, percentile: 80, refreshMs: 1000 },
      blockhashRefreshMs: 300, maxBlockhashAgeMs: 5000, confirmPollMs: 200, confirmTimeoutMs: 60_000, maxRetries: 3, warmIntervalMs: 5, rehearseLaunchPath: true,
    });
    expect(s.priorityFee).toEqual({ mode: "dynamic", percentile: 80, capMicroLamports: 500n, floorMicroLamports: 5n, refreshMs: 1000 });
    expect(s.maxRetries).toBe(3);
    expect(s.computeUnitLimit).toBe(90_000);
    expect(s.warmIntervalMs).toBe(5);
    expect(s.rehearseLaunchPath).toBe(true);
  });
});
