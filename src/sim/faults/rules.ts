/** Every fault the cluster can inject, by the hook that consults it. */
export const FAULT_KINDS = {
  /** websocket frames (FaultPolicy.beforeWsFrame) */
  "ws-drop": "ws",
  malformed: "ws",
  truncated: "ws",
  /** HTTP requests (FaultPolicy.beforeHttp) */
  http429: "http",
  http5xx: "http",
  slow: "http",
  /** accepted transactions (FaultPolicy.onSendTransaction) */
  "never-land": "send",
  "tx-fail": "send",
  /** landed pump transactions (FaultPolicy.truncateLogs) */
  "log-truncate": "logs",
} as const;

/** A fault's name, as written in `--fault <kind>:...`. */
export type FaultKind = keyof typeof FAULT_KINDS;

/** Which hook consults a fault. */
export type FaultSite = (typeof FAULT_KINDS)[FaultKind];

/** A window of time, ms since the policy started: [fromMs, toMs). */
export interface FaultWindow {
  fromMs: number;
  toMs: number;
}

/**
 * One fault and when it fires. It is eligible when the time is inside one of `windows` (if any) and,
 * with `everyMs`, inside a periodic window `[k*everyMs + offsetMs, ... + forMs)`; without `forMs`,
 * `everyMs` fires once per period (the first consult at or after each `offsetMs + k*everyMs`, k >= 0,
 * `offsetMs` defaulting to `everyMs`). An eligible consult fires with probability `rate` (default 1
 * when a schedule is given). `max` caps the number of firings.
 */
export interface FaultRule {
  kind: FaultKind;
  rate?: number;
  windows?: FaultWindow[];
  everyMs?: number;
  forMs?: number;
  offsetMs?: number;
  max?: number;
  /** HTTP faults only: the JSON-RPC methods it applies to (default all). */
  methods?: string[];
  /** HTTP faults only: fee payers it applies to (sendTransaction), default all. */
  wallets?: string[];
  /** http429: the Retry-After header, seconds (default 1). */
  retryAfterSec?: number;
  /** http5xx: the statuses drawn from (default [500, 502, 503]). */
  statuses?: Array<500 | 502 | 503>;
  /** slow: added latency, ms (default 250), plus uniform jitter in [0, jitterMs]. */
  ms?: number;
  jitterMs?: number;
}
