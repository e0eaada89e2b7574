/**
 * When JavaScriptCore moves the bot's functions up to its optimizing compilers (DFG, then FTL). It counts
 * calls and loop turns per function and compiles once a threshold is passed; on a machine with few
 * cores it scales the thresholds up (x2 for DFG, x1.5 for FTL) to spare the compiler thread. The snipe
 * path runs once per launch, so at 20 launches/s its functions (the signing template, XState's
 * transitions) reached FTL only 20-50 s into a run (`BUN_JSC_reportCompileTimes=1`), and every launch
 * before that ran slower code: in-process p50 fell from 0.42 to 0.32 ms between the first and last
 * quarter of a 2,000-launch bench run. With the scaling off and lower thresholds they are optimized
 * sooner (measured: README, "Compiler tier-up"). JavaScriptCore reads these options when the process
 * starts, so `bun run start` sets them in its environment (package.json), like the collector's
 * (gc-mode.ts).
 */

/** The tier-up options `bun run start` gives the bot (part of LATENCY_ENV, latency-env.ts). */
export const LATENCY_JIT_ENV: Readonly<Record<string, string>> = {
  BUN_JSC_dfgThresholdScaleForFewPerformanceCores: "1",
  BUN_JSC_ftlThresholdScaleForFewPerformanceCores: "1",
  BUN_JSC_thresholdForJITAfterWarmUp: "100",
  BUN_JSC_thresholdForOptimizeAfterWarmUp: "100",
  BUN_JSC_thresholdForFTLOptimizeAfterWarmUp: "1000",
};

/** `early-tier-up`: started with every LATENCY_JIT_ENV option; `default`: JavaScriptCore's own thresholds. */
export type JitMode = "early-tier-up" | "default";

/** The tier-up a process started with `env` runs with (all of LATENCY_JIT_ENV, or JavaScriptCore's defaults). */
export function jitMode(env: Record<string, string | undefined>): JitMode {
  for (const [key, value] of Object.entries(LATENCY_JIT_ENV)) if (env[key]?.trim() !== value) return "default";
  return "early-tier-up";
}
