/** Shared fakes for the supervision tests: a simulated clock, recording children, a flush helper. */
import { fromPromise, SimulatedClock, type AnyEventObject } from "xstate";
import type { Clock } from "../../src/clock.ts";
import { supervisedCallback } from "../../src/actors/supervised-callback.ts";

/** XState's SimulatedClock that also serves as the project Clock (records, intensity window). */
export class TestClock extends SimulatedClock implements Clock {
  monotonic(): number {
    return this.now();
  }
}

/** Lets promise callbacks and queued events run (real macrotask; the supervisor's timers are simulated). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** A callback child that logs `start:<name>` / `stop:<name>` / `got:<name>:<type>` and crashes on `crash`. */
export function worker(name: string, log: string[]) {
  return supervisedCallback<AnyEventObject>(({ receive }) => {
    log.push(`start:${name}`);
    receive((event) => {
      if (event.type === "crash") throw new Error(`boom ${name}`);
      log.push(`got:${name}:${event.type}`);
    });
    return () => log.push(`stop:${name}`);
  });
}

/** Settles the current instance of a promise child from the test. */
export interface PromiseHandle {
  resolve: (value?: unknown) => void;
  reject: (error: unknown) => void;
}

/** A promise child whose outcome the test decides through `handles[name]`; logs start and abort. */
export function promiseChild(name: string, log: string[], handles: Record<string, PromiseHandle>) {
  return fromPromise<unknown>(({ signal }) => {
    log.push(`start:${name}`);
    signal.addEventListener("abort", () => log.push(`stop:${name}`));
    return new Promise((resolve, reject) => {
      handles[name] = { resolve, reject };
    });
  });
}
