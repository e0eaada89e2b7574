import { describe, expect, test } from "bun:test";
import { formatSol, parseUtcDay, utcDayOf } from "../../../src/domain/analytics/index.ts";

describe("formatSol (exact, bigint only)", () => {
  const cases: [bigint, number | undefined, boolean, string][] = [
    [0n, undefined, false, "0.000000000"],
    [1n, undefined, false, "0.000000001"],
    [-1n, undefined, false, "-0.000000001"],
    [123456789012345678n, undefined, false, "123456789.012345678"],
    [-123456789012345678n, undefined, false, "-123456789.012345678"],
    [1_500_000_000n, undefined, true, "1.5"],
    [2_000_000_000n, undefined, true, "2"],
    [0n, undefined, true, "0"],
    [41_234_567n, 3, false, "0.041"],
    [41_500_000n, 2, false, "0.04"],
    [45_000_000n, 1, false, "0.0"],
    [50_000_000n, 1, false, "0.1"], // half away from zero
    [-50_000_000n, 1, false, "-0.1"],
    [-1n, 3, false, "0.000"], // rounds to zero: no sign
    [1_999_999_999n, 0, false, "2"],
    [9_007_199_254_740_993n, undefined, false, "9007199.254740993"], // 2^53 + 1: a float would lose the 3
  ];
  for (const [lamports, decimals, trim, want] of cases) {
    test(`${lamports} (${decimals ?? 9} decimals${trim ? ", trimmed" : ""}) -> ${want}`, () => {
      expect(formatSol(lamports, decimals, { trim })).toBe(want);
    });
  }
  test("decimals outside 0..9 are rejected", () => {
    expect(() => formatSol(1n, 10)).toThrow(RangeError);
    expect(() => formatSol(1n, -1)).toThrow(RangeError);
  });
});

describe("UTC days", () => {
  const cases: [string, number | null][] = [
    ["2026-01-15", Date.UTC(2026, 0, 15)],
    ["2024-02-29", Date.UTC(2024, 1, 29)],
    ["2026-02-29", null],
    ["2026-13-01", null],
    ["2026-1-15", null],
    ["yesterday", null],
  ];
  for (const [day, from] of cases) {
    test(day, () => expect(parseUtcDay(day)).toEqual(from === null ? null : { from, to: from + 86_400_000 }));
  }
  test("utcDayOf is the UTC calendar day", () => expect(utcDayOf(Date.UTC(2026, 0, 15, 23, 59, 59, 999))).toBe("2026-01-15"));
});
