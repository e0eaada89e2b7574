import type { Alert } from "../../domain/alerts/index.ts";
import { type FetchLike, hostOf, postJson } from "./http.ts";
import type { AlertSink } from "./types.ts";

/** The generic JSON body: the alert's fields plus a one-line `text` (what Slack-style receivers show). */
export function webhookPayload(alert: Alert): Record<string, unknown> {
  return { text: `[${alert.severity.toUpperCase()}] ${alert.rule}: ${alert.message}`, ...alert };
}

/** Options of webhookSink. */
export interface HttpSinkOptions {
  fetch?: FetchLike;
  now?: () => number;
}

/** POSTs each alert as JSON to a URL (SNIPER_WEBHOOK_URL). */
export function webhookSink(url: string, options: HttpSinkOptions = {}): AlertSink {
  return {
    name: "webhook",
    target: hostOf(url),
    secrets: [url],
    send: (alert, signal) => postJson(url, webhookPayload(alert), { signal, ...options }),
  };
}
