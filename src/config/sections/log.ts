import { autoBool, int, oneOf, section, text } from "../fields.ts";

/** pino level names accepted by `log.level`. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/** `[log]`: where JSON logs go, how verbose, the in-memory ring size, pretty stdout. */
export const logSection = section({
  level: oneOf(LOG_LEVELS).default("info"),
  dir: text().default("logs"),
  ringSize: int(1, 1_000_000).default(1000),
  pretty: autoBool().default("auto"),
});
