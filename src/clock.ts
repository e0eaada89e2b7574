/** Injected time: wall clock for records, monotonic for durations. Tests and the simulator pass their own. */
export interface Clock {
  /** Milliseconds since the Unix epoch (wall clock, for timestamps in records). */
  now(): number;
  /** Monotonic high-resolution milliseconds (for durations and latency; never goes backwards). */
  monotonic(): number;
}

/** The real clock of the process. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

/** A clock that only moves when told to: for tests and deterministic simulations. */
export class ManualClock implements Clock {
  private wall: number;
  private mono = 0;

  constructor(startMs = 1_700_000_000_000) {
    this.wall = startMs;
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  /** Moves both wall and monotonic time forward by `ms`. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError("a clock cannot go backwards");
    this.wall += ms;
    this.mono += ms;
  }
}
