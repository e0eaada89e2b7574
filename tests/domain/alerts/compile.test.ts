import { describe, expect, test } from "bun:test";
import { compileRules, type RuleConfig, ruleConfigErrors } from "../../../src/domain/alerts/index.ts";
import { SniperError } from "../../../src/errors.ts";
import { ruleConfig } from "./helpers.ts";

describe("compileRules", () => {
  test("defaults: id from kind and index, re-arm = trigger", () => {
    const [rule] = compileRules([ruleConfig({ kind: "balance_below", floorLamports: 5 })]);
    expect(rule).toMatchObject({ id: "balance_below#0", floorLamports: 5n, rearmLamports: 5n });
  });

  test.each<[string, RuleConfig, string]>([
    ["re-arm above a price_above trigger", ruleConfig({ kind: "price_above", mint: "M", lamportsPerToken: "10", rearmLamportsPerToken: "11" }), "alerts.rules[0].rearmLamportsPerToken"],
    ["re-arm below a price_below trigger", ruleConfig({ kind: "price_below", mint: "M", lamportsPerToken: "10", rearmLamportsPerToken: "9" }), "alerts.rules[0].rearmLamportsPerToken"],
    ["bad price text", ruleConfig({ kind: "price_below", mint: "M", lamportsPerToken: "1e3" }), "alerts.rules[0].lamportsPerToken"],
    ["missing mint", ruleConfig({ kind: "price_above", lamportsPerToken: "1" }), "alerts.rules[0].mint"],
    ["balance re-arm under the floor", ruleConfig({ kind: "balance_below", floorLamports: 10, rearmLamports: 5 }), "alerts.rules[0].rearmLamports"],
    ["pnl re-arm beyond the trigger", ruleConfig({ kind: "pnl_down", pct: 10, rearmPct: 20 }), "alerts.rules[0].rearmPct"],
    ["missing window", ruleConfig({ kind: "loss_window", lossLamports: 1 }), "alerts.rules[0].windowMs"],
  ])("refuses %s, naming the field", (_name, config, field) => {
    try {
      compileRules([config]);
      throw new Error("should have thrown");
    } catch (e) {
      expect(e).toBeInstanceOf(SniperError);
      expect((e as SniperError).kind).toBe("config");
      expect((e as SniperError).message.startsWith(`${field}:`)).toBe(true);
    }
  });

  test("refuses duplicate names", () => {
    const twice = ruleConfig({ kind: "feed_stalled", stallMs: 1, name: "x" });
    expect(() => compileRules([twice, twice])).toThrow("alerts.rules[1].name: must be unique");
  });

  test("ruleConfigErrors lists every bad rule, each naming its index (compileRules throws one)", () => {
    const rules = [
      ruleConfig({ kind: "pnl_up", pct: 20, rearmPct: 30 }),
      ruleConfig({ kind: "feed_stalled", stallMs: 1, name: "x" }),
      ruleConfig({ kind: "pnl_down", pct: 20, rearmPct: 30 }),
      ruleConfig({ kind: "price_above", lamportsPerToken: "1" }),
      ruleConfig({ kind: "feed_stalled", stallMs: 1, name: "x" }),
    ];
    const errors = ruleConfigErrors(rules);
    expect(errors.every((e) => e.kind === "config")).toBe(true);
    expect(errors.map((e) => e.details.field)).toEqual([
      "alerts.rules[0].rearmPct",
      "alerts.rules[2].rearmPct",
      "alerts.rules[3].mint",
      "alerts.rules[4].name",
    ]);
    expect(() => compileRules(rules)).toThrow(SniperError);
    expect(ruleConfigErrors(rules.slice(1, 2))).toEqual([]);
  });
});
