/** The history row of an alert: what the `store` sink saves in the `alerts` table. */
import type { Alert } from "../domain/alerts/index.ts";
import type { AlertRow } from "./types.ts";

/** An alert as its `alerts` row; `mint` comes from the alert's details when it names one. */
export function alertRow(alert: Alert): AlertRow {
  const mint = alert.details.mint;
  return { at: alert.at, rule: alert.rule, severity: alert.severity, mint: typeof mint === "string" ? mint : null, message: alert.message, details: alert.details };
}
