/**
 * Alert rules as data, already checked and converted to exact units (bigint lamports, rational prices,
 * integer basis points). Convention for every rule: an "above" rule is breached at value >= trigger and
 * re-armed at value < rearm (rearm <= trigger); a "below" rule is breached at value <= trigger and re-armed
 * at value > rearm (rearm >= trigger). `rearm` defaults to `trigger`: edge-triggered with no band.
 */
import type { Rational, Severity } from "./types.ts";

/** What every rule has. */
export interface RuleBase {
  /** Unique id: the configured `name`, or `<kind>#<index>`. */
  id: string;
  severity: Severity;
  /** Minimum time between two firings of this rule for the same key. */
  cooldownMs: number;
  /** Sink names; absent means every sink. */
  sinks?: string[];
}

/** Token price crossing a level, for one mint. */
export interface PriceRule extends RuleBase {
  kind: "price_above" | "price_below";
  mint: string;
  trigger: Rational;
  rearm: Rational;
}

/** Unrealised PnL of an open position: up (>= trigger bps) or down (<= -trigger bps); per position. */
export interface PnlRule extends RuleBase {
  kind: "pnl_up" | "pnl_down";
  /** Magnitude in basis points (positive for both directions). */
  triggerBps: number;
  rearmBps: number;
  /** Only positions of this mint; null for every position. */
  mint: string | null;
}

/** Net realised PnL of the trades closed within the window at or below -lossLamports. */
export interface LossWindowRule extends RuleBase {
  kind: "loss_window";
  lossLamports: bigint;
  rearmLamports: bigint;
  windowMs: number;
}

/** Realised equity (cumulative closed PnL) this far below its peak. */
export interface DrawdownRule extends RuleBase {
  kind: "drawdown";
  lamports: bigint;
  rearmLamports: bigint;
}

/** This many losing trades in a row. */
export interface LossStreakRule extends RuleBase {
  kind: "loss_streak";
  count: number;
  rearmCount: number;
}

/** Wallet balance at or below a floor. */
export interface BalanceRule extends RuleBase {
  kind: "balance_below";
  floorLamports: bigint;
  rearmLamports: bigint;
}

/** No launch seen for stallMs (checked on every tick; a launch re-arms it). */
export interface FeedStalledRule extends RuleBase {
  kind: "feed_stalled";
  stallMs: number;
}

/** At least `count` actor restarts within the window. */
export interface ActorRestartsRule extends RuleBase {
  kind: "actor_restarts";
  count: number;
  rearmCount: number;
  windowMs: number;
}

/** Failed / all transactions within the window at or above rateBps (once minSamples are in). */
export interface TxFailureRule extends RuleBase {
  kind: "tx_failure_rate";
  rateBps: number;
  rearmBps: number;
  windowMs: number;
  minSamples: number;
}

/** Any alert rule. */
export type AlertRule =
  | PriceRule
  | PnlRule
  | LossWindowRule
  | DrawdownRule
  | LossStreakRule
  | BalanceRule
  | FeedStalledRule
  | ActorRestartsRule
  | TxFailureRule;

/** Name of a rule kind. */
export type RuleKind = AlertRule["kind"];

/** Every rule kind, in documentation order. */
export const RULE_KINDS: readonly RuleKind[] = [
  "price_above", "price_below", "pnl_up", "pnl_down", "loss_window", "drawdown", "loss_streak",
  "balance_below", "feed_stalled", "actor_restarts", "tx_failure_rate",
];

/** a/b < c/d for positive denominators, exactly. */
export function ratLess(a: Rational, b: Rational): boolean {
  return a.num * b.den < b.num * a.den;
}

/** a/b <= c/d for positive denominators, exactly. */
export function ratLessOrEqual(a: Rational, b: Rational): boolean {
  return a.num * b.den <= b.num * a.den;
}

/** Why the rule is inconsistent (rearm on the wrong side of the trigger, empty window ...), or undefined. */
export function ruleProblem(rule: AlertRule): { field: string; message: string } | undefined {
  const positive = (field: string, v: number) => (v > 0 ? undefined : { field, message: "must be greater than 0" });
  if (!(rule.cooldownMs >= 0)) return { field: "cooldownMs", message: "must be at least 0" };
  switch (rule.kind) {
    case "price_above":
      if (rule.trigger.den <= 0n || rule.rearm.den <= 0n || rule.trigger.num <= 0n) return { field: "lamportsPerToken", message: "must be a price greater than 0" };
      return ratLessOrEqual(rule.rearm, rule.trigger) ? undefined : { field: "rearmLamportsPerToken", message: "must be at most lamportsPerToken (re-arm below the trigger)" };
    case "price_below":
      if (rule.trigger.den <= 0n || rule.rearm.den <= 0n || rule.trigger.num <= 0n) return { field: "lamportsPerToken", message: "must be a price greater than 0" };
      return ratLessOrEqual(rule.trigger, rule.rearm) ? undefined : { field: "rearmLamportsPerToken", message: "must be at least lamportsPerToken (re-arm above the trigger)" };
    case "pnl_up":
    case "pnl_down":
      return positive("pct", rule.triggerBps) ?? (rule.rearmBps <= rule.triggerBps ? undefined : { field: "rearmPct", message: "must be at most pct (inside the trigger)" });
    case "loss_window":
      return positive("lossLamports", Number(rule.lossLamports)) ?? positive("windowMs", rule.windowMs) ??
        (rule.rearmLamports <= rule.lossLamports ? undefined : { field: "rearmLamports", message: "must be at most lossLamports" });
    case "drawdown":
      return positive("lamports", Number(rule.lamports)) ?? (rule.rearmLamports <= rule.lamports ? undefined : { field: "rearmLamports", message: "must be at most lamports" });
    case "loss_streak":
      return positive("count", rule.count) ?? (rule.rearmCount <= rule.count ? undefined : { field: "rearmCount", message: "must be at most count" });
    case "balance_below":
      return rule.rearmLamports >= rule.floorLamports ? undefined : { field: "rearmLamports", message: "must be at least floorLamports" };
    case "feed_stalled":
      return positive("stallMs", rule.stallMs);
    case "actor_restarts":
      return positive("count", rule.count) ?? positive("windowMs", rule.windowMs) ??
        (rule.rearmCount <= rule.count ? undefined : { field: "rearmCount", message: "must be at most count" });
    case "tx_failure_rate":
      return positive("pct", rule.rateBps) ?? positive("windowMs", rule.windowMs) ?? positive("minSamples", rule.minSamples) ??
        (rule.rearmBps <= rule.rateBps ? undefined : { field: "rearmPct", message: "must be at most pct" });
  }
}
