/**
 * Busy polling: instead of sleeping in the kernel between frames, the event loop keeps turning (one
 * setImmediate after another, each turn polling the sockets without blocking), so a frame is read as
 * soon as it lands rather than after the thread wakes up. Timers, I/O and microtasks run as usual in
 * between. It costs one full core for as long as it runs, so it is off by default
 * (`listener.busyPoll`); meant for a bot with a core of its own.
 */

/** A running busy poll; `turns` counts event-loop turns spun (tests, status). */
export interface BusyPoll {
  readonly turns: number;
}

/** Spins the event loop until `signal` aborts. */
export function startBusyPoll(signal: AbortSignal): BusyPoll {
  let turns = 0;
  const spin = (): void => {
    if (signal.aborted) return;
    turns++;
    setImmediate(spin);
  };
  if (!signal.aborted) setImmediate(spin);
  return {
    get turns() {
      return turns;
    },
  };
}
