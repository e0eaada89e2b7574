import { describe, expect, test } from "bun:test";
import { TOKEN_2022_PROGRAM_ID } from "../../../src/chain/pump/constants.ts";
import { buyTokensForSol, initialCurve } from "../../../src/domain/curve.ts";
import {
  compileFilterConfig, evaluateLaunch, LaunchRateLimiter, SKIP_REASONS,
  type FilterContext, type FilterSettings, type SkipReason,
} from "../../../src/domain/filters/index.ts";
import type { CreateEvent } from "../../../src/chain/pump/event-types.ts";
import { CREATOR, launch, MINT } from "./fixtures.ts";

function ctx(over: Partial<FilterContext> = {}): FilterContext {
  return {
    paused: false, nowMono: 1_000, devBuy: null, walletLamports: 10_000_000_000n, openPositions: 0,
    totalExposureLamports: 0n, exposureFor: () => 0n, alreadyBought: () => false,
    creatorHistory: { priorRugs: () => 0 }, launchRate: new LaunchRateLimiter(0), ...over,
  };
}

const dev = (lamports: bigint) => ({
  lamports, tokens: 1n, virtualSolReserves: 30_000_000_000n + lamports,
  virtualTokenReserves: 1_000_000_000_000_000n, realTokenReserves: 720_000_000_000_000n,
});

const fullRate = (() => {
  const r = new LaunchRateLimiter(1);
  r.record(900);
  return r;
})();

interface Row {
  name: string;
  settings?: Partial<FilterSettings>;
  event?: Partial<CreateEvent>;
  ctx?: Partial<FilterContext>;
  want: SkipReason | "buy";
}

const rows: Row[] = [
  { name: "defaults buy", want: "buy" },
  { name: "paused", ctx: { paused: true }, want: "paused" },
  { name: "already bought", ctx: { alreadyBought: (m) => m === MINT }, want: "already_bought" },
  { name: "token-2022 not allowed", settings: { tokenPrograms: ["TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"] }, event: { tokenProgram: TOKEN_2022_PROGRAM_ID }, want: "token_program_not_allowed" },
  { name: "old layout token program = SPL", event: { tokenProgram: "11111111111111111111111111111111" }, want: "buy" },
  { name: "creator denied", settings: { creatorDeny: [CREATOR] }, want: "creator_denied" },
  { name: "creator not allowed", settings: { creatorAllow: ["Other"] }, want: "creator_not_allowed" },
  { name: "creator allowed", settings: { creatorAllow: [CREATOR] }, want: "buy" },
  { name: "old layout creator = user", settings: { creatorDeny: ["U"] }, event: { creator: "11111111111111111111111111111111", user: "U" }, want: "creator_denied" },
  { name: "creator rugged before", ctx: { creatorHistory: { priorRugs: () => 1 } }, want: "creator_rugged_before" },
  { name: "rugs within tolerance", settings: { maxCreatorRugs: 2 }, ctx: { creatorHistory: { priorRugs: () => 2 } }, want: "buy" },
  { name: "name denied (case-insensitive)", settings: { nameDeny: ["scam"] }, event: { name: "Big SCAM coin" }, want: "name_denied" },
  { name: "symbol denied", settings: { nameDeny: ["^rug$"] }, event: { symbol: "RUG" }, want: "name_denied" },
  { name: "deny only within maxNameChars", settings: { nameDeny: ["scam"], maxNameChars: 8 }, event: { name: "aaaaaaaaaaaaaaaascam", symbol: "X" }, want: "buy" },
  { name: "name not allowed", settings: { nameAllow: ["^dog"] }, event: { name: "Cat", symbol: "CAT" }, want: "name_not_allowed" },
  { name: "name allowed by symbol", settings: { nameAllow: ["^dog"] }, event: { name: "Cat", symbol: "DOGE" }, want: "buy" },
  { name: "dev buy unknown vs min", settings: { devBuyMinLamports: 1 }, want: "dev_buy_too_small" },
  { name: "dev buy too small", settings: { devBuyMinLamports: 500_000_000 }, ctx: { devBuy: dev(100_000_000n) }, want: "dev_buy_too_small" },
  { name: "dev buy too large", settings: { devBuyMaxLamports: 1_000_000_000 }, ctx: { devBuy: dev(5_000_000_000n) }, want: "dev_buy_too_large" },
  { name: "dev buy in range", settings: { devBuyMinLamports: 1, devBuyMaxLamports: 1_000_000_000 }, ctx: { devBuy: dev(500_000_000n) }, want: "buy" },
  { name: "balance floor", settings: { balanceFloorLamports: 1_000_000_000 }, ctx: { walletLamports: 1_100_000_000n }, want: "balance_floor" },
  { name: "balance floor exact", settings: { balanceFloorLamports: 1_000_000_000, feeReserveLamports: 0, buyLamports: 100_000_000 }, ctx: { walletLamports: 1_100_000_000n }, want: "buy" },
  { name: "max positions", settings: { maxOpenPositions: 2 }, ctx: { openPositions: 2 }, want: "max_positions" },
  { name: "token exposure cap", settings: { maxTokenExposureLamports: 150_000_000 }, ctx: { exposureFor: () => 100_000_000n }, want: "exposure_token_cap" },
  { name: "total exposure cap", settings: { maxTotalExposureLamports: 1_000_000_000 }, ctx: { totalExposureLamports: 950_000_000n }, want: "exposure_total_cap" },
  { name: "total exposure at cap exactly", settings: { maxTotalExposureLamports: 1_000_000_000 }, ctx: { totalExposureLamports: 900_000_000n }, want: "buy" },
  { name: "launch rate limit", ctx: { launchRate: fullRate }, want: "launch_rate_limit" },
  { name: "paused wins over everything", settings: { creatorDeny: [CREATOR] }, ctx: { paused: true, openPositions: 99 }, want: "paused" },
];

