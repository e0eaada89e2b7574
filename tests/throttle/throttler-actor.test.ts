import { describe, expect, test } from "bun:test";
import { createActor } from "xstate";
import { throttlerActor, type ThrottlerPort } from "../../src/actors/throttler.actor.ts";
import { PortSlot } from "../../src/pipeline/port-slot.ts";
import { priceUpdateFromTrade, type PriceUpdate } from "../../src/throttle/index.ts";
import { trade } from "../domain/filters/fixtures.ts";
import { FakeTimers } from "./fake-timers.ts";

describe("throttler actor", () => {
  test("feeds subscribers through the port, isolates a throwing subscriber, flushes on stop", () => {
    const t = new FakeTimers();
    const got: PriceUpdate[] = [];
    const errors: number[] = [];
    const slot = new PortSlot<ThrottlerPort>("throttler");
    const actor = createActor(throttlerActor, {
      input: {
        intervalMs: 250, maxKeys: 100, clock: { now: t.now, monotonic: t.now }, timers: t, slot,
        subscribers: [() => { throw new Error("ui down"); }, (u) => got.push(u)],
        onSubscriberError: (_e, i) => errors.push(i),
      },
    });
    actor.subscribe({ error: () => {} });
    actor.start();
    const port = slot.get()!;
    port.price(priceUpdateFromTrade(trade({ virtualSolReserves: 1n }, "s1")));
    port.price(priceUpdateFromTrade(trade({ virtualSolReserves: 2n }, "s2")));
    actor.send({ type: "throttle.price", update: priceUpdateFromTrade(trade({ virtualSolReserves: 3n }, "s3")) });
    expect(got.map((u) => u.virtualSolReserves)).toEqual([1n]);
    t.advance(250);
    expect(got.map((u) => u.virtualSolReserves)).toEqual([1n, 3n]);
    port.price(priceUpdateFromTrade(trade({ virtualSolReserves: 4n }, "s4")));
    port.price(priceUpdateFromTrade(trade({ virtualSolReserves: 5n }, "s5")));
    actor.stop();
    expect(got.map((u) => u.virtualSolReserves)).toEqual([1n, 3n, 5n]);
    expect(errors).toEqual([0, 0, 0]);
    expect(slot.get()).toBeUndefined();
    expect(t.active).toBe(0);
  });
});
