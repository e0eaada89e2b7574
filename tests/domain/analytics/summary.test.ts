import { describe, expect, test } from "bun:test";
import { buildDailyReport, profitFactor, recordsForWindow, summarize } from "../../../src/domain/analytics/index.ts";
import { HOUR, SOL, T0, handDay, openPosition, trade } from "./fixtures.ts";

describe("summarize: the hand-computed day (see fixtures.ts)", () => {
  const { inDay } = handDay();
  const s = summarize(inDay);

  test("counts", () => {
    expect([s.closedTrades, s.wins, s.losses, s.breakeven, s.openPositions, s.openWithoutMark]).toEqual([5, 3, 2, 0, 2, 1]);
  });

  test("money in lamports", () => {
    // realised = 0.5 - 0.2 + 0.4 - 0.3 + 0.3 = 0.7 SOL; unrealised = F: 1.2 - 1.0 = 0.2 SOL (G has no mark)
    expect(s.realisedPnlLamports).toBe(700_000_000n);
    expect(s.unrealisedPnlLamports).toBe(200_000_000n);
    // gross profit 0.5 + 0.4 + 0.3 = 1.2; gross loss 0.2 + 0.3 = 0.5
    expect(s.grossProfitLamports).toBe(1_200_000_000n);
    expect(s.grossLossLamports).toBe(500_000_000n);
    // expectancy 0.7 / 5 = 0.14; average win 1.2 / 3 = 0.4; average loss 0.5 / 2 = 0.25
    expect(s.expectancyLamports).toBe(140_000_000n);
    expect(s.averageWinLamports).toBe(400_000_000n);
    expect(s.averageLossLamports).toBe(250_000_000n);
    // fees: closed 0.010 + 0.010 + 0.020 + 0.005 + 0.010 = 0.055; plus open F 0.010 and G 0.005 = 0.070
    expect(s.closedFeesLamports).toBe(55_000_000n);
    expect(s.feesLamports).toBe(70_000_000n);
  });

  test("ratios and statistics", () => {
    expect(s.winRate).toBe(0.6); // 3 / 5
    expect(s.profitFactor).toBeCloseTo(2.4, 12); // 1.2 / 0.5
    expect(s.feeShareOfGrossProfit).toBeCloseTo(0.055 / 1.2, 12);
    // returns 0.5, -0.2, 0.2, -0.6, 0.3: mean 0.04; deviations .46 -.24 .16 -.64 .26, squares sum 0.772,
    // sample variance 0.772 / 4 = 0.193 -> Sharpe 0.04 / sqrt(0.193) = 0.0910506...
    expect(s.averageReturn).toBeCloseTo(0.04, 12);
    expect(s.sharpe).toBeCloseTo(0.04 / Math.sqrt(0.193), 9);
    expect(s.sharpe).toBeCloseTo(0.0910506, 6);
    // downside: (-0.2)^2 + (-0.6)^2 = 0.4, / (5 - 1) = 0.1 -> Sortino 0.04 / sqrt(0.1) = 0.1264911...
    expect(s.sortino).toBeCloseTo(0.04 / Math.sqrt(0.1), 9);
    expect(s.sortino).toBeCloseTo(0.1264911, 6);
  });

  test("drawdown, hold, latency", () => {
    // curve 0 -> .5 -> .3 -> .7 -> .4 -> .7: worst fall .7 -> .4 = 0.3 SOL, 3/7 of the 0.7 peak
    expect(s.maxDrawdown.lamports).toBe(300_000_000n);
    expect(s.maxDrawdown.peakLamports).toBe(700_000_000n);
    expect(s.maxDrawdown.troughLamports).toBe(400_000_000n);
    expect(s.maxDrawdown.fractionOfPeak).toBeCloseTo(3 / 7, 12);
    expect(s.maxDrawdown.peakAt).toBe(T0 + 3 * HOUR + 30_000);
    expect(s.maxDrawdown.troughAt).toBe(T0 + 4 * HOUR + 90_000);
    // holds 60 + 120 + 30 + 90 + 300 s = 600 s / 5
    expect(s.averageHoldMs).toBe(120_000);
    // latencies 50 100 200 300 400 1000 (G unknown): p50 rank 3 -> 200; p90 rank ceil(5.4)=6; p99 rank 6
    expect(s.snipeLatencyMs).toEqual({ samples: 6, p50: 200, p90: 1000, p99: 1000, max: 1000 });
  });

  test("exit reasons in display order", () => {
    expect(s.exitReasons.map((r) => [r.reason, r.count, r.pnlLamports, r.wins, r.losses])).toEqual([
      ["take_profit", 2, 800_000_000n, 2, 0],
      ["stop_loss", 1, -200_000_000n, 0, 1],
      ["trailing_stop", 1, 400_000_000n, 1, 0],
      ["max_hold", 1, -300_000_000n, 0, 1],
    ]);
    expect(s.exitReasons[0]?.share).toBe(0.4);
  });

  test("best and worst tokens", () => {
    // per mint: MA +0.5, MC +0.4, ME +0.3, MB (B + D) -0.5; MF / MG open only
    expect(s.bestTokens.map((t) => [t.mint, t.pnlLamports])).toEqual([["MA", 500_000_000n], ["MC", 400_000_000n], ["ME", 300_000_000n]]);
    expect(s.worstTokens.map((t) => [t.mint, t.pnlLamports, t.trades, t.losses])).toEqual([["MB", -500_000_000n, 2, 2]]);
  });

  test("input order does not matter: the curve is ordered by close time", () => {
    const shuffled = [inDay[4], inDay[2], inDay[6], inDay[0], inDay[3], inDay[5], inDay[1]].map((t) => t!);
    expect(summarize(shuffled).maxDrawdown).toEqual(s.maxDrawdown);
    // closing order D before C would give 0 -> .5 -> .3 -> 0 -> .4 -> .7: a different, 0.5 drawdown
    const moved = inDay.map((t) => (t.positionId === "D" ? { ...t, closedAt: T0 + 3 * HOUR - 1 } : t));
    expect(summarize(moved).maxDrawdown.lamports).toBe(500_000_000n);
  });

  test("starting equity changes the drawdown base only", () => {
    const withEquity = summarize(inDay, { startingEquityLamports: 10n * SOL });
    expect(withEquity.maxDrawdown.lamports).toBe(300_000_000n);
    expect(withEquity.maxDrawdown.fractionOfPeak).toBeCloseTo(0.3 / 10.7, 12);
  });
});

