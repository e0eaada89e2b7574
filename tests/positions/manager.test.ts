import { describe, expect, test } from "bun:test";
import { sellValue } from "../../src/domain/exits/index.ts";
import { MAINNET_FEES } from "../../src/domain/curve.ts";
import { InMemoryPositionStore, type PositionRecord } from "../../src/positions/index.ts";
import { CREATOR, MINT } from "../domain/filters/fixtures.ts";
import {
  BUY, buyConfirmed, closeRefused, harness, POLICY, QUOTE, reservesAtPnl, RULES, sellConfirmed, sellFailed, settle, tradeAt,
} from "./harness.ts";

function opened(opts: Parameters<typeof harness>[0] = {}) {
  const h = harness(opts);
  const id = h.port.open(BUY, { name: "Good", symbol: "GOOD" });
  expect(h.record().status).toBe("opening");
  h.port.outcome(buyConfirmed());
  expect(h.record()).toMatchObject({ positionId: id, status: "open", tokensHeld: QUOTE.tokens });
  return { h, id };
}

describe("positions manager", () => {
  test("open -> take-profit level 0 -> partial sell with a slippage bound -> open with the rest", () => {
    const { h } = opened();
    h.port.trade(tradeAt(reservesAtPnl(h.record(), 1_000, RULES)));
    expect(h.sells).toHaveLength(0);
    const up = reservesAtPnl(h.record(), 5_000, RULES);
    h.port.trade(tradeAt(up, {}, 777));
    expect(h.sells).toHaveLength(1);
    const req = h.sells[0]!;
    expect(req).toMatchObject({ reason: "take_profit", tokens: QUOTE.tokens / 2n, triggeredAt: 777, mint: MINT, creator: CREATOR, closeAccount: false });
    expect(req.minSolOutput).toBe((sellValue(up, QUOTE.tokens / 2n, MAINNET_FEES) * 8_500n) / 10_000n);
    expect(h.record()).toMatchObject({ status: "exiting", pendingExit: "partial", tpDone: 1 });
    h.port.trade(tradeAt(reservesAtPnl(h.record(), 6_000, RULES)));
    expect(h.sells).toHaveLength(1); // a partial in flight blocks further TP
    h.port.outcome(sellConfirmed(req));
    expect(h.record()).toMatchObject({ status: "open", tokensHeld: QUOTE.tokens - QUOTE.tokens / 2n, pendingExit: "none", tpDone: 1 });
  });

  test("survives a manager restart mid-way: a level already taken is not taken twice", () => {
    const { h } = opened();
    h.port.trade(tradeAt(reservesAtPnl(h.record(), 5_500, RULES)));
    h.port.outcome(sellConfirmed(h.sells[0]!));
    const before = h.record();
    h.restart();
    expect(h.port.list().map((r) => r.positionId)).toEqual([before.positionId]);
    expect(h.port.list()[0]).toMatchObject({ status: "open", tpDone: 1, tokensHeld: before.tokensHeld });
    h.port.trade(tradeAt(reservesAtPnl(h.record(), 7_000, RULES)));
    expect(h.sells).toHaveLength(1);
    h.port.trade(tradeAt(reservesAtPnl(h.record(), 10_000, RULES)));
    expect(h.sells).toHaveLength(2);
    expect(h.sells[1]).toMatchObject({ reason: "take_profit", tokens: before.tokensHeld });
    h.port.outcome(sellConfirmed(h.sells[1]!));
    expect(h.record()).toMatchObject({ status: "closed", tokensHeld: 0n, exitReason: "take_profit" });
    expect(h.port.openCount()).toBe(0);
    h.restart();
    expect(h.port.list()).toEqual([]);
  });

  test("a restart tells the status page of every live position it takes up again, quiet ones too (none that closed)", () => {
    const { h, id } = opened();
    expect(h.resumed).toEqual([]);
    h.restart();
    expect(h.resumed.map((r) => [r.positionId, r.status])).toEqual([[id, "open"]]);
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -3_500, RULES)));
    h.port.outcome(sellConfirmed(h.sells[0]!));
    expect(h.record().status).toBe("closed");
    h.restart();
    expect(h.resumed).toHaveLength(1);
  });

  test("restart with a sell in flight: waits for its outcome instead of selling twice", () => {
    const { h } = opened();
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -3_500, RULES)));
    expect(h.sells.map((s) => s.reason)).toEqual(["stop_loss"]);
    h.restart();
    expect(h.record()).toMatchObject({ status: "exiting", pendingExit: "full" });
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -5_000, RULES)));
    expect(h.sells).toHaveLength(1);
    h.port.outcome(sellConfirmed(h.sells[0]!));
    expect(h.record()).toMatchObject({ status: "closed", exitReason: "stop_loss" });
  });

  test("no outcome before the outcome timeout: the executor still has the sell, so no second one; its outcome then decides", () => {
    const { h } = opened();
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -3_500, RULES)));
    h.restart();
    h.clock.increment(POLICY.outcomeTimeoutMs);
    h.clock.increment(POLICY.retryDelayMs);
    expect(h.sells).toHaveLength(1);
    // The timeout counts once; the refused resend (the executor's sell is still out) does not.
    expect(h.record()).toMatchObject({ status: "exiting", sellFailures: 1 });
    h.port.outcome(sellFailed(h.sells[0]!));
    h.clock.increment(POLICY.retryDelayMs);
    expect(h.sells).toHaveLength(2);
    expect(h.sells[1]!.minSolOutput).toBeLessThan(h.sells[0]!.minSolOutput);
  });

  test("no outcome and the executor lost the sell: resent after the outcome timeout", () => {
    const { h } = opened();
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -3_500, RULES)));
    h.clock.increment(POLICY.outcomeTimeoutMs - 1);
    h.forgetSells();
    expect(h.sells).toHaveLength(1);
    h.clock.increment(1);
    h.clock.increment(POLICY.retryDelayMs);
    expect(h.sells).toHaveLength(2);
    expect(h.sells[1]!.minSolOutput).toBeLessThan(h.sells[0]!.minSolOutput);
  });

  test("restart with an exit decided but no sell in the executor (died before journaling it): sent again at once", () => {
    const { h } = opened();
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -3_500, RULES)));
    expect(h.sells).toHaveLength(1);
    h.forgetSells();
    h.restart();
    expect(h.sells).toHaveLength(2);
    expect(h.sells[1]).toMatchObject({ reason: "stop_loss", tokens: QUOTE.tokens, minSolOutput: h.sells[0]!.minSolOutput });
    h.port.outcome(sellConfirmed(h.sells[1]!));
    expect(h.record().status).toBe("closed");
  });

  test("restart mid-sell while the executor is not up yet: waits for it, then asks whether the sell is in flight", () => {
    const { h } = opened();
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -3_500, RULES)));
    h.unbindExecutor();
    h.forgetSells();
    h.restart();
    h.clock.increment(POLICY.executorWaitMs * 3);
    expect(h.sells).toHaveLength(1);
    h.bindExecutor();
    h.clock.increment(POLICY.executorWaitMs);
    expect(h.sells).toHaveLength(2);
  });

  test("a sell the executor refuses (nothing sent) is a failed attempt, retried after the retry delay", () => {
    const { h } = opened();
    h.refusals.push("blockhash stale");
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -3_500, RULES)));
    expect(h.sells).toHaveLength(0);
    expect(h.record()).toMatchObject({ status: "exiting", sellFailures: 1, lastError: "refused: blockhash stale" });
    h.clock.increment(POLICY.retryDelayMs);
    expect(h.sells).toHaveLength(1);
    h.port.outcome(sellConfirmed(h.sells[0]!));
    expect(h.record().status).toBe("closed");
  });

  test("an exit while the executor drains (shutdown) waits uncounted: the position stays exiting and the next start sells", () => {
    const { h } = opened();
    h.draining(true);
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -3_500, RULES)));
    h.clock.increment((POLICY.retryDelayMs + POLICY.executorWaitMs) * (POLICY.maxRetries + 3));
    expect(h.sells).toHaveLength(0);
    expect(h.stuck).toEqual([]);
    expect(h.record()).toMatchObject({ status: "exiting", sellFailures: 0, exitReason: null });
    // The process stops; the next one's executor takes orders: the resumed exit is sent at once.
    h.draining(false);
    h.restart();
    h.clock.increment(POLICY.executorWaitMs);
    expect(h.sells.map((s) => s.reason)).toEqual(["stop_loss"]);
    h.port.outcome(sellConfirmed(h.sells[0]!));
    expect(h.record()).toMatchObject({ status: "closed", exitReason: "stop_loss" });
  });

  test("restart while opening: the buy outcome still lands", () => {
    const h = harness();
    h.port.open(BUY);
    h.restart();
    expect(h.port.totalExposure()).toBe(BUY.lamports);
    h.port.outcome(buyConfirmed());
    expect(h.record().status).toBe("open");
    expect(h.port.totalExposure()).toBe(QUOTE.total);
  });

  test("failed sells retry with a widening slippage bound, then the position is stuck", () => {
    const { h } = opened();
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -4_000, RULES)));
    h.port.outcome(sellFailed(h.sells[0]!));
    expect(h.sells).toHaveLength(1);
    h.clock.increment(POLICY.retryDelayMs);
    expect(h.sells).toHaveLength(2);
    h.port.outcome(sellFailed(h.sells[1]!));
    h.clock.increment(POLICY.retryDelayMs);
    expect(h.sells).toHaveLength(3);
    const mins = h.sells.map((s) => s.minSolOutput);
    expect(mins[1]).toBeLessThan(mins[0]!);
    expect(mins[2]).toBeLessThan(mins[1]!);
    h.port.outcome(sellFailed(h.sells[2]!));
    h.clock.increment(POLICY.retryDelayMs * 10);
    expect(h.sells).toHaveLength(3);
    expect(h.record()).toMatchObject({ status: "stuck", sellFailures: 3 });
    expect(h.stuck).toHaveLength(1);
    // a manual retry gets it out
    h.port.retry(h.record().positionId);
    expect(h.sells).toHaveLength(4);
    h.port.outcome(sellConfirmed(h.sells[3]!));
    expect(h.record().status).toBe("closed");
  });

  test("a full exit closes the token account; once a close is refused, every later attempt keeps it", () => {
    const { h } = opened();
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -4_000, RULES)));
    expect(h.sells[0]).toMatchObject({ reason: "stop_loss", tokens: QUOTE.tokens, closeAccount: true });
    // Slippage alone does not give up the close.
    h.port.outcome(sellFailed(h.sells[0]!));
    h.clock.increment(POLICY.retryDelayMs);
    expect(h.sells[1]).toMatchObject({ tokens: QUOTE.tokens, closeAccount: true });
    h.port.outcome(closeRefused(h.sells[1]!));
    expect(h.record().pendingSell).toMatchObject({ keepAccount: true, attempt: 2 });
    h.clock.increment(POLICY.retryDelayMs);
    expect(h.sells[2]).toMatchObject({ tokens: QUOTE.tokens, closeAccount: false });
    h.port.outcome(sellConfirmed(h.sells[2]!));
    expect(h.record().status).toBe("closed");
  });

  test("a non-retryable sell failure goes stuck at once", () => {
    const { h } = opened();
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -4_000, RULES)));
    h.port.outcome(sellFailed(h.sells[0]!, false));
    h.clock.increment(POLICY.retryDelayMs);
    expect(h.sells).toHaveLength(1);
    expect(h.record()).toMatchObject({ status: "stuck", lastError: "slippage" });
    expect(h.stuck).toHaveLength(1);
  });

  test("executor restarting: the sell waits for its slot and is not lost", () => {
    const { h } = opened({ bindExecutor: false });
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -4_000, RULES)));
    h.clock.increment(POLICY.executorWaitMs * 3);
    expect(h.sells).toHaveLength(0);
    h.bindExecutor();
    h.clock.increment(POLICY.executorWaitMs);
    expect(h.sells).toHaveLength(1);
    expect(h.sells[0]!.reason).toBe("stop_loss");
  });

  test("max hold fires from the machine's timer, also after a restart (from openedAt)", () => {
    const { h } = opened();
    h.clock.increment(40_000);
    h.restart();
    h.clock.increment(19_999);
    expect(h.sells).toHaveLength(0);
    h.clock.increment(1);
    expect(h.sells.map((s) => s.reason)).toEqual(["max_hold"]);
  });

  test("creator sold -> full exit; curve completed -> full exit", () => {
    const a = opened();
    const r = reservesAtPnl(a.h.record(), 0, RULES);
    a.h.port.trade(tradeAt(r, { isBuy: false, user: CREATOR }));
    expect(a.h.sells.map((s) => [s.reason, s.tokens])).toEqual([["creator_sold", QUOTE.tokens]]);
    const b = opened();
    b.h.port.complete({ type: "curve.completed", signature: "c", slot: 3, receivedAt: 9, seenAt: 9, source: 0,
      event: { kind: "complete", layoutBytes: 0, truncatedAt: null, extra: new Uint8Array(), user: "u", mint: MINT, bondingCurve: "Curve", timestamp: 0n, quoteMint: "" } });
    expect(b.h.sells.map((s) => s.reason)).toEqual(["curve_complete"]);
  });

  test("a stop-loss during a partial sell is queued and sent when the partial settles", () => {
    const { h } = opened();
    h.port.trade(tradeAt(reservesAtPnl(h.record(), 5_000, RULES)));
    const partial = h.sells[0]!;
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -4_000, RULES)));
    expect(h.sells).toHaveLength(1);
    expect(h.record().queuedExit).toBe("stop_loss");
    h.port.outcome(sellConfirmed(partial));
    expect(h.sells).toHaveLength(2);
    expect(h.sells[1]).toMatchObject({ reason: "stop_loss", tokens: QUOTE.tokens - partial.tokens });
  });

  test("high-water mark is saved and survives a restart", () => {
    const { h } = opened({ rules: { ...RULES, takeProfit: [], trailingStopBps: 2_000, trailingArmBps: 1_000 } });
    const high = reservesAtPnl(h.record(), 4_000, RULES);
    h.port.trade(tradeAt(high));
    expect(h.record().highWater).toEqual({ num: high.virtualSolReserves, den: high.virtualTokenReserves });
    h.restart();
    h.port.trade(tradeAt({ virtualSolReserves: (high.virtualSolReserves * 79n) / 100n, virtualTokenReserves: high.virtualTokenReserves }));
    expect(h.sells.map((s) => s.reason)).toEqual(["trailing_stop"]);
  });

  test("a crashed position actor is restarted from its stored record", async () => {
    const store = new InMemoryPositionStore();
    const { h } = opened({ store });
    const save = store.savePosition.bind(store);
    let throwOnce = true;
    store.savePosition = (r: PositionRecord) => {
      if (r.status === "exiting" && throwOnce) {
        throwOnce = false;
        throw new Error("disk full");
      }
      save(r);
    };
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -4_000, RULES)));
    expect(h.sells).toHaveLength(0); // the decision was never saved: not sent
    await settle();
    expect(h.errors).toHaveLength(0);
    expect(h.record().status).toBe("open");
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -4_100, RULES)));
    expect(h.sells.map((s) => s.reason)).toEqual(["stop_loss"]);
  });

  test("exposure views for the filter", () => {
    const { h } = opened();
    expect(h.port.openCount()).toBe(1);
    expect(h.port.hasMint(MINT)).toBe(true);
    expect(h.port.exposureFor(MINT)).toBe(QUOTE.total);
    expect(h.port.exposureFor("other")).toBe(0n);
  });

  test("trades on other mints are ignored cheaply", () => {
    const { h } = opened();
    for (let i = 0; i < 1000; i++) h.port.trade(tradeAt({ virtualSolReserves: 1n, virtualTokenReserves: 1n }, { mint: `m${i}` }));
    expect(h.port.stats()).toMatchObject({ trades: 1000, evaluated: 0 });
  });
});
