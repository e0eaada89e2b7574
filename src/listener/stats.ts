/**
 * The listener's counters, as a live object the listener mutates (cheap on the hot path) and a plain
 * JSON snapshot for the status page and /metrics. It lives outside the actor (passed in its input), so
 * counters survive restarts.
 */

/** Why a frame or part of it was skipped. */
export type ListenerMalformedKind = "utf8" | "json" | "shape" | "unknown-subscription" | "event";

/** Counters of one websocket endpoint. */
export interface EndpointCounters {
  /** Text frames received (notifications, answers, slot ticks). */
  frames: number;
  /** logsNotification frames received. */
  notifications: number;
  /** logsNotification frames not in the canonical shape, read by JSON.parse (slower, more garbage). */
  jsonParsed: number;
  /** Notifications this endpoint delivered first (they produced events). */
  firstSeen: number;
  /** Notifications already delivered by another endpoint (or earlier): skipped. */
  duplicates: number;
  malformed: Record<ListenerMalformedKind, number>;
  connects: number;
  reconnects: number;
  heartbeatTimeouts: number;
  /** Monotonic ms of the last frame, or null. */
  lastFrameAt: number | null;
  open: boolean;
}

/** Listener-wide counters. */
export interface ListenerCounters {
  events: { launch: number; trade: number; complete: number; migration: number };
  /** Notifications of failed transactions (err !== null): skipped. */
  failedTx: number;
  /** Notifications whose logs were cut ("Log truncated"): repaired through getTransaction. */
  truncated: number;
  /** Repairs (truncated or undecodable logs) that produced the events through getTransaction. */
  repaired: number;
  repairFailures: number;
  /** Repairs refused because the repair queue was full. */
  repairDropped: number;
  backfillRuns: number;
  /** Transactions whose events were emitted by a backfill. */
  backfilled: number;
  backfillFailures: number;
  /** A backfill hit its page bound before reaching the anchor: launches may be missing. */
  backfillIncomplete: number;
  /** A ChainEventSink method threw (counted; the event is lost for that sink only). */
  sinkErrors: number;
}

/** What {@link ListenerStats.snapshot} returns. */
export interface ListenerStatsSnapshot extends ListenerCounters {
  endpoints: Array<Omit<EndpointCounters, "lastFrameAt"> & { url: string; lastFrameAgeMs: number | null }>;
  frames: number;
  duplicates: number;
  malformed: Record<ListenerMalformedKind, number>;
  reconnects: number;
}

function endpointCounters(): EndpointCounters {
  return {
    frames: 0,
    notifications: 0,
    jsonParsed: 0,
    firstSeen: 0,
    duplicates: 0,
    malformed: { utf8: 0, json: 0, shape: 0, "unknown-subscription": 0, event: 0 },
    connects: 0,
    reconnects: 0,
    heartbeatTimeouts: 0,
    lastFrameAt: null,
    open: false,
  };
}

/** Live counters plus a snapshot; one per listener, kept across actor restarts. */
export class ListenerStats {
  readonly endpoints: EndpointCounters[];
  readonly totals: ListenerCounters = {
    events: { launch: 0, trade: 0, complete: 0, migration: 0 },
    failedTx: 0,
    truncated: 0,
    repaired: 0,
    repairFailures: 0,
    repairDropped: 0,
    backfillRuns: 0,
    backfilled: 0,
    backfillFailures: 0,
    backfillIncomplete: 0,
    sinkErrors: 0,
  };

  constructor(readonly urls: readonly string[]) {
    this.endpoints = urls.map(endpointCounters);
  }

  /** A plain JSON copy; `nowMonotonic` turns last-frame times into ages. URLs are redacted to scheme://host:port. */
  snapshot(nowMonotonic: number): ListenerStatsSnapshot {
    const malformed: Record<ListenerMalformedKind, number> = { utf8: 0, json: 0, shape: 0, "unknown-subscription": 0, event: 0 };
    let frames = 0, duplicates = 0, reconnects = 0;
    const endpoints = this.endpoints.map((e, i) => {
      frames += e.frames;
      duplicates += e.duplicates;
      reconnects += e.reconnects;
      for (const k of Object.keys(malformed) as ListenerMalformedKind[]) malformed[k] += e.malformed[k];
      const { lastFrameAt, ...rest } = e;
      return { ...rest, malformed: { ...e.malformed }, url: redactUrl(this.urls[i]!), lastFrameAgeMs: lastFrameAt === null ? null : nowMonotonic - lastFrameAt };
    });
    return { ...structuredClone(this.totals), endpoints, frames, duplicates, malformed, reconnects };
  }
}

/** Keeps scheme, host and port: RPC URLs carry API keys in paths and queries. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "<invalid url>";
  }
}
