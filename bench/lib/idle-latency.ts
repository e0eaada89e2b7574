/**
 * The bench's latency runs (hot path, floor) keep idle cores polling (src/runtime/idle-latency.ts) unless
 * BENCH_POLL_IDLE=0, and say in their results which it was.
 */
import { holdIdleLatency, notHeld, type IdleLatencyHold } from "../../src/runtime/idle-latency.ts";

/** The run's hold: polling idle cores, or nothing when BENCH_POLL_IDLE=0 or the device refuses. */
export function holdForRun(env: Record<string, string | undefined> = process.env): IdleLatencyHold {
  return env.BENCH_POLL_IDLE === "0" ? notHeld("off (BENCH_POLL_IDLE=0)") : holdIdleLatency(0);
}

/** How the run's cores idled, for the results file. */
export function idleNote(hold: IdleLatencyHold): string {
  return hold.held ? "idle cores poll (/dev/cpu_dma_latency held at 0 us for the run)" : `idle states as the kernel chooses (${hold.reason})`;
}
