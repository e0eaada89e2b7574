import { describe, expect, test } from "bun:test";
import { FATE_PROFILES, MarketPlanner, type MarketAction, type MarketOptions } from "../../../src/sim/market/index.ts";
import { TokenStory } from "../../../src/sim/market/story.ts";
import { seededRng } from "../../../src/rng.ts";

const SOL = 1_000_000_000n;
const key = (a: MarketAction): string => JSON.stringify(a, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
const launches = (p: MarketPlanner, n: number) => {
  const out: Extract<MarketAction, { kind: "launch" }>[] = [];
  for (const a of p) {
    if (a.kind === "launch") out.push(a);
    if (out.length === n) break;
  }
  return out;
};
/** A fast planner: no trade flow, so launches dominate the stream. */
const quiet = (o: Partial<MarketOptions>) => new MarketPlanner({ tradeRatePerToken: 0, ...o });

describe("market planner: determinism", () => {
  test("same seed gives the same first 10,000 actions", () => {
    const a = new MarketPlanner({ seed: 42, launchRatePerSec: 2 }).take(10_000).map(key);
    const b = new MarketPlanner({ seed: 42, launchRatePerSec: 2 }).take(10_000).map(key);
    expect(a.length).toBe(10_000);
    expect(a).toEqual(b);
  });

  test("different seeds differ", () => {
    const a = new MarketPlanner({ seed: 1 }).take(200).map(key);
    const b = new MarketPlanner({ seed: 2 }).take(200).map(key);
    expect(a).not.toEqual(b);
  });

  test("actions are time-ordered integers and every action after a launch names a launched mint", () => {
    const p = new MarketPlanner({ seed: 3, launchRatePerSec: 3 });
    let last = 0;
    const launched = new Set<number>(), ended = new Set<number>();
    for (const a of p.take(20_000)) {
      expect(Number.isInteger(a.at)).toBe(true);
      expect(a.at).toBeGreaterThanOrEqual(last);
      last = a.at;
      if (a.kind === "launch") launched.add(a.mintRef);
      else {
        expect(launched.has(a.mintRef)).toBe(true);
        expect(ended.has(a.mintRef)).toBe(false);
        if (a.kind === "story-end") ended.add(a.mintRef);
      }
    }
  });

  test("durationMs ends the launches; running stories play out and the stream ends", () => {
    const all = [...new MarketPlanner({ seed: 5, launchRatePerSec: 1, durationMs: 20_000 })];
    const ls = all.filter((a) => a.kind === "launch");
    expect(ls.length).toBeGreaterThan(5);
    expect(ls.every((a) => a.at < 20_000)).toBe(true);
    expect(all.filter((a) => a.kind === "story-end").length).toBe(ls.length);
  });
});

describe("market planner: launch arrivals", () => {
  test("Poisson arrivals at the configured rate", () => {
    for (const rate of [0.5, 5, 50]) {
      const p = quiet({ seed: 9, launchRatePerSec: rate, durationMs: (2_000 / rate) * 1000 });
      const n = [...p].filter((a) => a.kind === "launch").length;
      // 2,000 expected; Poisson sd ~45: +-5% is > 2 sd.
      expect(n).toBeGreaterThan(1_900);
      expect(n).toBeLessThan(2_100);
    }
  });

  test("inter-arrival times look exponential (coefficient of variation ~1)", () => {
    const at = launches(quiet({ seed: 11, launchRatePerSec: 10 }), 3_000).map((a) => a.at);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeGreaterThan(90);
    expect(mean).toBeLessThan(110);
    expect(sd / mean).toBeGreaterThan(0.9);
    expect(sd / mean).toBeLessThan(1.1);
  });
});

describe("market planner: fates and names", () => {
  test("the fate mix is respected over many launches", () => {
    const mix = { rug: 4, pumpDump: 3, slowBleed: 2, graduation: 1 };
    const ls = launches(quiet({ seed: 13, launchRatePerSec: 100, fateMix: mix }), 10_000);
    for (const [fate, w] of Object.entries(mix)) {
      const share = ls.filter((a) => a.launch.fate === fate).length / ls.length;
      expect(Math.abs(share - w / 10)).toBeLessThan(0.02);
    }
    const none = launches(quiet({ seed: 13, launchRatePerSec: 100, fateMix: { rug: 0, pumpDump: 0, slowBleed: 1, graduation: 0 } }), 500);
    expect(none.every((a) => a.launch.fate === "slowBleed")).toBe(true);
  });

  test("adversarial names at the configured share, bounded in length, and hostile", () => {
    for (const share of [0, 0.25, 1]) {
      const ls = launches(quiet({ seed: 17, launchRatePerSec: 100, adversarialShare: share, maxNameLength: 300 }), 4_000);
      const hostile = ls.filter((a) => a.launch.adversarial);
      expect(Math.abs(hostile.length / ls.length - share)).toBeLessThan(0.02);
      expect(ls.every((a) => a.launch.name.length <= 300 && a.launch.symbol.length <= 300)).toBe(true);
      if (share === 1) {
        const names = hostile.map((a) => a.launch.name);
        expect(names.some((n) => n.includes("<img src=x onerror=alert(1)>"))).toBe(true);
        expect(names.some((n) => /^[=+\-@]/.test(n))).toBe(true);
        expect(names.some((n) => n.includes("\u202E"))).toBe(true);
        expect(names.some((n) => /[\u0000-\u001f]/.test(n))).toBe(true);
        expect(names.some((n) => n.length >= 200)).toBe(true);
        expect(names.some((n) => /\p{Extended_Pictographic}/u.test(n))).toBe(true);
      }
      if (share === 0) expect(ls.every((a) => /^[A-Za-z0-9 ]+$/.test(a.launch.name))).toBe(true);
    }
  });

  test("token programs follow token2022Share", () => {
    const ls = launches(quiet({ seed: 19, launchRatePerSec: 100, token2022Share: 0.3 }), 4_000);
    const share = ls.filter((a) => a.launch.tokenProgram === "token-2022").length / ls.length;
    expect(Math.abs(share - 0.3)).toBeLessThan(0.03);
  });
});

/** All actions of the first `n` stories of a single-fate market, grouped by mintRef. */
function stories(fate: keyof MarketOptions["fateMix"], n: number, seed = 23): Map<number, MarketAction[]> {
  const fateMix = { rug: 0, pumpDump: 0, slowBleed: 0, graduation: 0, [fate]: 1 };
  const p = new MarketPlanner({ seed, fateMix, launchRatePerSec: 0.2, durationMs: (n / 0.2) * 1000 });
  const by = new Map<number, MarketAction[]>();
  for (const a of p) by.set(a.mintRef, [...(by.get(a.mintRef) ?? []), a]);
  return by;
}
const buys = (as: MarketAction[]) => as.filter((a) => a.kind === "trade" && a.side === "buy");
const sells = (as: MarketAction[]) => as.filter((a) => a.kind === "trade" && a.side === "sell");

describe("market planner: fates shape the flow", () => {
  test("rug: buys, then the creator dumps, then mostly sells", () => {
    for (const as of stories("rug", 20).values()) {
      const dump = as.findIndex((a) => a.kind === "creator-dump");
      expect(dump).toBeGreaterThan(0);
      const launch = as[0]!;
      expect(launch.kind === "launch" && launch.launch.devBuyLamports > 0n).toBe(true);
      const before = as.slice(1, dump), after = as.slice(dump + 1);
      expect(sells(before).length).toBeLessThanOrEqual(buys(before).length);
      expect(buys(after).length).toBeLessThanOrEqual(sells(after).length + 1);
      expect(as.at(-1)!.kind).toBe("story-end");
    }
  });

  test("pump-dump: a buying wave then a selling wave", () => {
    let early = 0, late = 0;
    for (const as of stories("pumpDump", 20).values()) {
      const trades = as.filter((a) => a.kind === "trade");
      const half = Math.floor(trades.length / 3);
      early += buys(trades.slice(0, half)).length / Math.max(1, half);
      late += sells(trades.slice(-half)).length / Math.max(1, half);
    }
    expect(early / 20).toBeGreaterThan(0.7);
    expect(late / 20).toBeGreaterThan(0.6);
  });

  test("slow bleed: sells slightly outweigh buys", () => {
    let b = 0, s = 0;
    for (const as of stories("slowBleed", 30).values()) {
      b += buys(as).length;
      s += sells(as).length;
    }
    expect(s).toBeGreaterThan(b);
    expect(s).toBeLessThan(b * 1.6);
  });

  test("graduation: buying goes on until ~85 SOL of real deposits", () => {
    for (const as of stories("graduation", 10).values()) {
      const spent = buys(as).reduce((sum, a) => sum + (a.kind === "trade" && a.side === "buy" ? a.lamports : 0n), 0n);
      const launch = as[0]!;
      const dev = launch.kind === "launch" ? launch.launch.devBuyLamports : 0n;
      expect(spent + dev).toBeGreaterThan(85n * SOL);
      expect(as.at(-1)!.kind).toBe("story-end");
    }
  });

  test("sells only name wallets that bought that token", () => {
    const p = new MarketPlanner({ seed: 29, launchRatePerSec: 2 });
    const holders = new Map<number, Set<string>>();
    for (const a of p.take(30_000)) {
      if (a.kind !== "trade") continue;
      if (a.side === "buy") holders.set(a.mintRef, (holders.get(a.mintRef) ?? new Set()).add(a.trader));
      else expect(holders.get(a.mintRef)?.has(a.trader)).toBe(true);
    }
  });
});

describe("market planner: flow and memory", () => {
  /** Trades per 5 s bin of one slow-bleed story (one long phase at 0.6 x tradeRate). */
  const perSecondCounts = (burstiness: number): number[] => {
    const ctx = { ratePerMs: 0.02, burstiness, burstDecayMs: 1500, buyLamports: { min: 10_000_000n, max: 100_000_000n }, traderCount: 50, trader: (i: number) => `t${i}` };
    const story = new TokenStory(0, "slowBleed", FATE_PROFILES.slowBleed, "creator", 0n, 0, seededRng(31), ctx);
    const bins = new Map<number, number>();
    let end = 0;
    for (let step = story.nextAction(); step; step = story.nextAction()) {
      if (step.action.kind === "trade") bins.set(Math.floor(step.t / 5000), (bins.get(Math.floor(step.t / 5000)) ?? 0) + 1);
      end = step.t;
    }
    return [...Array(Math.floor(end / 5000)).keys()].map((s) => bins.get(s) ?? 0);
  };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const dispersion = (xs: number[]) => xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / xs.length / mean(xs);

  test("burstiness clusters trades (index of dispersion rises) and keeps the mean rate", () => {
    const calm = perSecondCounts(0), bursty = perSecondCounts(0.8);
    // Plain Poisson: dispersion ~1; 20/s x 0.6 = 12 trades/s = 60 per bin.
    expect(dispersion(calm)).toBeLessThan(2);
    expect(dispersion(bursty)).toBeGreaterThan(4);
    expect(Math.abs(mean(calm) - 60)).toBeLessThan(6);
    expect(Math.abs(mean(bursty) - 60)).toBeLessThan(10);
  });

  test("live stories stay under maxLiveTokens; launches over the cap have no flow", () => {
    const p = new MarketPlanner({ seed: 37, launchRatePerSec: 20, maxLiveTokens: 5 });
    const flowing = new Set<number>();
    let launched = 0;
    for (const a of p.take(50_000)) {
      expect(p.liveStories).toBeLessThanOrEqual(5);
      if (a.kind === "launch") launched++;
      if (a.kind === "trade") flowing.add(a.mintRef);
    }
    expect(launched).toBeGreaterThan(flowing.size + 100);
    // Every launch, with flow or not, ends its story (so a driver can drop its state).
    const ends = new MarketPlanner({ seed: 37, launchRatePerSec: 20, maxLiveTokens: 5, durationMs: 30_000 });
    const all = [...ends];
    expect(all.filter((a) => a.kind === "story-end").length).toBe(all.filter((a) => a.kind === "launch").length);
    expect(ends.liveStories).toBe(0);
  });

  test("wallets are deterministic keypairs from the seed, and the plan names them", () => {
    const a = new MarketPlanner({ seed: 41, traders: 10, creators: 3 });
    const b = new MarketPlanner({ seed: 41, traders: 10, creators: 3 });
    const c = new MarketPlanner({ seed: 42, traders: 10, creators: 3 });
    expect(a.wallets.pubkey("trader", 7)).toBe(b.wallets.pubkey("trader", 7));
    expect(a.wallets.pubkey("trader", 7)).not.toBe(c.wallets.pubkey("trader", 7));
    expect(a.wallets.pubkey("trader", 0)).not.toBe(a.wallets.pubkey("creator", 0));
    const known = new Set([...Array(10).keys()].map((i) => a.wallets.pubkey("trader", i)));
    const creators = new Set([...Array(3).keys()].map((i) => a.wallets.pubkey("creator", i)));
    for (const x of a.take(3_000)) {
      if (x.kind === "trade") expect(known.has(x.trader)).toBe(true);
      if (x.kind === "launch") expect(creators.has(x.launch.creator)).toBe(true);
    }
    const kp = a.wallets.keypair("trader", 7);
    expect(a.wallets.byAddress(kp.publicKey.toBase58())).toBe(kp);
    expect(() => a.wallets.pubkey("trader", 10)).toThrow(RangeError);
  });
});