describe("evaluateLaunch", () => {
  for (const row of rows) {
    test(row.name, () => {
      const d = evaluateLaunch(launch(row.event), ctx(row.ctx), compileFilterConfig(row.settings));
      expect(d.action === "buy" ? "buy" : d.reason).toBe(row.want);
      if (d.action === "skip") expect(d.detail.length).toBeLessThan(120);
    });
  }

  test("every skip reason has a row", () => {
    const covered = new Set(rows.map((r) => r.want));
    for (const r of SKIP_REASONS) expect(covered.has(r)).toBe(true);
  });

  test("buy: minTokensOut from the event reserves and slippage, exactly", () => {
    const cfg = compileFilterConfig({ buyLamports: 250_000_000, slippageBps: 1_000 });
    const d = evaluateLaunch(launch(), ctx(), cfg);
    if (d.action !== "buy") throw new Error("expected buy");
    const expected = buyTokensForSol(initialCurve(), 250_000_000n, { protocolBps: 95n, creatorBps: 30n });
    expect(d.expectedTokens).toBe(expected);
    expect(d.minTokensOut).toBe((expected * 9_000n) / 10_000n);
    expect(d.request).toMatchObject({ mint: MINT, creator: CREATOR, lamports: 250_000_000n, launchSignature: "sig-launch", launchReceivedAt: 100 });
  });

  test("buy after a dev buy is quoted on the reserves after it (fewer tokens)", () => {
    const cfg = compileFilterConfig();
    const before = evaluateLaunch(launch(), ctx(), cfg);
    const after = evaluateLaunch(launch(), ctx({ devBuy: dev(2_000_000_000n) }), cfg);
    if (before.action !== "buy" || after.action !== "buy") throw new Error("expected buys");
    expect(after.expectedTokens).toBeLessThan(before.expectedTokens);
  });

  test("old layout without reserves falls back to the initial curve", () => {
    const d = evaluateLaunch(launch({ virtualSolReserves: 0n, virtualTokenReserves: 0n, realTokenReserves: 0n }), ctx(), compileFilterConfig());
    if (d.action !== "buy") throw new Error("expected buy");
    expect(d.expectedTokens).toBe(buyTokensForSol(initialCurve(), 100_000_000n, { protocolBps: 95n, creatorBps: 30n }));
  });
});

describe("compileFilterConfig", () => {
  const bad: Array<[string, Partial<FilterSettings>, string]> = [
    ["invalid regex", { nameDeny: ["("] }, "filters.nameDeny[0]"],
    ["nested quantifier", { nameAllow: ["ok", "(a+)+$"] }, "filters.nameAllow[1]"],
    ["quantified alternation", { nameDeny: ["(a|a)*b"] }, "filters.nameDeny[0]"],
    ["backreference", { nameDeny: ["(a)\\1"] }, "filters.nameDeny[0]"],
    ["three unbounded quantifiers", { nameDeny: ["a*a*a*b"] }, "filters.nameDeny[0]"],
    ["slippage", { slippageBps: 10_000 }, "filters.slippageBps"],
    ["zero buy", { buyLamports: 0 }, "filters.buyLamports"],
    ["dev range", { devBuyMinLamports: 10, devBuyMaxLamports: 5 }, "filters.devBuyMaxLamports"],
    ["no token programs", { tokenPrograms: [] }, "filters.tokenPrograms"],
  ];
  for (const [name, settings, field] of bad) {
    test(`rejects ${name} naming ${field}`, () => {
      expect(() => compileFilterConfig(settings)).toThrow(field);
      try {
        compileFilterConfig(settings);
      } catch (e) {
        expect((e as { kind: string }).kind).toBe("config");
      }
    });
  }

  test("accepts ordinary patterns", () => {
    const cfg = compileFilterConfig({ nameDeny: ["\\btest\\b", "^(rug|scam)", "[a-z]{3,8}coin", "(?:foo)+", "x*y*"] });
    expect(cfg.nameDeny).toHaveLength(5);
  });

  test("an attacker name of hundreds of chars stays cheap", () => {
    const cfg = compileFilterConfig({ nameDeny: [".*a*b"] });
    const c = ctx();
    const l = launch({ name: "a".repeat(500), symbol: "a".repeat(300) });
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) evaluateLaunch(l, c, cfg);
    expect((performance.now() - t0) / 200).toBeLessThan(1); // ms per launch, worst case allowed pattern
  });
});

describe("LaunchRateLimiter (sliding minute)", () => {
  test("counts only the last window", () => {
    const r = new LaunchRateLimiter(3, 60_000);
    r.record(0);
    r.record(10_000);
    r.record(20_000);
    expect(r.isFull(30_000)).toBe(true);
    expect(r.isFull(59_999)).toBe(true);
    expect(r.isFull(60_000)).toBe(false);
    r.record(60_000);
    expect(r.isFull(60_001)).toBe(true);
    expect(r.isFull(70_000)).toBe(false);
    expect(r.count(70_000)).toBe(2);
  });
  test("0 is unlimited", () => {
    const r = new LaunchRateLimiter(0);
    for (let i = 0; i < 100; i++) r.record(i);
    expect(r.isFull(100)).toBe(false);
  });
});
