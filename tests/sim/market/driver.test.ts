import { describe, expect, test } from "bun:test";
import { createMarket, MarketPlanner, type MarketDriverOptions } from "../../../src/sim/market/index.ts";
import { FakeCluster } from "./fake-cluster.ts";

const opts: MarketDriverOptions = { seed: 7, launchRatePerSec: 2, tradeRatePerToken: 5, traders: 20, creators: 5 };

describe("market driver against a fake cluster", () => {
  test("runs the plan in time order on the cluster clock, funding wallets before they act", () => {
    const cluster = new FakeCluster();
    const market = createMarket(opts);
    const start = cluster.now();
    market.start(cluster);
    cluster.advance(60_000);
    market.stop();

    const plan = new MarketPlanner(opts);
    const launches = cluster.calls.filter((c) => c.op === "launch");
    expect(launches.length).toBeGreaterThan(50);
    let last = 0;
    const funded = new Set<string>(), mints = new Set<string>();
    for (const c of cluster.calls) {
      expect(c.at).toBeGreaterThanOrEqual(last);
      last = c.at;
      if (c.op === "fund") funded.add(c.pubkey);
      if (c.op === "launch") {
        expect(funded.has(c.params.creator)).toBe(true);
        mints.add(c.mint);
      }
      if (c.op === "trade") {
        expect(mints.has(c.params.mint)).toBe(true);
        if (c.params.side === "buy") expect(funded.has(c.params.trader)).toBe(true);
      }
    }
    // Each launch happens exactly when the plan says, with the plan's parameters.
    const planned = plan.take(100_000).filter((a) => a.kind === "launch" && a.at <= 60_000);
    expect(launches.length).toBe(planned.length);
    launches.forEach((c, i) => {
      const p = planned[i]!;
      if (p.kind !== "launch" || c.op !== "launch") throw new Error("unreachable");
      expect(c.at).toBe(start + p.at);
      expect(c.params.name).toBe(p.launch.name);
      expect(c.params.creator).toBe(p.launch.creator);
      expect(c.params.tokenProgram).toBe(p.launch.tokenProgram);
      expect(c.params.devBuyLamports).toBe(p.launch.devBuyLamports);
      expect("fate" in c.params).toBe(false);
    });
    // Each wallet is funded once.
    const funds = cluster.calls.filter((c) => c.op === "fund");
    expect(new Set(funds.map((f) => f.op === "fund" && f.pubkey)).size).toBe(funds.length);
    expect(market.stats().launches).toBe(launches.length);
  });

  test("one timer at a time; actions due together run in one callback", () => {
    const cluster = new FakeCluster();
    const market = createMarket({ ...opts, launchRatePerSec: 20, tradeRatePerToken: 100 });
    market.start(cluster);
    for (let i = 0; i < 100; i++) cluster.advance(100);
    market.stop();
    const trades = cluster.calls.filter((c) => c.op === "trade").length;
    expect(trades).toBeGreaterThan(5_000);
    expect(cluster.maxPendingTimers).toBe(1);
    // Integer-ms plan times: at most one timer per distinct millisecond with work.
    expect(cluster.scheduled).toBeLessThanOrEqual(10_001);
    expect(cluster.scheduled).toBeLessThan(trades);
  });

  test("sells a share of the seller's real holding; the creator dump sells everything", () => {
    const cluster = new FakeCluster();
    const rug = { ...opts, fateMix: { rug: 1, pumpDump: 0, slowBleed: 0, graduation: 0 } };
    const creators = new Set([...Array(5).keys()].map((i) => new MarketPlanner(rug).wallets.pubkey("creator", i)));
    const sells: Array<{ seller: string; held: bigint; sold: bigint }> = [];
    const trade = cluster.trade.bind(cluster);
    cluster.trade = (p) => {
      if (p.side === "sell") sells.push({ seller: p.trader, held: cluster.tokenBalance(p.trader, p.mint), sold: p.tokens! });
      return trade(p);
    };
    const market = createMarket(rug);
    market.start(cluster);
    cluster.advance(120_000);
    market.stop();
    const dumps = sells.filter((x) => creators.has(x.seller));
    const others = sells.filter((x) => !creators.has(x.seller));
    expect(dumps.length).toBe(market.stats().creatorDumps);
    expect(dumps.length).toBeGreaterThan(5);
    for (const d of dumps) expect(d.sold).toBe(d.held);
    expect(others.length).toBeGreaterThan(10);
    for (const x of others) {
      // Rug phases sell 20-100 % of a holding (integer division may shave a unit).
      expect(x.sold > 0n && x.sold <= x.held).toBe(true);
      expect(x.sold * 10_000n).toBeGreaterThanOrEqual(x.held * 2_000n - 10_000n);
    }
  });

  test("refusals and exceptions are counted and the market goes on; stop cancels the timer", () => {
    const cluster = new FakeCluster();
    const errors: unknown[] = [];
    let n = 0;
    cluster.refuse = () => {
      if (++n % 7 === 0) throw new Error("cluster exploded");
      return n % 3 === 0 ? "slippage" : undefined;
    };
    const market = createMarket({ ...opts, onError: (e) => errors.push(e) });
    market.start(cluster);
    cluster.advance(30_000);
    const s = market.stats();
    expect(s.tradesRefused.slippage).toBeGreaterThan(0);
    expect(s.errors).toBeGreaterThan(0);
    expect(errors.length).toBe(s.errors);
    expect(s.tradesOk).toBeGreaterThan(0);
    market.stop();
    const before = cluster.calls.length;
    cluster.advance(30_000);
    expect(cluster.calls.length).toBe(before);
    expect(() => market.start(cluster)).not.toThrow();
    market.stop();
  });

  test("a started market refuses a second start", () => {
    const cluster = new FakeCluster();
    const market = createMarket(opts);
    market.start(cluster);
    expect(() => market.start(cluster)).toThrow("already started");
    market.stop();
  });
});