describe("the day filter", () => {
  const { inDay, outside } = handDay();
  test("keeps trades closed in the UTC day and positions open before its end", () => {
    const kept = recordsForWindow([...outside, ...inDay], { from: T0, to: T0 + 24 * HOUR });
    expect(kept.map((t) => t.positionId).sort()).toEqual(["A", "B", "C", "D", "E", "F", "G"]);
  });
  test("buildDailyReport gives the same summary as the pre-filtered records", () => {
    const r = buildDailyReport([...outside, ...inDay], { day: "2026-01-15", generatedAt: T0 + 25 * HOUR });
    expect(r.summary).toEqual(summarize(inDay));
    expect(r.window).toEqual({ from: T0, to: T0 + 24 * HOUR });
    expect(r.perToken.map((t) => t.mint)).toEqual(["MA", "MC", "ME", "MF", "MG", "MB"]);
  });
  test("rejects a day that is not a real date", () => {
    expect(() => buildDailyReport([], { day: "2026-02-30", generatedAt: 0 })).toThrow(RangeError);
  });
});

describe("edge cases", () => {
  test("no trades: every statistic null, sums zero, never NaN", () => {
    const s = summarize([]);
    expect(s).toMatchObject({ closedTrades: 0, winRate: null, profitFactor: null, expectancyLamports: null, averageWinLamports: null, averageLossLamports: null, averageReturn: null, sharpe: null, sortino: null, averageHoldMs: null, feeShareOfGrossProfit: null, realisedPnlLamports: 0n, feesLamports: 0n, exitReasons: [], bestTokens: [], worstTokens: [] });
    expect(s.maxDrawdown).toEqual({ lamports: 0n, fractionOfPeak: null, peakLamports: 0n, troughLamports: 0n, peakAt: null, troughAt: null });
    expect(s.snipeLatencyMs).toEqual({ samples: 0, p50: null, p90: null, p99: null, max: null });
  });

  test("all wins: profit factor Infinity, no drawdown, Sortino null (no downside)", () => {
    const s = summarize([trade({ proceedsLamports: 2n * SOL }), trade({ proceedsLamports: 3n * SOL, closedAt: T0 + 2 * HOUR })]);
    expect(s.profitFactor).toBe(Infinity);
    expect(s.averageLossLamports).toBeNull();
    expect(s.maxDrawdown.lamports).toBe(0n);
    expect(s.sortino).toBeNull();
    // returns 1 and 2: mean 1.5, sample sd sqrt(0.5) -> Sharpe 1.5 / sqrt(0.5)
    expect(s.sharpe).toBeCloseTo(1.5 / Math.sqrt(0.5), 9);
  });

  test("one trade: Sharpe and Sortino null", () => {
    const s = summarize([trade({ proceedsLamports: 500_000_000n })]);
    expect([s.sharpe, s.sortino, s.winRate, s.profitFactor]).toEqual([null, null, 0, 0]);
    // the first trade loses 0.5 from the starting point 0: drawdown 0.5, no positive peak -> no percentage
    expect(s.maxDrawdown.lamports).toBe(500_000_000n);
    expect(s.maxDrawdown.fractionOfPeak).toBeNull();
  });

  test("zero-deviation returns: Sharpe null, not NaN or Infinity", () => {
    const s = summarize([trade({ proceedsLamports: 1_100_000_000n }), trade({ proceedsLamports: 1_100_000_000n })]);
    expect(s.sharpe).toBeNull();
  });

  test("breakeven trades only: profit factor null, win rate 0", () => {
    const s = summarize([trade(), trade()]);
    expect([s.profitFactor, s.winRate, s.breakeven]).toEqual([null, 0, 2]);
  });

  test("open positions only: unrealised counts, realised statistics stay null", () => {
    const s = summarize([openPosition({ costLamports: SOL, markLamports: 700_000_000n, snipeLatencyMs: 80 }), openPosition({ costLamports: SOL, markLamports: null })]);
    expect(s.unrealisedPnlLamports).toBe(-300_000_000n);
    expect([s.closedTrades, s.openPositions, s.openWithoutMark, s.winRate, s.sharpe]).toEqual([0, 2, 1, null, null]);
    expect(s.snipeLatencyMs.p99).toBe(80);
  });

  test("partially sold open position: unrealised = mark + proceeds - cost", () => {
    const s = summarize([openPosition({ costLamports: SOL, proceedsLamports: 600_000_000n, markLamports: 500_000_000n })]);
    expect(s.unrealisedPnlLamports).toBe(100_000_000n);
  });

  test("money beyond 2^53 lamports stays exact", () => {
    const big = 123456789012345678n;
    const s = summarize([trade({ costLamports: 1n, proceedsLamports: big + 1n }), trade({ costLamports: 1n, proceedsLamports: 2n })]);
    expect(s.realisedPnlLamports).toBe(big + 1n);
  });
});

describe("profitFactor table", () => {
  const cases: [bigint, bigint, number | null][] = [[0n, 0n, null], [5n, 0n, Infinity], [0n, 5n, 0], [6n, 4n, 1.5]];
  for (const [win, loss, want] of cases) test(`${win} / ${loss} -> ${want}`, () => expect(profitFactor(win, loss)).toBe(want));
});
