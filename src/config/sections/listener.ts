import { bool, int, num, oneOf, section } from "../fields.ts";

/**
 * `[listener]`: pump.fun logsSubscribe on every `rpc.wsUrls` endpoint (first seen wins), heartbeat watchdog,
 * reconnect backoff, de-duplication window, repair of cut logs and the backfill after a reconnect.
 */
export const listenerSection = section({
  commitment: oneOf(["processed", "confirmed"] as const).default("processed"),
  /** Reconnect when an endpoint sent nothing (slot ticks included) for this long. */
  heartbeatMs: int(500, 600_000).default(10_000),
  requestTimeoutMs: int(100, 60_000).default(5_000),
  /** Signatures remembered for de-duplication (ring, drop-oldest); keep above backfill.pageLimit * backfill.maxPages. */
  dedupeSize: int(100, 5_000_000).default(20_000),
  slotLiveness: bool().default(true),
  /** Spin the event loop instead of sleeping between frames: frames read sooner, one full core spent. */
  busyPoll: bool().default(false),
  /** Hold /dev/cpu_dma_latency at 0 us while running: idle cores poll instead of halting (machine-wide; needs root). */
  pollIdleCores: bool().default(false),
  backoff: section({
    initialMs: int(0, 60_000).default(250),
    factor: num(1, 10).default(2),
    maxMs: int(0, 600_000).default(10_000),
    /** Fraction of each delay that is random, [0, 1]. */
    jitter: num(0, 1).default(0.5),
  }),
  backfill: section({
    enabled: bool().default(true),
    pageLimit: int(1, 1_000).default(500),
    maxPages: int(1, 100).default(4),
    /** getTransaction calls in flight: 4 could not keep up with 200 tx/s under drops, 429s and slow RPC. */
    concurrency: int(1, 64).default(16),
    timeoutMs: int(100, 60_000).default(5_000),
    /** Second pass after this long, for transactions only `processed` at the first. 0 = none. */
    settleMs: int(0, 60_000).default(1_000),
  }),
  repair: section({
    concurrency: int(1, 64).default(4),
    maxQueued: int(1, 100_000).default(256),
    retries: int(0, 100).default(8),
    retryMs: int(10, 60_000).default(250),
    timeoutMs: int(100, 60_000).default(5_000),
  }),
});
