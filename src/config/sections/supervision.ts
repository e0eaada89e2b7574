import { int, num, section } from "../fields.ts";

/** `[supervision]`: restart intensity (max N restarts within T ms, then escalate) and restart backoff. */
export const supervisionSection = section({
  maxRestarts: int(0, 1_000).default(5),
  withinMs: int(1, 86_400_000).default(60_000),
  backoff: section({
    initialMs: int(0, 600_000).default(100),
    factor: num(1, 100).default(2),
    maxMs: int(0, 3_600_000).default(30_000),
  }),
});
