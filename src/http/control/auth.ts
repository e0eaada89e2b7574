/**
 * Bearer-token check for the control routes: constant-time comparison (both sides hashed to 32 bytes, so
 * neither content nor length leaks through timing) and a bounded failure limiter (sliding window per
 * client key, at most `maxKeys` keys, oldest key evicted first).
 */
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/** True when `presented` equals `expected`, in time independent of where they differ. */
export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.length > 4096) return undefined;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return m?.[1];
}

/** Options of the failure limiter. */
export interface FailureLimiterOptions {
  /** Failures allowed per window and key. Default 10. */
  maxFailures?: number;
  /** Window length. Default 60 s. */
  windowMs?: number;
  /** Client keys tracked at most. Default 1024. */
  maxKeys?: number;
  now?: () => number;
}

/** Counts authentication failures and says when a client must wait. */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: FailureLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxKeys = options.maxKeys ?? 1024;
    this.now = options.now ?? (() => Date.now());
  }

  /** Ms the client must wait before trying again; 0 when it may try now. */
  retryAfterMs(key: string): number {
    const list = this.recent(key);
    if (list.length < this.maxFailures) return 0;
    return Math.max(1, list[0]! + this.windowMs - this.now());
  }

  /** Records one failure. */
  fail(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    if (list.length > this.maxFailures) list.splice(0, list.length - this.maxFailures);
    this.failures.delete(key); // re-insert: most recently failing key last
    this.failures.set(key, list);
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value as string);
  }

  /** Forgets a client's failures (after a success). */
  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const horizon = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > horizon);
    return list;
  }
}
