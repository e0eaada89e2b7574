import type { Clock } from "../../clock.ts";

/** Timers for the simulator, so tests can step time instead of sleeping. */
export interface Scheduler {
  /** Runs `fn` after `ms` milliseconds; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

/** Real timers (setTimeout). */
export const realScheduler: Scheduler = {
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A scheduler that only runs when stepped, with a clock that moves with it.
 * `advance(ms)` runs every due timer in time order (timers added while running are honoured).
 */
export class ManualScheduler implements Scheduler, Clock {
  private timers: Timer[] = [];
  private seq = 0;
  private mono = 0;

  constructor(private wall = 1_700_000_000_000) {}

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  after(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.mono + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError("a scheduler cannot go backwards");
    const end = this.mono + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      let next: Timer | undefined;
      for (const t of this.timers) {
        if (t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      }
      if (!next) break;
      this.wall += next.at - this.mono;
      this.mono = next.at;
      next.cancelled = true;
      next.fn();
    }
    this.wall += end - this.mono;
    this.mono = end;
  }

  /** Number of pending timers (for tests). */
  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}
