/** The contract between the delivery queues and the sinks: one attempt to deliver one alert. */
import { SniperError } from "../../errors.ts";
import type { Alert } from "../../domain/alerts/index.ts";

/** A destination for alerts. `send` makes one attempt; retries, timeouts and queueing are the queue's job. */
export interface AlertSink {
  /** The name rules route by: log, store, webhook, discord, telegram. */
  readonly name: string;
  /** Where it delivers, safe to show: a host name or `-` (never a URL or a token). */
  readonly target: string;
  /** Secret values this sink holds; scrubbed from any error text that leaves the queue. */
  readonly secrets: readonly string[];
  /** One attempt. Rejects with a SniperError: `transient` may be retried, `rejected` must not be. */
  send(alert: Alert, signal: AbortSignal): Promise<void>;
}

/** Persistence of alerts (the SQLite history store implements it; the lead wires it). */
export interface AlertStore {
  saveAlert(alert: Alert): Promise<void> | void;
}

/** The logger calls the log sink makes (a pino Logger fits). */
export interface AlertLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A delivery failure worth retrying, optionally after the delay the server asked for. */
export function transientError(message: string, details: Record<string, unknown> = {}, retryAfterMs?: number): SniperError {
  return new SniperError("transient", message, retryAfterMs === undefined ? details : { ...details, retryAfterMs });
}

/** A delivery refused for good (4xx other than 408/429): retrying would not help. */
export function rejectedError(message: string, details: Record<string, unknown> = {}): SniperError {
  return new SniperError("rejected", message, details);
}
