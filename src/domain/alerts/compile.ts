/**
 * Rules as the config states them (numbers, decimal strings, percents) turned into exact rules (bigint
 * lamports, rational prices, basis points), with defaults for the re-arm thresholds.
 */
import { SniperError } from "../../errors.ts";
import { checkRules, ruleError } from "./engine.ts";
import type { AlertRule, RuleKind } from "./rule.ts";
import type { Severity } from "./types.ts";
import { pctToBps, pricePerBaseUnit } from "./units.ts";

/** One rule as configured (the `alerts.rules` entries of the config; fields depend on `kind`). */
export interface RuleConfig {
  kind: RuleKind;
  name?: string;
  severity: Severity;
  cooldownMs: number;
  sinks?: readonly string[];
  mint?: string;
  lamportsPerToken?: string;
  rearmLamportsPerToken?: string;
  pct?: number;
  rearmPct?: number;
  lossLamports?: number;
  lamports?: number;
  floorLamports?: number;
  rearmLamports?: number;
  count?: number;
  rearmCount?: number;
  windowMs?: number;
  stallMs?: number;
  minSamples?: number;
}

function need<T>(value: T | undefined, index: number, field: string): T {
  if (value === undefined) throw new SniperError("config", `alerts.rules[${index}].${field}: is required for this kind`, { field: `alerts.rules[${index}].${field}` });
  return value;
}

function price(text: string, index: number, field: string) {
  const r = pricePerBaseUnit(text);
  if (r === undefined) throw new SniperError("config", `alerts.rules[${index}].${field}: must be a decimal number of lamports per token, e.g. "27.5"`, { field: `alerts.rules[${index}].${field}` });
  return r;
}

// One configured rule (at index `i`) as an engine rule; throws a config SniperError naming `alerts.rules[i].<field>`.
function compileRule(c: RuleConfig, i: number): AlertRule {
  const base = {
    id: c.name ?? `${c.kind}#${i}`,
    severity: c.severity,
    cooldownMs: c.cooldownMs,
    ...(c.sinks === undefined ? {} : { sinks: [...c.sinks] }),
  };
  switch (c.kind) {
    case "price_above":
    case "price_below": {
      const trigger = price(need(c.lamportsPerToken, i, "lamportsPerToken"), i, "lamportsPerToken");
      const rearm = c.rearmLamportsPerToken === undefined ? trigger : price(c.rearmLamportsPerToken, i, "rearmLamportsPerToken");
      return { ...base, kind: c.kind, mint: need(c.mint, i, "mint"), trigger, rearm };
    }
    case "pnl_up":
    case "pnl_down": {
      const triggerBps = pctToBps(need(c.pct, i, "pct"));
      return { ...base, kind: c.kind, triggerBps, rearmBps: c.rearmPct === undefined ? triggerBps : pctToBps(c.rearmPct), mint: c.mint ?? null };
    }
    case "loss_window": {
      const loss = BigInt(need(c.lossLamports, i, "lossLamports"));
      return { ...base, kind: c.kind, lossLamports: loss, rearmLamports: c.rearmLamports === undefined ? loss : BigInt(c.rearmLamports), windowMs: need(c.windowMs, i, "windowMs") };
    }
    case "drawdown": {
      const dd = BigInt(need(c.lamports, i, "lamports"));
      return { ...base, kind: c.kind, lamports: dd, rearmLamports: c.rearmLamports === undefined ? dd : BigInt(c.rearmLamports) };
    }
    case "loss_streak": {
      const count = need(c.count, i, "count");
      return { ...base, kind: c.kind, count, rearmCount: c.rearmCount ?? count };
    }
    case "balance_below": {
      const floor = BigInt(need(c.floorLamports, i, "floorLamports"));
      return { ...base, kind: c.kind, floorLamports: floor, rearmLamports: c.rearmLamports === undefined ? floor : BigInt(c.rearmLamports) };
    }
    case "feed_stalled":
      return { ...base, kind: c.kind, stallMs: need(c.stallMs, i, "stallMs") };
    case "actor_restarts": {
      const count = need(c.count, i, "count");
      return { ...base, kind: c.kind, count, rearmCount: c.rearmCount ?? count, windowMs: need(c.windowMs, i, "windowMs") };
    }
    case "tx_failure_rate": {
      const rateBps = pctToBps(need(c.pct, i, "pct"));
      return {
        ...base, kind: c.kind, rateBps, rearmBps: c.rearmPct === undefined ? rateBps : pctToBps(c.rearmPct),
        windowMs: need(c.windowMs, i, "windowMs"), minSamples: c.minSamples ?? 10,
      };
    }
  }
}

/** Converts configured rules into engine rules; throws a config SniperError naming `alerts.rules[i].<field>`. */
export function compileRules(configs: readonly RuleConfig[]): AlertRule[] {
  const rules = configs.map(compileRule);
  checkRules(rules);
  return rules;
}

/** Every problem of the configured rules, not only the first: one config SniperError per bad rule (empty when all hold). */
export function ruleConfigErrors(configs: readonly RuleConfig[]): SniperError[] {
  const ids = new Set<string>();
  const errors: SniperError[] = [];
  configs.forEach((c, i) => {
    let error: SniperError | undefined;
    try {
      error = ruleError(compileRule(c, i), i, ids);
    } catch (e) {
      if (!(e instanceof SniperError) || e.kind !== "config") throw e;
      error = e;
    }
    if (error !== undefined) errors.push(error);
  });
  return errors;
}
