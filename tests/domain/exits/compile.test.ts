import { describe, expect, test } from "bun:test";
import { compileExitRules, exitConfigErrors, type TakeProfitLevel } from "../../../src/domain/exits/index.ts";
import { SniperError } from "../../../src/errors.ts";

const fields = (errors: SniperError[]) => errors.map((e) => e.details.field);

describe("exitConfigErrors", () => {
  test("lists every bad level and field in the order compileExitRules checks them (compileExitRules throws the first)", () => {
    const settings = {
      // Level 1 is below level 0; level 2 takes the ladder past 100 % (6000 + 3000 + 3000 bps).
      takeProfit: [
        { atBps: 5_000, sellBps: 6_000 },
        { atBps: 4_000, sellBps: 3_000 },
        { atBps: 6_000, sellBps: 3_000 },
      ],
      stopLossBps: 10_001,
      trailingStopBps: -1,
    };
    const errors = exitConfigErrors(settings);
    expect(errors.every((e) => e instanceof SniperError && e.kind === "config")).toBe(true);
    expect(fields(errors)).toEqual(["exits.takeProfit[1].atBps", "exits.takeProfit[2].sellBps", "exits.stopLossBps", "exits.trailingStopBps"]);
    expect(errors.map((e) => e.message)).toEqual([
      "exits.takeProfit[1].atBps: levels must be in increasing atBps order",
      "exits.takeProfit[2].sellBps: the ladder sells more than 100 % (10000 bps) in total",
      "exits.stopLossBps: must be an integer between 0 and 10000",
      "exits.trailingStopBps: must be an integer between 0 and 9999",
    ]);
    expect(() => compileExitRules(settings)).toThrow(errors[0]!.message);
  });

  test("a ladder over 100 % is reported once, at the level where it crosses", () => {
    const takeProfit = [1, 2, 3].map((k) => ({ atBps: k * 1_000, sellBps: 6_000 }));
    expect(fields(exitConfigErrors({ takeProfit }))).toEqual(["exits.takeProfit[1].sellBps"]);
  });

  test("each level is compared with the one before it; a level out of range is left out of the order and the sum", () => {
    expect(fields(exitConfigErrors({ takeProfit: [{ atBps: 5_000, sellBps: 1_000 }, { atBps: 3_000, sellBps: 1_000 }, { atBps: 4_000, sellBps: 1_000 }] }))).toEqual([
      "exits.takeProfit[1].atBps",
    ]);
    expect(fields(exitConfigErrors({ takeProfit: [{ atBps: 5_000, sellBps: 0 }, { atBps: 6_000, sellBps: 10_000 }] }))).toEqual(["exits.takeProfit[0].sellBps"]);
    expect(fields(exitConfigErrors({ takeProfit: [{ atBps: 5_000, sellBps: 1_000 }, { atBps: -10_000, sellBps: 1_000 }, { atBps: 6_000, sellBps: 1_000 }] }))).toEqual([
      "exits.takeProfit[1].atBps",
    ]);
  });

  test("more than 30 levels is reported along with the problems of the levels", () => {
    const takeProfit: TakeProfitLevel[] = Array.from({ length: 31 }, (_, i) => ({ atBps: (i + 1) * 100, sellBps: 100 }));
    takeProfit[5] = { atBps: 100, sellBps: 100 };
    expect(fields(exitConfigErrors({ takeProfit }))).toEqual(["exits.takeProfit", "exits.takeProfit[5].atBps"]);
  });

  test("the defaults and an empty ladder hold", () => {
    expect(exitConfigErrors()).toEqual([]);
    expect(exitConfigErrors({ takeProfit: [] })).toEqual([]);
  });
});
