import { seededRng, type Rng } from "../../rng.ts";
import type { FaultPolicy, HttpFault, SendFate, WsFrameFault } from "../hooks.ts";
import { deriveSeed } from "../market/sampling.ts";
import { FAULT_KINDS, type FaultKind, type FaultRule, type FaultSite } from "./rules.ts";
import { eligible, type PeriodState } from "./schedule.ts";
import { formatFaultRule, parseFaultSpec } from "./spec.ts";
import { malformFrame, truncateFrame } from "./frames.ts";

/** Options of a fault policy. */
export interface FaultPolicyOptions {
  /** Rules as objects or compact specs (`"http429:rate=0.2,retryAfter=1"`); earlier rules win on a consult. */
  rules?: ReadonlyArray<FaultRule | string>;
  /** Seed of the per-rule random streams (each rule has its own, so adding a rule shifts no other). Default 1. */
  seed?: number;
  /** Milliseconds on the cluster's clock (schedules are relative to the first reading). Default performance.now. */
  now?: () => number;
}

/** Counters of the policy, for the referee. */
export interface FaultStats {
  /** How many times each hook was consulted. */
  consulted: Record<FaultSite, number>;
  /** Faults injected, by kind. */
  injected: Record<FaultKind, number>;
  /** Faults injected, per rule (in rule order, with its canonical spec). */
  rules: Array<{ spec: string; injected: number }>;
}

/** A FaultPolicy with its counters and rules. */
export interface FaultPolicyHandle extends FaultPolicy {
  stats(): FaultStats;
  /**
   * The broken frame to write after `beforeWsFrame` said "malform" or "truncate" (seeded, own stream).
   * `invalid-utf8` breaks return bytes: send them as they are.
   */
  corruptFrame(frame: string, fault: "malform" | "truncate"): string | Uint8Array;
  readonly rules: readonly FaultRule[];
}

interface LiveRule {
  rule: FaultRule;
  spec: string;
  rng: Rng;
  period: PeriodState;
  fired: number;
  rate: number;
}

const WS_RESULT: Partial<Record<FaultKind, WsFrameFault>> = { "ws-drop": "drop-connection", malformed: "malform", truncated: "truncate" };
const SEND_RESULT: Partial<Record<FaultKind, SendFate>> = { "never-land": "never-land", "tx-fail": "fail" };

/**
 * A seeded fault policy: each rule fires by rate and/or schedule, and every injection is counted.
 * Object rules are validated exactly like specs (an invalid one is a `config` SniperError).
 */
export function createFaultPolicy(options: FaultPolicyOptions = {}): FaultPolicyHandle {
  const { seed = 1, now = () => performance.now() } = options;
  const rules = (options.rules ?? []).map((r) => (typeof r === "string" ? parseFaultSpec(r) : parseFaultSpec(formatFaultRule(r))));
  const live: LiveRule[] = rules.map((rule, i) => ({
    rule,
    spec: formatFaultRule(rule),
    rng: seededRng(deriveSeed(seed, i)),
    period: { lastPeriod: -1 },
    fired: 0,
    rate: rule.rate ?? 1,
  }));
  const bySite = (site: FaultSite): LiveRule[] => live.filter((l) => FAULT_KINDS[l.rule.kind] === site);
  const http = bySite("http"), ws = bySite("ws"), send = bySite("send"), logs = bySite("logs");
  const consulted: Record<FaultSite, number> = { http: 0, ws: 0, send: 0, logs: 0 };
  const injected = Object.fromEntries(Object.keys(FAULT_KINDS).map((k) => [k, 0])) as Record<FaultKind, number>;
  const frameRng = seededRng(deriveSeed(seed, 0x6672616d));
  // Schedules count from the policy's creation.
  const start = now();

  const fires = (l: LiveRule): boolean => {
    if (l.rule.max !== undefined && l.fired >= l.rule.max) return false;
    if (!eligible(l.rule, now() - start, l.period)) return false;
    if (l.rate < 1 && !(l.rng.next() < l.rate)) return false;
    l.fired++;
    injected[l.rule.kind]++;
    return true;
  };
  const first = (rules: LiveRule[]): LiveRule | undefined => {
    for (const l of rules) if (fires(l)) return l;
    return undefined;
  };
  return {
    rules,
    beforeHttp(method: string, wallet?: string): HttpFault {
      consulted.http++;
      for (const l of http) {
        const { rule } = l;
        if (rule.methods && !rule.methods.includes(method)) continue;
        if (rule.wallets && (wallet === undefined || !rule.wallets.includes(wallet))) continue;
        if (!fires(l)) continue;
        if (rule.kind === "http429") return { kind: "status", status: 429, retryAfterSec: rule.retryAfterSec ?? 1 };
        if (rule.kind === "http5xx") {
          const statuses = rule.statuses ?? [500, 502, 503];
          return { kind: "status", status: statuses[l.rng.int(0, statuses.length - 1)]! };
        }
        return { kind: "delay", ms: (rule.ms ?? 250) + (rule.jitterMs ? l.rng.int(0, rule.jitterMs) : 0) };
      }
      return { kind: "none" };
    },
    beforeWsFrame(): WsFrameFault {
      consulted.ws++;
      const l = first(ws);
      return l ? WS_RESULT[l.rule.kind]! : "send";
    },
    onSendTransaction(_signature: string): SendFate {
      consulted.send++;
      const l = first(send);
      return l ? SEND_RESULT[l.rule.kind]! : "land";
    },
    truncateLogs(): boolean {
      consulted.logs++;
      return first(logs) !== undefined;
    },
    corruptFrame: (frame, fault) => (fault === "truncate" ? truncateFrame(frame, frameRng) : malformFrame(frame, frameRng).data),
    stats: () => ({
      consulted: { ...consulted },
      injected: { ...injected },
      rules: live.map((l) => ({ spec: l.spec, injected: l.fired })),
    }),
  };
}
