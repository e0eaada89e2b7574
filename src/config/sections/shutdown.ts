import { int, section } from "../fields.ts";

/** `[shutdown]`: how long draining and each flusher may take, and the hard deadline of the whole exit. */
export const shutdownSection = section({
  drainTimeoutMs: int(0, 600_000).default(5000),
  flushTimeoutMs: int(0, 600_000).default(5000),
  deadlineMs: int(1, 3_600_000).default(15_000),
});
