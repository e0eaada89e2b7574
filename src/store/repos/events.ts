/** Alerts and actor restarts: append-only journals. */
import type { Database } from "bun:sqlite";
import type { RestartRecord } from "../../domain/restart-record.ts";
import type { AlertRow } from "../types.ts";
import { bigintJson } from "./launches.ts";

/** Repository of `alerts` and `actor_restarts`. */
export function eventsRepo(db: Database) {
  const alert = db.query(
    "INSERT INTO alerts (at, rule, severity, mint, message, details) VALUES ($at, $rule, $severity, $mint, $message, $details)",
  );
  const restart = db.query(
    "INSERT INTO actor_restarts (at, actor_id, supervisor_id, reason, count) VALUES ($at, $actorId, $supervisorId, $reason, $count)",
  );
  const recentAlerts = db.query<Record<string, unknown>, { limit: number }>("SELECT * FROM alerts ORDER BY at DESC, id DESC LIMIT $limit");
  const recentRestarts = db.query<Record<string, unknown>, { limit: number }>(
    "SELECT * FROM actor_restarts ORDER BY at DESC, id DESC LIMIT $limit",
  );
  return {
    /** Appends an alert. */
    insertAlert(a: AlertRow): void {
      alert.run({ ...a, mint: a.mint ?? null, details: JSON.stringify(a.details ?? {}, bigintJson) });
    },
    /** Appends a supervisor restart record. */
    insertRestart(r: RestartRecord): void {
      restart.run({ ...r, reason: r.reason.slice(0, 2000) });
    },
    /** The newest alerts first. */
    alerts(limit = 100): AlertRow[] {
      return recentAlerts.all({ limit }).map((r) => ({
        at: Number(r.at),
        rule: String(r.rule),
        severity: r.severity as AlertRow["severity"],
        mint: r.mint === null ? null : String(r.mint),
        message: String(r.message),
        details: JSON.parse(String(r.details)) as unknown,
      }));
    },
    /** The newest restarts first. */
    restarts(limit = 100): RestartRecord[] {
      return recentRestarts.all({ limit }).map((r) => ({
        at: Number(r.at),
        actorId: String(r.actor_id),
        supervisorId: String(r.supervisor_id),
        reason: String(r.reason),
        count: Number(r.count),
      }));
    },
  };
}
