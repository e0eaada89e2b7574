import { describe, expect, test } from "bun:test";
import { initialCurve, MAINNET_FEES, sellSolForTokens } from "../../../src/domain/curve.ts";
import {
  compileExitRules, evaluateExit, levelsMask, nextHighWater, NO_EXIT, pnlBps, sellValue,
  type ExitSettings, type ExitTick, type PositionState,
} from "../../../src/domain/exits/index.ts";
import { OPENED_AT, position, reservesAtPnl, reservesAtPrice } from "./helpers.ts";

const noTrail: Partial<ExitSettings> = { trailingStopBps: 0 };

interface Row {
  name: string;
  rules?: Partial<ExitSettings>;
  pos?: Partial<PositionState>;
  /** Price tick at this value-based PnL (bps), or another tick. */
  pnl?: number;
  tick?: ExitTick;
  /** Price tick at this share of the high-water price, with the high water at `hwBps` of entry. */
  trail?: { hwBps: number; priceBps: number };
  nowOffset?: number;
  want: Array<[string, number | null, boolean]>;
}

const ladder = { takeProfit: [{ atBps: 5_000, sellBps: 2_500 }, { atBps: 10_000, sellBps: 2_500 }, { atBps: 20_000, sellBps: 5_000 }] };

const rows: Row[] = [
  { name: "flat: nothing", rules: noTrail, pnl: 0, want: [] },
  { name: "stop-loss at -30 %", rules: noTrail, pnl: -3_000, want: [["stop_loss", null, true]] },
  { name: "just above stop-loss", rules: noTrail, pnl: -2_999, want: [] },
  { name: "stop-loss off", rules: { ...noTrail, stopLossBps: 0 }, pnl: -9_000, want: [] },
  { name: "TP level 0", rules: { ...noTrail, ...ladder }, pnl: 5_000, want: [["take_profit", 0, false]] },
  { name: "TP below level 0", rules: { ...noTrail, ...ladder }, pnl: 4_999, want: [] },
  { name: "TP jump over two levels: both", rules: { ...noTrail, ...ladder }, pnl: 12_000, want: [["take_profit", 0, false], ["take_profit", 1, false]] },
  { name: "TP level done is not taken again", rules: { ...noTrail, ...ladder }, pos: { tpDone: 1 }, pnl: 6_000, want: [] },
  { name: "TP whole ladder: last level is a full exit", rules: { ...noTrail, ...ladder }, pnl: 30_000, want: [["take_profit", 0, false], ["take_profit", 1, false], ["take_profit", 2, true]] },
  { name: "TP while a partial is pending: none", rules: { ...noTrail, ...ladder }, pos: { pendingExit: "partial" }, pnl: 30_000, want: [] },
  { name: "SL while a partial is pending: fires", rules: noTrail, pos: { pendingExit: "partial" }, pnl: -5_000, want: [["stop_loss", null, true]] },
  { name: "full exit pending: nothing at all", rules: noTrail, pos: { pendingExit: "full" }, pnl: -9_000, want: [] },
  { name: "full exit pending: no creator sold", pos: { pendingExit: "full" }, tick: { kind: "creator_sold" }, want: [] },
  { name: "SL and TP on the same tick -> SL", rules: { ...noTrail, stopLossBps: 2_000, takeProfit: [{ atBps: -2_000, sellBps: 5_000 }] }, pnl: -2_000, want: [["stop_loss", null, true]] },
  { name: "max hold on time tick", rules: { maxHoldMs: 60_000 }, tick: { kind: "time" }, nowOffset: 60_000, want: [["max_hold", null, true]] },
  { name: "max hold not yet", rules: { maxHoldMs: 60_000 }, tick: { kind: "time" }, nowOffset: 59_999, want: [] },
  { name: "max hold on a price tick", rules: { ...noTrail, maxHoldMs: 60_000 }, pnl: 0, nowOffset: 61_000, want: [["max_hold", null, true]] },
  { name: "max hold off", rules: { maxHoldMs: 0 }, tick: { kind: "time" }, nowOffset: 10 ** 9, want: [] },
  { name: "SL beats max hold", rules: { ...noTrail, maxHoldMs: 1 }, pnl: -5_000, nowOffset: 10, want: [["stop_loss", null, true]] },
  { name: "creator sold", tick: { kind: "creator_sold" }, want: [["creator_sold", null, true]] },
  { name: "creator sold ignored when off", rules: { exitOnCreatorSell: false }, tick: { kind: "creator_sold" }, want: [] },
  { name: "curve completed", tick: { kind: "curve_completed" }, want: [["curve_complete", null, true]] },
  { name: "curve completed ignored when off", rules: { exitOnCurveComplete: false }, tick: { kind: "curve_completed" }, want: [] },
  { name: "no tokens held: nothing", pos: { tokensHeld: 0n }, tick: { kind: "creator_sold" }, want: [] },
  { name: "trailing: armed, 25 % below the high", rules: { trailingStopBps: 2_500, trailingArmBps: 5_000, stopLossBps: 0, takeProfit: [] }, trail: { hwBps: 20_000, priceBps: 7_500 }, want: [["trailing_stop", null, true]] },
  { name: "trailing: armed, 24 % below the high", rules: { trailingStopBps: 2_500, trailingArmBps: 5_000, stopLossBps: 0, takeProfit: [] }, trail: { hwBps: 20_000, priceBps: 7_600 }, want: [] },
  { name: "trailing: not armed yet", rules: { trailingStopBps: 2_500, trailingArmBps: 15_000, stopLossBps: 0, takeProfit: [] }, trail: { hwBps: 20_000, priceBps: 5_000 }, want: [] },
  { name: "trailing: arm 0 is armed at entry", rules: { trailingStopBps: 1_000, trailingArmBps: 0, stopLossBps: 0, takeProfit: [] }, trail: { hwBps: 10_000, priceBps: 9_000 }, want: [["trailing_stop", null, true]] },
  { name: "trailing beats TP", rules: { trailingStopBps: 1_000, trailingArmBps: 0, stopLossBps: 0, takeProfit: [{ atBps: 100, sellBps: 1_000 }] }, trail: { hwBps: 40_000, priceBps: 5_000 }, want: [["trailing_stop", null, true]] },
];

