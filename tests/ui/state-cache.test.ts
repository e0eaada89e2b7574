import { describe, expect, test } from "bun:test";
import { DropOldestRing, StateCache, createUi } from "../../src/ui/index.ts";
import { bridgeTick } from "../../src/actors/ui-bridge.actor.ts";
import { HOSTILE, mint, trade } from "./helpers.ts";

describe("DropOldestRing", () => {
  test("keeps the newest `capacity` items and counts the evicted ones", () => {
    const ring = new DropOldestRing<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.dropped).toBe(2);
    expect(ring.drain()).toEqual([3, 4, 5]);
    expect(ring.size).toBe(0);
    ring.push(6);
    expect(ring.drain()).toEqual([6]);
  });
  test("rejects a bad capacity", () => {
    expect(() => new DropOldestRing(0)).toThrow(RangeError);
  });
});

describe("StateCache", () => {
  test("coalesces prices and positions per key; take() empties the dirty parts", () => {
    const cache = new StateCache();
    const m = mint();
    for (let i = 1; i <= 100; i++) cache.price(m, i);
    const d = cache.take();
    expect(d.prices.size).toBe(1);
    expect(d.prices.get(m)).toBe(100);
    expect(cache.take().prices.size).toBe(0);
  });

  test("new keys beyond the bound are counted, existing keys still update", () => {
    const cache = new StateCache({ keys: 2 });
    cache.price("a", 1);
    cache.price("b", 1);
    cache.price("c", 1);
    cache.price("a", 2);
    expect(cache.counters().dropped.keys).toBe(1);
    expect([...cache.take().prices]).toEqual([["a", 2], ["b", 1]]);
  });

  test("writes are cheap: 200k launches in well under a second, never throwing", () => {
    const cache = new StateCache({ launches: 1024 });
    const m = mint();
    const t0 = performance.now();
    for (let i = 0; i < 200_000; i++) cache.launch({ mint: m, name: HOSTILE, symbol: "X", at: i });
    expect(performance.now() - t0).toBeLessThan(1000);
    const c = cache.counters();
    expect(c.written.launches).toBe(200_000);
    expect(c.dropped.launches).toBe(200_000 - 1024);
  });
});

describe("projection into the UiState", () => {
  test("positions: PnL from the price, distance to each exit rule, time rules count down", () => {
    const ui = createUi({ mode: "sim" });
    const m = mint();
    ui.cache.positionUpdated({
      mint: m,
      name: HOSTILE,
      symbol: "EVIL",
      openedAt: 1000,
      costLamports: 1_000_000n,
      tokens: 1000n,
      entryPrice: 1000,
      exits: [
        { rule: "take_profit", triggerPrice: 1500 },
        { rule: "stop_loss", triggerPrice: 800 },
        { rule: "max_hold", deadlineAt: 61_000 },
      ],
    });
    ui.cache.price(m, 1200);
    bridgeTick({ ui, clock: { now: () => 31_000, monotonic: () => 0 } }, false);
    const [p] = ui.store.get().positions;
    expect(p?.currentPrice).toBe(1200);
    expect(p?.markLamports).toBe("1200000");
    expect(p?.pnlLamports).toBe("200000");
    expect(p?.pnlPct).toBeCloseTo(20);
    expect(p?.exits.map((e) => [e.rule, e.distancePct === null ? null : Math.round(e.distancePct), e.msLeft])).toEqual([
      ["take_profit", 25, null],
      ["stop_loss", -33, null],
      ["max_hold", null, 30_000],
    ]);
    ui.cache.positionClosed(m);
    bridgeTick({ ui }, false);
    expect(ui.store.get().positions).toEqual([]);
  });

  test("trades feed the table (newest first) and the cumulative PnL curve", () => {
    const ui = createUi({ mode: "sim" });
    ui.cache.trade(trade({ proceedsLamports: 1_500_000_000n }));
    ui.cache.trade(trade({ proceedsLamports: 800_000_000n }));
    bridgeTick({ ui }, false);
    const s = ui.store.get();
    expect(s.trades.map((t) => t.pnlLamports)).toEqual(["-200000000", "500000000"]);
    expect(s.pnl.map((p) => p.cumulativeLamports)).toEqual(["500000000", "300000000"]);
    expect(s.status.counters.trades).toBe(2);
  });

  test("feed keeps launch/decision order, names decisions from their launch, bounds hostile text", () => {
    const ui = createUi({ mode: "sim" });
    const m = mint();
    ui.cache.launch({ mint: m, name: "x".repeat(500), symbol: "S", at: 1 });
    ui.cache.decision({ mint: m, action: "skip", reason: "creator blacklisted", at: 2 });
    bridgeTick({ ui }, false);
    const feed = ui.store.get().feed;
    expect(feed.map((f) => f.kind)).toEqual(["decision", "launch"]);
    expect(feed[0]?.symbol).toBe("S");
    expect(feed[1]!.name.length).toBeLessThanOrEqual(120);
  });

  test("status: wallet, balance, pause flag, endpoint health, drop counters", () => {
    const ui = createUi({ mode: "paper", cacheBounds: { launches: 2 } });
    ui.cache.walletAddress("Wallet111");
    ui.cache.balanceLamports(2_500_000_000n);
    ui.cache.paused(true);
    ui.cache.endpoint("rpc", { ok: false, latencyMs: 30, error: "HTTP 429", at: 5 });
    for (let i = 0; i < 5; i++) ui.cache.launch({ mint: mint(), name: "n", symbol: "s", at: i });
    const changed = bridgeTick({ ui }, false);
    expect(changed.has("status")).toBe(true);
    const s = ui.store.get().status;
    expect(s).toMatchObject({ mode: "paper", wallet: "Wallet111", balanceLamports: "2500000000", paused: true });
    expect(s.endpoints).toEqual([{ name: "rpc", ok: false, latencyMs: 30, error: "HTTP 429", checkedAt: 5 }]);
    expect(s.counters.launches).toBe(2);
    expect(s.counters.launchesDropped).toBe(3);
    expect(bridgeTick({ ui }, false).has("status")).toBe(false); // nothing new: nothing published
  });
});
