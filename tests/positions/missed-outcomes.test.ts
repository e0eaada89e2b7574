import { describe, expect, test } from "bun:test";
import type { OrderOutcome } from "../../src/pipeline/orders.ts";
import { applyMissedOutcomes } from "../../src/positions/record.ts";
import { InMemoryPositionStore, type MissedOutcome, type PositionRecord } from "../../src/positions/index.ts";
import { BUY, buyConfirmed, harness, QUOTE, reservesAtPnl, RULES, sellConfirmed, settle, tradeAt } from "./harness.ts";

/** An in-memory store that also answers for a journal: the outcomes a test says it settled, while the record has not got them. */
class JournalledStore extends InMemoryPositionStore {
  readonly settled: OrderOutcome[] = [];
  missedOutcomes(r: PositionRecord): MissedOutcome[] {
    const live = r.status === "opening" ? "buy" : r.status === "exiting" || r.status === "stuck" ? "sell" : null;
    return this.settled.filter((o) => o.side === live && o.positionId === r.positionId).map((outcome) => ({ outcome, at: 42_000 }));
  }
}

describe("outcomes a position missed", () => {
  test("applyMissedOutcomes applies only what the record's state could have received", () => {
    const h = harness();
    const id = h.port.open(BUY);
    const opening = h.record();
    const buy = { ...buyConfirmed(), positionId: id };
    const open = applyMissedOutcomes(opening, [{ outcome: buy, at: 7 }]);
    expect(open).toMatchObject({ status: "open", tokensHeld: QUOTE.tokens, openedAt: 7 });
    // A sell outcome for a record that never decided an exit, a buy outcome for an open one, a failed sell: ignored.
    const sell: OrderOutcome = { type: "order.confirmed", intentId: "s", side: "sell", mint: BUY.mint, signature: "s", slot: 1, lamports: 1n, tokens: 1n, feeLamports: 0n, positionId: id };
    const failedSell: OrderOutcome = { type: "order.failed", intentId: "f", side: "sell", mint: BUY.mint, reason: "slippage", retryable: true, positionId: id };
    expect(applyMissedOutcomes(open, [{ outcome: sell, at: 8 }, { outcome: buy, at: 8 }])).toBe(open);
    const exiting: PositionRecord = { ...open, status: "exiting", pendingExit: "full", pendingSell: { reason: "stop_loss", tokens: QUOTE.tokens, full: true, levels: 0, attempt: 0, triggeredAt: 0, decidedAt: 8 } };
    expect(applyMissedOutcomes(exiting, [{ outcome: failedSell, at: 9 }])).toBe(exiting);
    expect(applyMissedOutcomes(opening, [{ outcome: { type: "order.failed", intentId: "b", side: "buy", mint: BUY.mint, reason: "expired", retryable: false, positionId: id }, at: 9 }]))
      .toMatchObject({ status: "failed", lastError: "expired", closedAt: 9 });
    h.manager.stop();
  });

  test("a crashed position actor whose sell landed meanwhile restarts closed: no second sell, out of the book", async () => {
    const store = new JournalledStore();
    const h = harness({ store });
    const id = h.port.open(BUY);
    h.port.outcome(buyConfirmed());
    h.port.trade(tradeAt(reservesAtPnl(h.record(), -4_000, RULES)));
    expect(h.sells.map((s) => s.reason)).toEqual(["stop_loss"]);
    // The sell confirms in the journal, but its outcome never reaches the machine: the actor crashes first
    // (here, a failing save of the manual sell queued behind it).
    store.settled.push(sellConfirmed(h.sells[0]!, 95_000_000n));
    const save = store.savePosition.bind(store);
    let fail = true;
    store.savePosition = (r: PositionRecord) => {
      if (fail && r.queuedExit !== null) {
        fail = false;
        throw new Error("disk full");
      }
      save(r);
    };
    h.port.sell(id, "manual");
    await settle();
    expect(h.errors).toEqual([]);
    expect(h.record()).toMatchObject({ status: "closed", tokensHeld: 0n, proceedsLamports: 95_000_000n - 1_000n, exitReason: "stop_loss", closedAt: 42_000 });
    expect(h.port.list()).toEqual([]);
    expect(h.port.openCount()).toBe(0);
    expect(h.sells).toHaveLength(1);
    h.manager.stop();
  });
});
