import { describe, expect, test } from "bun:test";
import { MAINNET_FEES } from "../../src/domain/curve.ts";
import { sellValue } from "../../src/domain/exits/index.ts";
import {
  applySellFailed, applySellFill, buildSellRequest, combineDecisions, openingRecord, positionIdFor, sellPolicyDefaults,
  sellReserves, slippageFor, startExit, applyBuyFill, InMemoryPositionStore,
} from "../../src/positions/index.ts";
import { BUY, buyConfirmed, QUOTE } from "./harness.ts";

const open = () => applyBuyFill(openingRecord(BUY, { now: 0 }), buyConfirmed() as never, 10);

describe("position record transitions", () => {
  test("buy fill sets cost with fees, entry price and high water", () => {
    const r = open();
    expect(r).toMatchObject({ status: "open", tokensBought: QUOTE.tokens, tokensHeld: QUOTE.tokens, costLamports: QUOTE.total, openedAt: 10 });
    expect(r.entryPrice).toEqual({ num: QUOTE.solAmount, den: QUOTE.tokens });
    expect(r.highWater).toBe(r.entryPrice);
    expect(positionIdFor(BUY)).toBe(`${BUY.mint}:launch-signature`);
  });

  const combos: Array<[string, Parameters<typeof combineDecisions>[0], ReturnType<typeof combineDecisions>]> = [
    ["none", [], null],
    ["one TP", [{ reason: "take_profit", tokens: 5n, full: false, level: 0, pnlBps: 0n }], { reason: "take_profit", tokens: 5n, full: false, levels: 1 }],
    ["two TPs merge", [
      { reason: "take_profit", tokens: 5n, full: false, level: 0, pnlBps: 0n },
      { reason: "take_profit", tokens: 7n, full: true, level: 2, pnlBps: 0n },
    ], { reason: "take_profit", tokens: 12n, full: true, levels: 5 }],
    ["stop loss", [{ reason: "stop_loss", tokens: 9n, full: true, level: null, pnlBps: -1n }], { reason: "stop_loss", tokens: 9n, full: true, levels: 0 }],
  ];
  for (const [name, ds, want] of combos) test(`combineDecisions: ${name}`, () => expect(combineDecisions(ds)).toEqual(want));

  test("startExit marks levels taken and the pending kind; a partial of everything is full", () => {
    const r = open();
    const partial = startExit(r, { reason: "take_profit", tokens: 10n, full: false, levels: 1 }, { triggeredAt: 1, now: 2 });
    expect(partial).toMatchObject({ status: "exiting", pendingExit: "partial", tpDone: 1 });
    const all = startExit(r, { reason: "take_profit", tokens: r.tokensHeld, full: false, levels: 2 }, { triggeredAt: 1, now: 2 });
    expect(all.pendingExit).toBe("full");
    expect(all.pendingSell!.full).toBe(true);
  });

  test("sell fill: proceeds net of fees, closes at zero", () => {
    const r = startExit(open(), { reason: "stop_loss", tokens: 0n, full: true, levels: 0 }, { triggeredAt: 0, now: 0 });
    const done = applySellFill(r, { type: "order.confirmed", intentId: "s", side: "sell", mint: r.mint, signature: "x", slot: 1, lamports: 90_000_000n, tokens: r.tokensHeld, feeLamports: 2_000_000n }, 99);
    expect(done).toMatchObject({ status: "closed", tokensHeld: 0n, proceedsLamports: 88_000_000n, exitReason: "stop_loss", closedAt: 99, pendingSell: null });
  });

  const slips: Array<[number, number]> = [[0, 1_500], [1, 2_500], [2, 3_500], [3, 4_500], [4, 5_000], [9, 5_000]];
  for (const [attempt, bps] of slips) test(`slippage of attempt ${attempt} is ${bps} bps`, () => expect(slippageFor(sellPolicyDefaults, attempt)).toBe(bps));

  test("sell request: min output from the reserves and the attempt's slippage", () => {
    let r = startExit(open(), { reason: "take_profit", tokens: 1_000_000n, full: false, levels: 1 }, { triggeredAt: 5, now: 0 });
    const res = { virtualSolReserves: 40_000_000_000n, virtualTokenReserves: 800_000_000_000_000n };
    const a = buildSellRequest(r, res, MAINNET_FEES, sellPolicyDefaults)!;
    expect(a).toMatchObject({ tokens: 1_000_000n, reason: "take_profit", triggeredAt: 5, positionId: r.positionId });
    expect(a.minSolOutput).toBe((sellValue(res, 1_000_000n, MAINNET_FEES) * 8_500n) / 10_000n);
    r = applySellFailed(r, "slippage");
    const b = buildSellRequest(r, res, MAINNET_FEES, sellPolicyDefaults)!;
    expect(b.minSolOutput).toBe((sellValue(res, 1_000_000n, MAINNET_FEES) * 7_500n) / 10_000n);
    expect([a.closeAccount, b.closeAccount]).toEqual([false, false]);
  });

  test("sell request: the token account is closed by a sell of every token held, unless a close was refused", () => {
    const res = { virtualSolReserves: 40_000_000_000n, virtualTokenReserves: 800_000_000_000_000n };
    let r = startExit(open(), { reason: "stop_loss", tokens: 0n, full: true, levels: 0 }, { triggeredAt: 0, now: 0 });
    expect(buildSellRequest(r, res, MAINNET_FEES, sellPolicyDefaults)).toMatchObject({ tokens: r.tokensHeld, closeAccount: true });
    r = applySellFailed(r, "slippage");
    expect(buildSellRequest(r, res, MAINNET_FEES, sellPolicyDefaults)!.closeAccount).toBe(true);
    r = applySellFailed(r, "token account not empty", true);
    expect(r.pendingSell).toMatchObject({ keepAccount: true, attempt: 2 });
    expect(buildSellRequest(r, res, MAINNET_FEES, sellPolicyDefaults)!.closeAccount).toBe(false);
    r = applySellFailed(r, "slippage");
    expect(r.pendingSell!.keepAccount).toBe(true);
    expect(buildSellRequest(r, res, MAINNET_FEES, sellPolicyDefaults)!.closeAccount).toBe(false);
  });

  test("sell reserves: latest trade, else the saved mark, else the entry price", () => {
    const r = open();
    const latest = { virtualSolReserves: 1n, virtualTokenReserves: 2n };
    expect(sellReserves(r, latest)).toBe(latest);
    expect(sellReserves({ ...r, mark: latest }, undefined)).toBe(latest);
    expect(sellReserves(r, undefined)).toEqual({ virtualSolReserves: r.entryPrice.num, virtualTokenReserves: r.entryPrice.den });
  });

  test("in-memory store keeps the newest version and lists live positions only", () => {
    const s = new InMemoryPositionStore();
    const r = open();
    s.savePosition({ ...r, version: 2 });
    s.savePosition({ ...r, version: 1, tokensHeld: 0n });
    expect(s.loadPosition(r.positionId)!.tokensHeld).toBe(r.tokensHeld);
    s.savePosition({ ...r, version: 3, status: "closed" });
    expect(s.loadOpenPositions()).toEqual([]);
  });
});
