import type { PortSlot } from "../pipeline/port-slot.ts";
import { supervisedCallback } from "./supervised-callback.ts";

/** Input of the sim top-up actor. */
export interface SimTopUpActorInput {
  /**
   * One check (balance refresh, airdrop when due): bot/sim-top-up.ts. Must honour `signal`. Resolves with
   * the ms after which the rate bound allows the next airdrop when one is still due, else null.
   */
  check: (signal: AbortSignal) => Promise<number | null>;
  /** How often to check (ms). */
  intervalMs: number;
  /** Where the actor binds its "check now" while it runs (called when the simulated cluster (re)starts). */
  wake: PortSlot<() => void>;
  /** Told of a check that failed (the balance could not be read); the next one comes on the timer. */
  onError: (err: unknown) => void;
}

/**
 * Sim mode only: keeps the paper wallet funded in the background (the executor's start funds it first,
 * while the cluster may still be starting). Checks every `intervalMs`, at once when woken (a new chain,
 * a low balance after an order), and when the rate bound lets a due airdrop go if that comes before the
 * next tick; one check at a time, a wake during one runs another right after. The cleanup stops the
 * timers and aborts a check in flight.
 */
export const simTopUpActor = supervisedCallback<{ type: string }, SimTopUpActorInput>(({ input, signal, guard }) => {
  let running = false;
  let again = false;
  let due: ReturnType<typeof setTimeout> | undefined;
  const round = guard(async () => {
    if (running || signal.aborted) return;
    running = true;
    try {
      do {
        again = false;
        const waitMs = await input.check(signal).catch((err: unknown) => {
          if (!signal.aborted) input.onError(err);
          return null;
        });
        clearTimeout(due);
        due = waitMs !== null && waitMs < input.intervalMs ? setTimeout(() => void round(), waitMs) : undefined;
      } while (again && !signal.aborted);
    } finally {
      running = false;
    }
  });
  const unbind = input.wake.bind(() => {
    if (running) again = true;
    else void round();
  });
  const timer = setInterval(() => void round(), input.intervalMs);
  return () => {
    clearInterval(timer);
    clearTimeout(due);
    unbind();
  };
});
