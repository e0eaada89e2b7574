import type { AlertLogger, AlertSink } from "./types.ts";

/** The message text of every alert log line. */
export const ALERT_LOG_MESSAGE = "Alert triggered";

/** Logs each alert as one `Alert triggered` line (info / warn / error by severity) with rule, severity, key, details. */
export function logSink(logger: AlertLogger): AlertSink {
  return {
    name: "log",
    target: "-",
    secrets: [],
    send: async (alert) => {
      const fields = { alertId: alert.id, rule: alert.rule, kind: alert.kind, severity: alert.severity, key: alert.key, text: alert.message, details: alert.details, at: alert.at };
      if (alert.severity === "critical") logger.error(fields, ALERT_LOG_MESSAGE);
      else if (alert.severity === "warn") logger.warn(fields, ALERT_LOG_MESSAGE);
      else logger.info(fields, ALERT_LOG_MESSAGE);
    },
  };
}
