import { afterEach, describe, expect, test } from "bun:test";
import type { AnyActorRef } from "xstate";
import { deliver, shutdownTree } from "../../src/actors/supervisor.actor.ts";
import type { PositionRecord } from "../../src/positions/index.ts";
import { BUY, buyConfirmed, reservesAtPnl, RULES, sellConfirmed, settle, supervisedManager, tradeAt } from "./harness.ts";

const roots: AnyActorRef[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await shutdownTree(root);
});

describe("positions manager under a supervisor", () => {
  test("a crash of the manager restarts it and every position resumes from the store", async () => {
    const { clock, store, sells, slot, errors, root } = supervisedManager();
    roots.push(root);
    const port = () => slot.get()!;
    const record = (): PositionRecord => [...store.rows.values()][0]!;

    port().open(BUY);
    deliver(root, "positions", buyConfirmed());
    expect(record().status).toBe("open");
    port().trade(tradeAt(reservesAtPnl(record(), 5_000, RULES)));
    deliver(root, "positions", sellConfirmed(sells[0]!));
    expect(record()).toMatchObject({ status: "open", tpDone: 1 });

    // The store fails once while saving a new high: the hot path must not throw into the listener.
    const save = store.savePosition.bind(store);
    let fail = true;
    store.savePosition = (r) => {
      if (fail) {
        fail = false;
        throw new Error("disk hiccup");
      }
      save(r);
    };
    expect(() => port().trade(tradeAt(reservesAtPnl(record(), 8_000, RULES)))).not.toThrow();
    await settle();
    expect(slot.get()).toBeUndefined(); // manager down, in backoff
    clock.increment(100);
    await settle();
    expect(slot.get()).toBeDefined();
    expect(port().list()).toHaveLength(1);
    expect(port().list()[0]).toMatchObject({ status: "open", tpDone: 1 });
    port().trade(tradeAt(reservesAtPnl(record(), 7_000, RULES)));
    expect(sells).toHaveLength(1); // level 0 not taken twice
    port().trade(tradeAt(reservesAtPnl(record(), 10_000, RULES)));
    expect(sells.map((s) => s.reason)).toEqual(["take_profit", "take_profit"]);
    expect(errors).toEqual([]);
  });
});
