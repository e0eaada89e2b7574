/**
 * Per-key coalescing with one timer for all keys. Rules:
 * - The first update of a quiet key (nothing delivered for it within `intervalMs`) goes out at once,
 *   synchronously (leading edge: the UI sees a new token's first price without waiting a tick).
 * - Later updates inside the interval replace the key's pending value; the pending value goes out at
 *   lastDelivered + intervalMs (trailing edge), so the latest value of a burst is always delivered and
 *   two deliveries of a key are never closer than `intervalMs`.
 * - At most `maxKeys` keys are tracked; when full, the least recently updated key is evicted after its
 *   pending value is delivered (at once: losing the final value is worse than an early one).
 * - `stop()` delivers every pending value and clears the timer.
 */

/** Timer functions (the global ones by default; fake ones in tests). */
export interface TimerFns {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of the coalescer. */
export interface CoalescerOptions<K, V> {
  intervalMs: number;
  /** Bound on tracked keys (default 10 000). */
  maxKeys?: number;
  deliver: (key: K, value: V) => void;
  /** Monotonic ms. */
  now: () => number;
  timers?: TimerFns;
}

interface Entry<V> {
  lastSent: number;
  pending: V | undefined;
  hasPending: boolean;
}

/** Counters for the status page. */
export interface CoalescerStats {
  keys: number;
  pending: number;
  updates: number;
  delivered: number;
  coalesced: number;
  evicted: number;
}

const defaultTimers: TimerFns = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** The coalescer; see the file comment for the delivery rules. */
export class Coalescer<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly pendingKeys = new Set<K>();
  private readonly intervalMs: number;
  private readonly maxKeys: number;
  private readonly timers: TimerFns;
  private timer: unknown = undefined;
  private timerDue = Infinity;
  private stopped = false;
  private readonly counts = { updates: 0, delivered: 0, coalesced: 0, evicted: 0 };

  constructor(private readonly options: CoalescerOptions<K, V>) {
    if (!(options.intervalMs >= 0)) throw new RangeError("intervalMs must be >= 0");
    this.intervalMs = options.intervalMs;
    this.maxKeys = Math.max(1, options.maxKeys ?? 10_000);
    this.timers = options.timers ?? defaultTimers;
  }

  /** Offers the latest value of `key`. */
  update(key: K, value: V): void {
    if (this.stopped) return;
    this.counts.updates++;
    const now = this.options.now();
    let e = this.entries.get(key);
    if (e === undefined) {
      if (this.entries.size >= this.maxKeys) this.evictOldest();
      e = { lastSent: -Infinity, pending: undefined, hasPending: false };
    } else {
      this.entries.delete(key); // re-insert: Map order = least recently updated first
    }
    this.entries.set(key, e);
    if (!e.hasPending && now - e.lastSent >= this.intervalMs) {
      this.send(key, e, value, now);
      return;
    }
    if (e.hasPending) this.counts.coalesced++;
    e.pending = value;
    e.hasPending = true;
    this.pendingKeys.add(key);
    this.schedule(e.lastSent + this.intervalMs, now);
  }

  /** Delivers every pending value now (shutdown), ignoring the interval. */
  flush(): void {
    const now = this.options.now();
    for (const key of this.pendingKeys) {
      const e = this.entries.get(key);
      if (e?.hasPending) this.send(key, e, e.pending as V, now);
    }
    this.pendingKeys.clear();
  }

  /** Flushes, clears the timer and refuses further updates. */
  stop(): void {
    if (this.stopped) return;
    this.flush();
    this.clearTimer();
    this.stopped = true;
  }

  /** Current counters. */
  stats(): CoalescerStats {
    return { keys: this.entries.size, pending: this.pendingKeys.size, ...this.counts };
  }

  private send(key: K, e: Entry<V>, value: V, now: number): void {
    e.lastSent = now;
    e.pending = undefined;
    e.hasPending = false;
    this.counts.delivered++;
    this.options.deliver(key, value);
  }

  private evictOldest(): void {
    const first = this.entries.entries().next();
    if (first.done) return;
    const [key, e] = first.value;
    if (e.hasPending) this.send(key, e, e.pending as V, this.options.now());
    this.pendingKeys.delete(key);
    this.entries.delete(key);
    this.counts.evicted++;
  }

  private schedule(due: number, now: number): void {
    if (this.timer !== undefined && this.timerDue <= due) return;
    this.clearTimer();
    this.timerDue = due;
    this.timer = this.timers.setTimeout(() => this.fire(), Math.max(0, due - now));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    if (this.stopped) return;
    const now = this.options.now();
    let next = Infinity;
    for (const key of this.pendingKeys) {
      const e = this.entries.get(key);
      if (e === undefined || !e.hasPending) {
        this.pendingKeys.delete(key);
        continue;
      }
      const due = e.lastSent + this.intervalMs;
      if (due <= now) {
        this.pendingKeys.delete(key);
        this.send(key, e, e.pending as V, now);
      } else if (due < next) next = due;
    }
    if (next !== Infinity) this.schedule(next, now);
  }
}
