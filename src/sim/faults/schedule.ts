import type { FaultRule } from "./rules.ts";

/** Per-rule memory of a once-per-period schedule. */
export interface PeriodState {
  /** Index of the last period that fired, -1 before any. */
  lastPeriod: number;
}

/**
 * Whether a rule may fire at `elapsedMs` (ms since the policy started). Windows are half-open
 * [from, to). An edge-triggered `everyMs` rule (no `forMs`) claims its period here, so it fires at
 * most once per period.
 */
export function eligible(rule: FaultRule, elapsedMs: number, period: PeriodState): boolean {
  if (rule.windows && !rule.windows.some((w) => elapsedMs >= w.fromMs && elapsedMs < w.toMs)) return false;
  if (rule.everyMs === undefined) return true;
  const offset = rule.offsetMs ?? (rule.forMs === undefined ? rule.everyMs : 0);
  if (elapsedMs < offset) return false;
  const into = elapsedMs - offset;
  if (rule.forMs !== undefined) return into % rule.everyMs < rule.forMs;
  const k = Math.floor(into / rule.everyMs);
  if (k <= period.lastPeriod) return false;
  period.lastPeriod = k;
  return true;
}

/** True when the rule names a schedule (windows or a period), so its rate defaults to 1. */
export function hasSchedule(rule: FaultRule): boolean {
  return rule.windows !== undefined || rule.everyMs !== undefined;
}
