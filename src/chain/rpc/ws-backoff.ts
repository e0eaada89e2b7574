/** Reconnect backoff as data: exponential with a jitter fraction drawn from an injected RNG. */
import type { Rng } from "../../rng.ts";

/** Exponential backoff with jitter: attempt n waits `min(maxMs, initialMs * factor^(n-1))`, jittered. */
export interface WsBackoffPolicy {
  initialMs: number;
  factor: number;
  maxMs: number;
  /**
   * Fraction of the delay that is random, in [0, 1]: the wait is `d * (1 - jitter) + d * jitter * rng.next()`
   * (0 = deterministic, 1 = "full jitter"). Spreads reconnect storms after a node restart.
   */
  jitter: number;
}

/** Defaults: 250 ms doubling to 10 s, half of each delay random. */
export const DEFAULT_WS_BACKOFF: WsBackoffPolicy = { initialMs: 250, factor: 2, maxMs: 10_000, jitter: 0.5 };

/** The wait before reconnect attempt `attempt` (1-based). Pure given the RNG. */
export function wsBackoffDelay(attempt: number, policy: WsBackoffPolicy, rng: Rng): number {
  const n = Math.max(1, attempt);
  const base = Math.min(policy.maxMs, policy.initialMs * Math.pow(policy.factor, n - 1));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  if (jitter === 0) return base;
  return Math.round(base * (1 - jitter) + base * jitter * rng.next());
}
