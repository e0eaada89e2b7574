import { describe, expect, test } from "bun:test";
import { latencyPercentiles, nearestRank, sampleStdDev, sharpeRatio, sortinoRatio } from "../../../src/domain/analytics/index.ts";

describe("nearest-rank percentiles", () => {
  const tenValues = [100, 10, 90, 20, 80, 30, 70, 40, 60, 50];
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  const cases: [string, number[], { p50: number | null; p90: number | null; p99: number | null; max: number | null }][] = [
    // n = 10: p50 rank ceil(5) = 5 -> 50; p90 rank 9 -> 90; p99 rank ceil(9.9) = 10 -> 100
    ["ten values", tenValues, { p50: 50, p90: 90, p99: 100, max: 100 }],
    // n = 100: rank p exactly
    ["1..100", hundred, { p50: 50, p90: 90, p99: 99, max: 100 }],
    ["one value", [7], { p50: 7, p90: 7, p99: 7, max: 7 }],
    // n = 2: p50 rank 1 -> 10; p90 rank ceil(1.8) = 2 -> 20
    ["two values", [20, 10], { p50: 10, p90: 20, p99: 20, max: 20 }],
    ["none", [], { p50: null, p90: null, p99: null, max: null }],
    ["negative and NaN samples ignored", [5, -1, Number.NaN, 15], { p50: 5, p90: 15, p99: 15, max: 15 }],
  ];
  for (const [name, xs, want] of cases) test(name, () => expect(latencyPercentiles(xs)).toMatchObject(want));
  test("percentile outside (0, 100] is a bug", () => expect(() => nearestRank([1], 0)).toThrow(RangeError));
});

describe("Sharpe and Sortino on per-trade returns", () => {
  const cases: [string, number[], number | null, number | null][] = [
    // mean 0.04, sample variance 0.193, downside variance 0.4 / 4
    ["hand set", [0.5, -0.2, 0.2, -0.6, 0.3], 0.04 / Math.sqrt(0.193), 0.04 / Math.sqrt(0.1)],
    // mean 0, so both 0
    ["symmetric", [0.1, -0.1], 0, 0],
    // mean -0.15, sd sqrt(0.005); downside sqrt((0.01 + 0.04) / 1)
    ["all losses", [-0.1, -0.2], -0.15 / Math.sqrt(0.005), -0.15 / Math.sqrt(0.05)],
    ["one return", [0.3], null, null],
    ["none", [], null, null],
    ["equal returns: zero deviation", [0.1, 0.1, 0.1], null, null],
    ["no negative return: Sortino null", [0.1, 0.3], 0.2 / Math.sqrt(0.02), null],
  ];
  for (const [name, rs, sharpe, sortino] of cases) {
    test(name, () => {
      const [sh, so] = [sharpeRatio(rs), sortinoRatio(rs)];
      if (sharpe === null) expect(sh).toBeNull();
      else expect(sh as number).toBeCloseTo(sharpe, 9);
      if (sortino === null) expect(so).toBeNull();
      else expect(so as number).toBeCloseTo(sortino, 9);
    });
  }
  test("sample std dev uses n - 1", () => expect(sampleStdDev([1, 2, 3, 4]) as number).toBeCloseTo(Math.sqrt(5 / 3), 12));
});
