/**
 * The alert engine: observations in, alerts out. Deterministic (time comes from the observations), no
 * I/O. State is kept per rule per key and bounded (oldest key evicted first).
 */
import { SniperError } from "../../errors.ts";
import { createEvaluator, type Evaluator } from "./evaluators.ts";
import { newGate, stepGate, type GateState } from "./gate.ts";
import { type AlertRule, ruleProblem } from "./rule.ts";
import type { Alert, Observation } from "./types.ts";

/** Options of the engine. */
export interface AlertEngineOptions {
  /** When the feed-stall clock starts (default: the first observation). */
  startedAt?: number;
  /** Most keys (mints, positions) a rule keeps state for; the oldest is forgotten first. Default 10000. */
  maxKeysPerRule?: number;
}

interface Slot {
  rule: AlertRule;
  evaluator: Evaluator;
  gates: Map<string, GateState>;
}

/** What is wrong with rule `i` of a set (a name an earlier rule has, or ruleProblem), as a config SniperError; `ids` collects the names seen. */
export function ruleError(rule: AlertRule, i: number, ids: Set<string>): SniperError | undefined {
  if (ids.has(rule.id)) return new SniperError("config", `alerts.rules[${i}].name: must be unique (${rule.id} is used twice)`, { field: `alerts.rules[${i}].name` });
  ids.add(rule.id);
  const problem = ruleProblem(rule);
  if (problem === undefined) return undefined;
  return new SniperError("config", `alerts.rules[${i}].${problem.field}: ${problem.message} (rule ${rule.id}, kind ${rule.kind})`, { field: `alerts.rules[${i}].${problem.field}`, rule: rule.id });
}

/** Throws a config SniperError naming the rule and field when a rule set is inconsistent. */
export function checkRules(rules: readonly AlertRule[]): void {
  const ids = new Set<string>();
  rules.forEach((rule, i) => {
    const error = ruleError(rule, i, ids);
    if (error !== undefined) throw error;
  });
}

/** Evaluates every rule against each observation; returns the alerts that fire on it. */
export class AlertEngine {
  private readonly slots: Slot[];
  private readonly maxKeys: number;
  private seq = 0;

  constructor(rules: readonly AlertRule[], options: AlertEngineOptions = {}) {
    checkRules(rules);
    this.maxKeys = options.maxKeysPerRule ?? 10_000;
    this.slots = rules.map((rule) => ({ rule, evaluator: createEvaluator(rule, options.startedAt), gates: new Map() }));
  }

  /** The rules, as given. */
  get rules(): AlertRule[] {
    return this.slots.map((s) => s.rule);
  }

  /** Feeds one observation; returns the alerts to emit (often none). */
  observe(obs: Observation): Alert[] {
    const alerts: Alert[] = [];
    for (const slot of this.slots) {
      for (const m of slot.evaluator.observe(obs)) {
        const gate = slot.gates.get(m.key) ?? newGate();
        const step = stepGate(gate, m, obs.at, slot.rule.cooldownMs);
        this.remember(slot, m.key, step.state);
        if (!step.fire) continue;
        const { rule } = slot;
        const alert: Alert = {
          id: `${rule.id}:${m.key}:${obs.at}:${++this.seq}`,
          rule: rule.id,
          kind: rule.kind,
          severity: rule.severity,
          key: m.key,
          message: m.message,
          details: m.details,
          at: obs.at,
        };
        if (rule.sinks !== undefined) alert.sinks = [...rule.sinks];
        alerts.push(alert);
      }
      // A closed position's PnL state is dead weight.
      if (obs.type === "trade.closed" && obs.positionId !== undefined && (slot.rule.kind === "pnl_up" || slot.rule.kind === "pnl_down")) {
        slot.gates.delete(obs.positionId);
      }
    }
    return alerts;
  }

  /** How many keys each rule keeps state for (for tests and stats). */
  keyCounts(): Record<string, number> {
    return Object.fromEntries(this.slots.map((s) => [s.rule.id, s.gates.size]));
  }

  private remember(slot: Slot, key: string, state: GateState): void {
    if (slot.gates.has(key)) {
      slot.gates.set(key, state);
      return;
    }
    // Unchanged fresh gates are not worth a slot.
    if (state.armed && state.lastFiredAt === null) return;
    slot.gates.set(key, state);
    if (slot.gates.size > this.maxKeys) {
      const oldest = slot.gates.keys().next().value;
      if (oldest !== undefined) slot.gates.delete(oldest);
    }
  }
}
