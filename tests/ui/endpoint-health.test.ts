import { describe, expect, test } from "bun:test";
import { createActor } from "xstate";
import { endpointHealthActor } from "../../src/actors/endpoint-health.actor.ts";

describe("endpoint health actor", () => {
  test("probes at once and then on its interval, one round at a time; stopping aborts the round and the timer", async () => {
    let rounds = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    let aborted = false;
    const actor = createActor(endpointHealthActor, {
      input: {
        intervalMs: 20,
        probe: async (signal: AbortSignal) => {
          rounds++;
          concurrent++;
          maxConcurrent = Math.max(maxConcurrent, concurrent);
          signal.addEventListener("abort", () => (aborted = true));
          await Bun.sleep(50);
          concurrent--;
        },
      },
    });
    actor.start();
    expect(rounds).toBe(1);
    await Bun.sleep(130);
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(maxConcurrent).toBe(1);
    actor.stop();
    const after = rounds;
    await Bun.sleep(80);
    expect(rounds).toBe(after);
    expect(aborted).toBe(true);
  });
});
