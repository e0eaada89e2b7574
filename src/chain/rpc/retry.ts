/** Retry policy as data: bounded attempts, exponential backoff, Retry-After honoured up to a cap. */
import { SniperError } from "../../errors.ts";

/** When and how long to wait before trying a transient failure again. */
export interface RetryPolicy {
  /** Attempts in total, the first included (1 = no retry). */
  maxAttempts: number;
  /** Delay before the first retry. */
  baseDelayMs: number;
  /** Growth per retry. */
  factor: number;
  /** Upper bound of a computed backoff delay. */
  maxDelayMs: number;
  /** Wait what a 429's Retry-After says (capped by `maxRetryAfterMs`) instead of the backoff. */
  honourRetryAfter: boolean;
  /** Longest Retry-After we accept; a longer one ends the retries (the caller decides what next). */
  maxRetryAfterMs: number;
}

/** Defaults: 3 attempts, 50 ms doubling to 1 s, Retry-After honoured up to 5 s. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 50,
  factor: 2,
  maxDelayMs: 1_000,
  honourRetryAfter: true,
  maxRetryAfterMs: 5_000,
};

/** No retries at all. */
export const noRetry: RetryPolicy = { ...defaultRetryPolicy, maxAttempts: 1 };

/**
 * The delay before retry number `attempt` (1 = the first retry) after `error`, or undefined when the
 * error must not be retried (not transient, aborted, attempts used up, Retry-After beyond the cap).
 */
export function retryDelay(policy: RetryPolicy, attempt: number, error: unknown): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  if (!(error instanceof SniperError) || error.kind !== "transient" || error.details.aborted === true) return undefined;
  const retryAfter = error.details.retryAfterMs;
  if (policy.honourRetryAfter && typeof retryAfter === "number") {
    return retryAfter <= policy.maxRetryAfterMs ? retryAfter : undefined;
  }
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (attempt - 1));
}

/** Sleeps `ms`, or rejects at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `call` (attempt numbers from 0) until it succeeds or `policy` stops retrying its error; between
 * attempts waits `retryDelay`, and rejects with `aborted(n)` when `signal` aborts that wait. The first
 * call runs synchronously, before this returns its promise.
 */
export async function withRetry<T>(policy: RetryPolicy, signal: AbortSignal | undefined, call: (n: number) => Promise<T>, aborted: (n: number) => Error): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await call(n);
    } catch (e) {
      const delay = retryDelay(policy, n + 1, e);
      if (delay === undefined) throw e;
      try {
        await sleep(delay, signal);
      } catch {
        throw aborted(n);
      }
    }
  }
}