describe("evaluateExit", () => {
  for (const row of rows) {
    test(row.name, () => {
      const rules = compileExitRules(row.rules);
      let p = position(row.pos);
      let tick: ExitTick;
      if (row.trail) {
        p = { ...p, highWater: nextHighWater(p, reservesAtPrice(p, row.trail.hwBps)) };
        tick = { kind: "price", reserves: reservesAtPrice(p, Math.round((row.trail.hwBps * row.trail.priceBps) / 10_000)) };
      } else tick = row.tick ?? { kind: "price", reserves: reservesAtPnl(p, row.pnl ?? 0, rules) };
      const got = evaluateExit(p, tick, rules, OPENED_AT + (row.nowOffset ?? 0));
      expect(got.map((d): [string, number | null, boolean] => [d.reason, d.level, d.full])).toEqual(row.want);
      const sold = got.reduce((s, d) => s + d.tokens, 0n);
      expect(sold <= p.tokensHeld).toBe(true);
      if (got.some((d) => d.full)) expect(sold).toBe(p.tokensHeld);
    });
  }

  test("nothing fired: the one shared empty answer, a plain array like the ones that fire (not frozen: see NO_EXIT)", () => {
    const rules = compileExitRules(noTrail);
    const p = position();
    const quiet = evaluateExit(p, { kind: "price", reserves: reservesAtPnl(p, 0, rules) }, rules, OPENED_AT);
    const fired = evaluateExit(p, { kind: "price", reserves: reservesAtPnl(p, -9_000, rules) }, rules, OPENED_AT);
    expect(quiet).toBe(NO_EXIT);
    expect(NO_EXIT).toEqual([]);
    expect(fired.length).toBe(1);
    expect([Array.isArray(NO_EXIT), Object.isFrozen(NO_EXIT)]).toEqual([true, Object.isFrozen(fired)]);
  });
});

