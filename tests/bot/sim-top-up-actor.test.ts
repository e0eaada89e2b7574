import { describe, expect, test } from "bun:test";
import { createActor } from "xstate";
import { simTopUpActor } from "../../src/actors/sim-top-up.actor.ts";
import { PortSlot } from "../../src/pipeline/port-slot.ts";

async function until(condition: () => boolean, ms = 2_000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition() && performance.now() < end) await Bun.sleep(5);
  expect(condition()).toBe(true);
}

/** The actor over a scripted check: each call waits for `gate` (if any), then takes the next answer (null once they run out). */
function start(answers: (number | null | Error)[], intervalMs = 60_000, gate?: () => Promise<void>) {
  const calls: number[] = [];
  const errors: unknown[] = [];
  const wake = new PortSlot<() => void>("simTopUp");
  const t0 = performance.now();
  const actor = createActor(simTopUpActor, {
    input: {
      check: async (signal: AbortSignal) => {
        calls.push(performance.now() - t0);
        if (gate !== undefined && !signal.aborted) await gate();
        const a = answers.shift() ?? null;
        if (a instanceof Error) throw a;
        return a;
      },
      intervalMs,
      wake,
      onError: (err: unknown) => errors.push(err),
    },
  });
  actor.start();
  return { actor, calls, errors, wake };
}

describe("sim top-up actor", () => {
  test("no check at start (the executor's start funds the wallet); a wake checks at once", async () => {
    const a = start([]);
    await Bun.sleep(30);
    expect(a.calls).toEqual([]);
    a.wake.get()!();
    await until(() => a.calls.length === 1);
    a.actor.stop();
    expect(a.wake.get()).toBeUndefined();
  });

  test("an airdrop held back by the rate bound is retried when the bound allows, not at the next tick", async () => {
    const a = start([80, null]);
    a.wake.get()!();
    await until(() => a.calls.length === 2);
    expect(a.calls[1]! - a.calls[0]!).toBeGreaterThanOrEqual(70);
    await Bun.sleep(150);
    expect(a.calls).toHaveLength(2);
    a.actor.stop();
  });

  test("one check at a time: a wake during a check runs one more right after it", async () => {
    let open!: () => void;
    const a = start([], 60_000, () => new Promise<void>((r) => (open = r)));
    a.wake.get()!();
    await until(() => a.calls.length === 1);
    a.wake.get()!();
    a.wake.get()!();
    await Bun.sleep(20);
    expect(a.calls).toHaveLength(1);
    open();
    await until(() => a.calls.length === 2);
    open();
    await Bun.sleep(30);
    expect(a.calls).toHaveLength(2);
    a.actor.stop();
  });

  test("checks on the timer; a failed check is reported and the timer goes on", async () => {
    const a = start([new Error("ECONNREFUSED"), null], 40);
    await until(() => a.calls.length >= 2);
    expect(a.errors).toHaveLength(1);
    a.actor.stop();
    const n = a.calls.length;
    await Bun.sleep(120);
    expect(a.calls).toHaveLength(n); // stopped: no timer left
  });
});
