/** Launch filters: settings -> compiled config -> evaluateLaunch, and the gate that joins the dev buy. */
export * from "./types.ts";
export { compileFilterConfig, filterConfigErrors, filterDefaults } from "./compile.ts";
export { evaluateLaunch, launchCreator, launchTokenProgram } from "./evaluate.ts";
export { compilePatterns, firstMatch, patternErrors, unsafePatternReason, MAX_PATTERN_CHARS } from "./patterns.ts";
export { LaunchRateLimiter } from "./rate.ts";
export { createFilterContext, type FilterContextSources } from "./context.ts";
export { createLaunchGate, type LaunchGate, type LaunchGateOptions } from "./launch-gate.ts";
