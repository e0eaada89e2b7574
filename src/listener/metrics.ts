/**
 * The listener's counters on /metrics, read at scrape time from its live stats (nothing is counted twice
 * and the hot path does no extra work): frames and notifications per endpoint, by how they were read,
 * duplicates, malformed frames by kind, reconnects; events by kind; transactions by what became of them.
 */
import { Counter, type Registry } from "prom-client";
import type { ListenerStats } from "./stats.ts";

type Sample = [labels: Record<string, string>, value: number];

/** Registers the `<prefix>listener_*` counters of `stats` on `registry` (endpoint URLs as scheme://host:port). */
export function registerListenerMetrics(registry: Registry, stats: ListenerStats, prefix = "sniper_"): void {
  const counter = (name: string, help: string, labelNames: string[], samples: () => Sample[]): void => {
    new Counter({
      name: `${prefix}listener_${name}`,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const [labels, value] of samples()) this.inc(labels, value);
      },
    });
  };
  // The redacted URLs once (they never change); the counters live, without a snapshot per metric.
  const urls = stats.snapshot(0).endpoints.map((e) => e.url);
  const endpoints = () => stats.endpoints.map((e, i) => ({ ...e, url: urls[i]! }));
  counter("frames_total", "Websocket text frames received, per endpoint.", ["endpoint"], () => endpoints().map((e) => [{ endpoint: e.url }, e.frames]));
  counter("notifications_total", "logsNotification frames per endpoint, by how they were read: canonical (scanned in place) or json (JSON.parse).", ["endpoint", "read"], () =>
    endpoints().flatMap((e): Sample[] => [
      [{ endpoint: e.url, read: "canonical" }, e.notifications - e.jsonParsed],
      [{ endpoint: e.url, read: "json" }, e.jsonParsed],
    ]),
  );
  counter("first_seen_total", "Notifications an endpoint delivered first.", ["endpoint"], () => endpoints().map((e) => [{ endpoint: e.url }, e.firstSeen]));
  counter("duplicates_total", "Notifications already delivered by another endpoint (or earlier), skipped.", ["endpoint"], () => endpoints().map((e) => [{ endpoint: e.url }, e.duplicates]));
  counter("malformed_total", "Frames or events skipped as malformed, by kind.", ["endpoint", "kind"], () =>
    endpoints().flatMap((e) => Object.entries(e.malformed).map(([kind, n]): Sample => [{ endpoint: e.url, kind }, n])),
  );
  counter("reconnects_total", "Websocket reconnects per endpoint.", ["endpoint"], () => endpoints().map((e) => [{ endpoint: e.url }, e.reconnects]));
  counter("events_total", "Pump.fun events handed to the pipeline, by kind.", ["kind"], () => Object.entries(stats.totals.events).map(([kind, n]) => [{ kind }, n]));
  counter("transactions_total", "Transactions by what became of them (failed on chain, logs truncated, repaired, backfilled, ...).", ["outcome"], () => {
    const t = stats.totals;
    return [
      [{ outcome: "failed_tx" }, t.failedTx],
      [{ outcome: "truncated" }, t.truncated],
      [{ outcome: "repaired" }, t.repaired],
      [{ outcome: "repair_failed" }, t.repairFailures],
      [{ outcome: "repair_dropped" }, t.repairDropped],
      [{ outcome: "backfilled" }, t.backfilled],
      [{ outcome: "backfill_failed" }, t.backfillFailures],
      [{ outcome: "backfill_incomplete" }, t.backfillIncomplete],
      [{ outcome: "sink_error" }, t.sinkErrors],
    ];
  });
}
