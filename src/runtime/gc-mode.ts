/**
 * Which garbage collector the process runs with. Bun's JavaScriptCore collects concurrently by default:
 * one young-generation collection becomes dozens of ~1 ms stops of the JS thread spread over 25-60 ms,
 * and a launch that meets any of them waits. With `BUN_JSC_useConcurrentGC=0` each collection is one
 * stop instead (3-7 ms, 3-4 a second at 2,000 TradeEvents/s), which meets far fewer launches:
 * in-process p99 measured 0.77 against 1.6 ms. The price is that a full collection is one stop too
 * (20-45 ms, about once a minute under that load). JavaScriptCore reads its options when the process
 * starts, so `bun run start` sets them in its environment (package.json); the bench spawns its bot alike.
 */

/** The collector option `bun run start` gives the bot (part of LATENCY_ENV, latency-env.ts). */
export const LATENCY_GC_ENV: Readonly<Record<string, string>> = { BUN_JSC_useConcurrentGC: "0" };

/** `stop-the-world`: every collection is one pause; `concurrent`: Bun's default, many small pauses. */
export type GcMode = "stop-the-world" | "concurrent";

/** The mode a process started with `env` runs in (JavaScriptCore takes "0"/"false" as off). */
export function gcMode(env: Record<string, string | undefined>): GcMode {
  const v = env.BUN_JSC_useConcurrentGC?.trim().toLowerCase();
  return v === "0" || v === "false" ? "stop-the-world" : "concurrent";
}