describe("take-profit ladder arithmetic", () => {
  test("levels sell exact shares of the tokens bought and sum to all of them", () => {
    const rules = compileExitRules({ ...noTrail, takeProfit: [{ atBps: 1_000, sellBps: 3_333 }, { atBps: 2_000, sellBps: 3_333 }, { atBps: 3_000, sellBps: 3_334 }] });
    let p = position();
    const bought = p.tokensBought;
    for (let level = 0; level < 3; level++) {
      const ds = evaluateExit(p, { kind: "price", reserves: reservesAtPnl(p, 1_000 * (level + 1), rules) }, rules, OPENED_AT);
      expect(ds).toHaveLength(1);
      const d = ds[0]!;
      expect(d.level).toBe(level);
      p = { ...p, tokensHeld: p.tokensHeld - d.tokens, tpDone: p.tpDone | levelsMask(ds) };
    }
    expect(p.tokensHeld).toBe(0n);
    expect(bought - p.tokensHeld).toBe(bought);
  });

  test("TP ladder then trailing stop on the rest", () => {
    const rules = compileExitRules({ takeProfit: [{ atBps: 5_000, sellBps: 5_000 }], trailingStopBps: 2_000, trailingArmBps: 5_000, stopLossBps: 0 });
    let p = position();
    const up = reservesAtPnl(p, 6_000, rules);
    const ds = evaluateExit(p, { kind: "price", reserves: up }, rules, OPENED_AT);
    expect(ds.map((d) => d.reason)).toEqual(["take_profit"]);
    p = { ...p, tokensHeld: p.tokensHeld - ds[0]!.tokens, tpDone: 1, highWater: nextHighWater(p, up) };
    const down = { virtualSolReserves: (up.virtualSolReserves * 79n) / 100n, virtualTokenReserves: up.virtualTokenReserves };
    const ds2 = evaluateExit(p, { kind: "price", reserves: down }, rules, OPENED_AT);
    expect(ds2.map((d) => [d.reason, d.full, d.tokens])).toEqual([["trailing_stop", true, p.tokensHeld]]);
  });
});

describe("value", () => {
  test("sellValue equals curve.ts sellSolForTokens net", () => {
    const c = initialCurve();
    for (const t of [0n, 1n, 1_000n, 3_000_000_000_000n, 700_000_000_000_000n]) {
      expect(sellValue(c, t, MAINNET_FEES)).toBe(sellSolForTokens(c, t, MAINNET_FEES).net);
    }
  });
  test("pnlBps floors toward -infinity", () => {
    expect(pnlBps(150n, 100n)).toBe(5_000n);
    expect(pnlBps(99_999n, 100_000n)).toBe(-1n);
    expect(pnlBps(0n, 3n)).toBe(-10_000n);
    expect(pnlBps(5n, 0n)).toBe(0n);
  });
  test("nextHighWater keeps the same object when not higher", () => {
    const p = position();
    expect(nextHighWater(p, reservesAtPrice(p, 9_000))).toBe(p.highWater);
    expect(nextHighWater(p, reservesAtPrice(p, 12_000))).not.toBe(p.highWater);
  });
});

describe("compileExitRules", () => {
  const bad: Array<[Partial<ExitSettings>, string]> = [
    [{ takeProfit: [{ atBps: 5_000, sellBps: 6_000 }, { atBps: 6_000, sellBps: 5_000 }] }, "exits.takeProfit[1].sellBps"],
    [{ takeProfit: [{ atBps: 5_000, sellBps: 1_000 }, { atBps: 4_000, sellBps: 1_000 }] }, "exits.takeProfit[1].atBps"],
    [{ takeProfit: [{ atBps: 5_000, sellBps: 0 }] }, "exits.takeProfit[0].sellBps"],
    [{ stopLossBps: 10_001 }, "exits.stopLossBps"],
    [{ trailingStopBps: -1 }, "exits.trailingStopBps"],
  ];
  for (const [settings, field] of bad) test(`rejects ${field}`, () => expect(() => compileExitRules(settings)).toThrow(field));
});
