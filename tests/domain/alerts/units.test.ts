import { describe, expect, test } from "bun:test";
import { formatBps, formatPrice, formatSol, parseDecimal, pricePerBaseUnit } from "../../../src/domain/alerts/index.ts";

describe("exact units", () => {
  test.each([
    ["27.5", { num: 275n, den: 10n }],
    ["0", { num: 0n, den: 1n }],
    ["0.000000001", { num: 1n, den: 1_000_000_000n }],
  ])("parseDecimal(%p)", (text, expected) => expect(parseDecimal(text)).toEqual(expected));

  test.each(["-1", "1e3", "abc", "", "1.", ".5"])("parseDecimal refuses %p", (text) => expect(parseDecimal(text)).toBeUndefined());

  test("a price per whole token becomes lamports per base unit", () => {
    expect(pricePerBaseUnit("28")).toEqual({ num: 28n, den: 1_000_000n });
    expect(formatPrice({ num: 28n, den: 1_000_000n })).toBe("28.000");
    // launch curve: 30 SOL virtual / 1.073e15 base units
    expect(formatPrice({ num: 30_000_000_000n, den: 1_073_000_000_000_000n })).toBe("27.958");
  });

  test.each([
    [-1_250_000_000n, "-1.250000000"],
    [1n, "0.000000001"],
    [0n, "0.000000000"],
    [-1n, "-0.000000001"],
  ])("formatSol(%p)", (lamports, text) => expect(formatSol(lamports)).toBe(text));

  test.each([[-1234, "-12.34%"], [5000, "50.00%"], [0, "0.00%"]])("formatBps(%p)", (bps, text) => expect(formatBps(bps)).toBe(text));
});
