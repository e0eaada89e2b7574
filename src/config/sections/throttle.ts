import { int, section } from "../fields.ts";

/** `[throttle]`: per-token price updates to the status page and alerts: at most one per interval, the latest always delivered. */
export const throttleSection = section({
  intervalMs: int(0, 60_000).default(250),
  maxKeys: int(1, 1_000_000).default(10_000),
});
