/**
 * The throttler actor: per-token price coalescing for the UI bridge and alerts. The listener calls the
 * bound ThrottlerPort directly (a plain call per trade, no event); `throttle.price` events work too.
 * Exit rules never go through here: the positions manager sees every trade unthrottled. A subscriber
 * that throws is reported and skipped, never crashes the throttler (the UI side must not touch trading).
 * On stop (shutdown, restart) every pending value is delivered first.
 */
import type { Clock } from "../clock.ts";
import type { PortSlot } from "../pipeline/port-slot.ts";
import { Coalescer, type TimerFns } from "../throttle/coalescer.ts";
import type { PriceUpdate } from "../throttle/price-update.ts";
import { supervisedCallback } from "./supervised-callback.ts";

/** The hot-path face of the throttler. */
export interface ThrottlerPort {
  price(update: PriceUpdate): void;
}

/** Events the throttler accepts. */
export type ThrottlerEvent = { type: "throttle.price"; update: PriceUpdate } | { type: "throttle.flush" };

/** A subscriber (UI bridge, alerts): must return quickly. */
export type PriceSubscriber = (update: PriceUpdate) => void;

/** Input of the throttler actor. */
export interface ThrottlerInput {
  /** At most one update per token per interval (config `throttle.intervalMs`). */
  intervalMs: number;
  /** Tokens tracked at most (config `throttle.maxKeys`); the least recently updated is evicted. */
  maxKeys: number;
  subscribers: readonly PriceSubscriber[];
  clock: Clock;
  /** Timer functions (fake in tests); default the global ones. */
  timers?: TimerFns;
  /** Bound to the port while the actor runs. */
  slot?: PortSlot<ThrottlerPort>;
  /** A subscriber threw (counted, logged by the caller). */
  onSubscriberError?: (error: unknown, subscriber: number) => void;
}

/** Throttler logic; put it under the UI-side supervisor with `restart: "permanent"`. */
export const throttlerActor = supervisedCallback<ThrottlerEvent, ThrottlerInput>(({ input, receive, guard }) => {
  const { subscribers, onSubscriberError } = input;
  const base = input.timers ?? { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  const timers: TimerFns = { setTimeout: (fn, ms) => base.setTimeout(guard(fn), ms), clearTimeout: (h) => base.clearTimeout(h) };
  const coalescer = new Coalescer<string, PriceUpdate>({
    intervalMs: input.intervalMs,
    maxKeys: input.maxKeys,
    now: () => input.clock.monotonic(),
    timers,
    deliver: (_mint, update) => {
      for (let i = 0; i < subscribers.length; i++) {
        try {
          subscribers[i]!(update);
        } catch (error) {
          onSubscriberError?.(error, i);
        }
      }
    },
  });
  const port: ThrottlerPort = { price: (u) => coalescer.update(u.mint, u) };
  const unbind = input.slot?.bind(port);
  receive((event) => {
    if (event.type === "throttle.price") coalescer.update(event.update.mint, event.update);
    else if (event.type === "throttle.flush") coalescer.flush();
  });
  return () => {
    unbind?.();
    coalescer.stop();
  };
});
