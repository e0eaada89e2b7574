import { SimulatedClock } from "xstate";
import type { Clock } from "../../src/clock.ts";

/** A SimulatedClock for XState delays plus a Clock reading the same time, for timings. */
export function simulatedTime(): { sim: SimulatedClock; clock: Clock; sleep(ms: number, signal?: AbortSignal): Promise<void> } {
  const sim = new SimulatedClock();
  const clock: Clock = { now: () => sim.now(), monotonic: () => sim.now() };
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const id = sim.setTimeout(resolve, ms);
      signal?.addEventListener("abort", () => {
        sim.clearTimeout(id);
        reject(new Error("aborted"));
      });
    });
  return { sim, clock, sleep };
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise<void>((r) => setImmediate(r));

/** Moves simulated time forward 1 ms at a time, letting promises settle between steps. */
export async function advance(sim: SimulatedClock, ms: number): Promise<void> {
  await settle();
  for (let i = 0; i < ms; i++) {
    sim.increment(1);
    await settle();
  }
}

/** A promise that only ends when its signal aborts (a hung drainer or flusher). */
export const hangUntilAborted = (signal: AbortSignal, onAbort?: () => void) =>
  new Promise<void>((_, reject) => {
    signal.addEventListener("abort", () => {
      onAbort?.();
      reject(new Error("aborted"));
    });
  });