describe("market driver throughput", () => {
  test("sustains well over 2,000 trades per virtual second, faster than real time", () => {
    const cluster = new FakeCluster();
    const market = createMarket({ seed: 1, launchRatePerSec: 20, tradeRatePerToken: 10 });
    const t0 = performance.now();
    market.start(cluster);
    for (let i = 0; i < 30; i++) cluster.advance(1_000);
    market.stop();
    const elapsed = performance.now() - t0;
    const { tradesOk } = market.stats();
    // Over the last 10 s the market is warm (hundreds of live tokens).
    const late = cluster.calls.filter((c) => c.op === "trade" && c.at >= cluster.now() - 10_000).length;
    expect(late / 10).toBeGreaterThan(2_000);
    expect(tradesOk).toBeGreaterThan(40_000);
    expect(elapsed).toBeLessThan(15_000);
  });
});

describe("market driver: completion and restart", () => {
  test("a trade that completes the curve retires the mint: later trades on it are skipped", () => {
    const cluster = new FakeCluster();
    const grad = { ...opts, launchRatePerSec: 0.5, fateMix: { rug: 0, pumpDump: 0, slowBleed: 0, graduation: 1 } };
    const bought = new Map<string, bigint>();
    const trade = cluster.trade.bind(cluster);
    cluster.trade = (p) => {
      const r = trade(p);
      if (!r.ok || p.side !== "buy") return r;
      const total = (bought.get(p.mint) ?? 0n) + p.lamports!;
      bought.set(p.mint, total);
      return { ...r, complete: total >= 85_000_000_000n };
    };
    const market = createMarket(grad);
    market.start(cluster);
    cluster.advance(300_000);
    market.stop();
    const s = market.stats();
    expect(s.graduations).toBeGreaterThan(3);
    // After its completing trade, no call names the mint again.
    const completedAt = new Map<string, number>();
    cluster.calls.forEach((c, i) => {
      if (c.op !== "trade") return;
      expect(completedAt.has(c.params.mint)).toBe(false);
      if (c.result.ok && c.result.complete) completedAt.set(c.params.mint, i);
    });
    expect(s.tradesSkipped).toBeGreaterThan(0);
  });

  test("stop then start resumes the plan where it stopped", () => {
    const cluster = new FakeCluster();
    const market = createMarket(opts);
    market.start(cluster);
    cluster.advance(10_000);
    market.stop();
    const stoppedAt = market.stats().lastActionAt;
    cluster.advance(50_000);
    const before = cluster.calls.length;
    market.start(cluster);
    const restart = cluster.now();
    cluster.advance(5_000);
    const after = cluster.calls.slice(before);
    expect(after.length).toBeGreaterThan(0);
    // Plan time continues from where it stopped: the first resumed action is within a few s of the restart.
    expect(after[0]!.at - restart).toBeLessThan(5_000);
    expect(market.stats().lastActionAt).toBeGreaterThan(stoppedAt);
    expect(market.stats().lastActionAt).toBeLessThanOrEqual(stoppedAt + 5_000);
    market.stop();
  });
});
