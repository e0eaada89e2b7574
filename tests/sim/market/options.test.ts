import { describe, expect, test } from "bun:test";
import { SniperError } from "../../../src/errors.ts";
import { DEFAULT_MARKET_OPTIONS, MarketPlanner, resolveMarketOptions, type MarketOptionsInput } from "../../../src/sim/market/index.ts";

describe("market options", () => {
  test("defaults fill what is missing, nested fields too", () => {
    const o = resolveMarketOptions({ seed: 5, fateMix: { rug: 1 } });
    expect(o.seed).toBe(5);
    expect(o.fateMix).toEqual({ ...DEFAULT_MARKET_OPTIONS.fateMix, rug: 1 });
    expect(o.traders).toBe(DEFAULT_MARKET_OPTIONS.traders);
  });

  test.each([
    ["market.seed", { seed: 1.5 }],
    ["market.launchRatePerSec", { launchRatePerSec: 0 }],
    ["market.fateMix needs a positive weight", { fateMix: { rug: 0, pumpDump: 0, slowBleed: 0, graduation: 0 } }],
    ["market.fateMix.rug", { fateMix: { rug: -1, pumpDump: 1, slowBleed: 0, graduation: 0 } }],
    ["market.traders", { traders: 0 }],
    ["market.burstiness must be in [0, 0.95]", { burstiness: 1 }],
    ["market.adversarialShare", { adversarialShare: 1.2 }],
    ["market.buyLamports", { buyLamports: { min: 10n, max: 5n } }],
    ["market.durationMs", { durationMs: -1 }],
  ] as Array<[string, MarketOptionsInput]>)("a config error naming %s", (message, bad) => {
    let caught: unknown;
    try {
      resolveMarketOptions(bad);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SniperError);
    expect((caught as SniperError).kind).toBe("config");
    expect((caught as SniperError).message).toContain(message);
  });
});

describe("fate profiles", () => {
  test("a partial profile map overrides only the fates it names, and is validated", () => {
    const fast = { ...DEFAULT_MARKET_OPTIONS.fateProfiles.rug, phases: [{ ...DEFAULT_MARKET_OPTIONS.fateProfiles.rug.phases[0]!, durationMs: [100, 100] as const }] };
    const o = resolveMarketOptions({ fateProfiles: { rug: fast } });
    expect(o.fateProfiles.rug).toBe(fast);
    expect(o.fateProfiles.graduation).toBe(DEFAULT_MARKET_OPTIONS.fateProfiles.graduation);
    const bad = { ...fast, phases: [{ ...fast.phases[0]!, buyProb: 2 }] };
    expect(() => resolveMarketOptions({ fateProfiles: { rug: bad } })).toThrow("market.fateProfiles.rug.phases[0].buyProb must be in [0, 1]");
    expect(() => resolveMarketOptions({ fateProfiles: { slowBleed: { ...fast, phases: [] } } })).toThrow("market.fateProfiles.slowBleed.phases needs at least one phase");
  });

  test("a custom profile drives the plan", () => {
    const quick = { noDevBuyProb: 1, devBuyLamports: [2n, 2n] as const, phases: [{ name: "blip", durationMs: [1_000, 1_000] as const, rateMul: 0, buyProb: 1, buyScale: 1, sellBps: [1, 1] as const }] };
    const p = new MarketPlanner({ seed: 1, fateMix: { rug: 0, pumpDump: 0, slowBleed: 1, graduation: 0 }, fateProfiles: { slowBleed: quick }, durationMs: 10_000 });
    const all = [...p];
    expect(all.every((a) => a.kind === "launch" || a.kind === "story-end")).toBe(true);
    const launchAt = new Map(all.filter((a) => a.kind === "launch").map((a) => [a.mintRef, a.at]));
    for (const a of all) if (a.kind === "story-end") expect(a.at - launchAt.get(a.mintRef)!).toBeLessThanOrEqual(1_000);
  });
});
