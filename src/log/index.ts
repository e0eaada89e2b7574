// Public face of logging: createLogging() once in the composition root; actors get `logging.child(id)`.
export { DailyLogFile, dailyLogName } from "./daily-file.ts";
export { FileWriter, type FileWriterOptions } from "./file-writer.ts";
export { createLogging, type Logging, type LoggingOptions, REDACT_PATHS, RING_SPILL_FILE } from "./logging.ts";
export { type LineSink, prettyStream } from "./pretty.ts";
export { type LogRecord, LogRing, type SpillSink } from "./ring.ts";
export { DEFAULT_LIMITS, isSecretKey, isUrlKey, type SanitizeLimits, Sanitizer } from "./sanitize.ts";
export { createScrubber, KEYED_RPC_HOSTS, type Scrubber, type ScrubTargets, scrubUrl } from "./scrub.ts";
export { boundText } from "./text.ts";

/** pino's numeric levels by name (records in the ring carry the number). */
export const LEVEL_NAMES: Readonly<Record<number, string>> = Object.freeze({
  10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal",
});
