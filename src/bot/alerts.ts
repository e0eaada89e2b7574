import { createAlerts, type Alerts } from "../alerts/index.ts";
import type { Alert } from "../domain/alerts/index.ts";
import type { Clock } from "../clock.ts";
import type { LoadedConfig } from "../config/index.ts";
import type { History } from "../actors/history.actor.ts";
import type { Logging } from "../log/index.ts";
import { alertRow } from "../store/alert-row.ts";

/** The alerts service with its `store` sink writing through the history's write-behind queue. */
export function setUpAlerts(loaded: LoadedConfig, logging: Logging, history: History, clock: Clock, onAlert: (alert: Alert) => void): Alerts {
  const log = logging.child("alerts");
  const alerts = createAlerts({
    settings: loaded.config.alerts,
    secrets: loaded.secrets,
    logger: log,
    clock,
    onAlert,
    store: {
      saveAlert: (alert) => history.writer.enqueue({ kind: "alert", row: alertRow(alert) }),
    },
  });
  for (const warning of alerts.warnings) log.warn(warning);
  return alerts;
}
