import { describe, expect, test } from "bun:test";
import { compileExitRules } from "../../src/domain/exits/compile.ts";
import type { PositionState } from "../../src/domain/exits/types.ts";
import { bridgeTick } from "../../src/actors/ui-bridge.actor.ts";
import { sellValue } from "../../src/domain/exits/value.ts";
import { createUi, positionInputOf, priceNumber } from "../../src/ui/index.ts";
import { HOSTILE } from "./helpers.ts";

const state = (overrides: Partial<PositionState> = {}): PositionState => ({
  tokensBought: 1_000_000n,
  tokensHeld: 1_000_000n,
  costLamports: 1_000_000_000n,
  entryPrice: { num: 990n, den: 1n },
  highWater: { num: 990n, den: 1n },
  openedAt: 10_000,
  tpDone: 0,
  pendingExit: "none",
  ...overrides,
});

describe("positionInputOf", () => {
  test("turns PnL-threshold rules into trigger prices from the cost of the tokens held", () => {
    const rules = compileExitRules({
      takeProfit: [{ atBps: 5000, sellBps: 5000 }, { atBps: 10_000, sellBps: 5000 }],
      stopLossBps: 2000,
      trailingStopBps: 1000,
      trailingArmBps: 2000,
      maxHoldMs: 60_000,
    });
    const input = positionInputOf({ mint: "M", name: HOSTILE, symbol: "S" }, state({ tpDone: 1 }), rules);
    expect(input.entryPrice).toBe(990);
    expect(input.costLamports).toBe(1_000_000_000n);
    const exits = input.exits ?? [];
    expect(exits.map((e) => [e.rule, e.triggerPrice === undefined ? undefined : Math.round(e.triggerPrice * 1000) / 1000, e.deadlineAt])).toEqual([
      ["take_profit_2", 2000, undefined],
      ["stop_loss", 800, undefined],
      ["trailing_arm", 1188, undefined],
      ["max_hold", undefined, 70_000],
    ]);
    const armed = positionInputOf({ mint: "M", name: "n", symbol: "S" }, state({ highWater: { num: 1500n, den: 1n }, pendingExit: "full" }), rules);
    expect(armed.exits?.find((e) => e.rule === "trailing_stop")?.triggerPrice).toBeCloseTo(1350);
    expect(armed.status).toBe("closing");
  });

  test("rules that are off are not shown; prices are plain numbers", () => {
    const input = positionInputOf({ mint: "M", name: "n", symbol: "s" }, state(), compileExitRules({ takeProfit: [], stopLossBps: 0, trailingStopBps: 0, maxHoldMs: 0 }));
    expect(input.exits).toEqual([]);
    expect(priceNumber({ num: 1n, den: 4n })).toBe(0.25);
    expect(priceNumber({ num: 1n, den: 0n })).toBe(0);
  });
});

describe("cache.positionRecord (the positions actor's record, converted off the trading path)", () => {
  test("shows the record with its exact mark and price, then drops it once closed", () => {
    const ui = createUi({ mode: "sim" });
    const rules = compileExitRules({ takeProfit: [{ atBps: 5000, sellBps: 10_000 }], stopLossBps: 2000, trailingStopBps: 0, maxHoldMs: 0 });
    const mark = { virtualSolReserves: 30_000_000_000n, virtualTokenReserves: 25_000_000n };
    const record = { ...state(), mint: "M1", name: HOSTILE, symbol: "S", status: "open", mark };
    ui.cache.positionRecord(record, rules);
    bridgeTick({ ui }, false);
    const [p] = ui.store.get().positions;
    expect(p).toMatchObject({ mint: "M1", status: "open", currentPrice: 1200, markLamports: sellValue(mark, record.tokensHeld, rules.fees).toString() });
    expect(p?.exits.map((e) => e.rule)).toEqual(["take_profit", "stop_loss"]);
    ui.cache.positionRecord({ ...record, status: "closed" }, rules);
    bridgeTick({ ui }, false);
    expect(ui.store.get().positions).toEqual([]);
  });
});
