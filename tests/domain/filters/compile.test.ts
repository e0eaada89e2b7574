import { describe, expect, test } from "bun:test";
import { compileFilterConfig, compilePatterns, filterConfigErrors, patternErrors } from "../../../src/domain/filters/index.ts";
import { SniperError } from "../../../src/errors.ts";

describe("filterConfigErrors", () => {
  test("lists every problem in the order compileFilterConfig checks them (compileFilterConfig throws the first)", () => {
    const settings = {
      maxNameChars: 0,
      slippageBps: 10_000,
      buyLamports: 0,
      devBuyMinLamports: 10,
      devBuyMaxLamports: 5,
      tokenPrograms: [],
      nameDeny: ["(", "ok", "(a+)+$"],
      nameAllow: ["(a)\\1"],
      balanceFloorLamports: -1,
    };
    const errors = filterConfigErrors(settings);
    expect(errors.every((e) => e instanceof SniperError && e.kind === "config")).toBe(true);
    expect(errors.map((e) => e.details.field)).toEqual([
      "filters.maxNameChars",
      "filters.slippageBps",
      "filters.buyLamports",
      "filters.devBuyMaxLamports",
      "filters.tokenPrograms",
      "filters.nameDeny[0]",
      "filters.nameDeny[2]",
      "filters.nameAllow[0]",
      "filters.balanceFloorLamports",
    ]);
    expect(errors[3]!.message).toBe("filters.devBuyMaxLamports: must be 0 (no bound) or >= devBuyMinLamports");
    expect(errors[4]!.message).toBe("filters.tokenPrograms: must name at least one token program");
    expect(() => compileFilterConfig(settings)).toThrow(errors[0]!.message);
  });

  test("a field that is not lamports is not also compared (one problem, one error)", () => {
    expect(filterConfigErrors({ devBuyMinLamports: -1, devBuyMaxLamports: 5 }).map((e) => e.message)).toEqual([
      "filters.devBuyMinLamports: must be an integer number of lamports >= 0",
    ]);
    expect(filterConfigErrors({ buyLamports: 1.5 }).map((e) => e.message)).toEqual(["filters.buyLamports: must be an integer number of lamports >= 0"]);
  });

  test("the defaults and a devBuyMaxLamports of 0 (no bound) hold", () => {
    expect(filterConfigErrors()).toEqual([]);
    expect(filterConfigErrors({ devBuyMinLamports: 10, devBuyMaxLamports: 0 })).toEqual([]);
  });
});

describe("patternErrors", () => {
  test("names every bad pattern by index (compilePatterns throws the first)", () => {
    const patterns = ["ok", "(", "^x", "a*a*a*b"];
    const errors = patternErrors("filters.nameDeny", patterns);
    expect(errors.map((e) => e.details.field)).toEqual(["filters.nameDeny[1]", "filters.nameDeny[3]"]);
    expect(errors[0]!.message).toStartWith("filters.nameDeny[1]: not a valid regular expression (");
    expect(() => compilePatterns("filters.nameDeny", patterns)).toThrow("filters.nameDeny[1]");
    expect(patternErrors("filters.nameDeny", ["ok", "^x"])).toEqual([]);
  });
});
