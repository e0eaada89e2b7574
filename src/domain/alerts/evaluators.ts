/**
 * One evaluator per rule kind: it turns observations into readings of the rule's value per key (a mint,
 * a position, or `global`), keeping whatever window or running total the rule needs. Bounded: windows
 * keep at most WINDOW_BOUND entries (drop oldest).
 */
import type { AlertRule } from "./rule.ts";
import { ratLess, ratLessOrEqual } from "./rule.ts";
import type { DetailValue, Observation } from "./types.ts";
import { formatBps, formatPrice, formatSol } from "./units.ts";

/** Largest number of entries a sliding window keeps (oldest dropped first). */
export const WINDOW_BOUND = 10_000;

/** One reading of a rule's value for one key. */
export interface Measurement {
  key: string;
  breached: boolean;
  rearmed: boolean;
  message: string;
  details: Record<string, DetailValue>;
}

/** The per-rule stateful part of evaluation. */
export interface Evaluator {
  observe(obs: Observation): Measurement[];
}

const GLOBAL = "global";

/** A time window of entries with `at`; pruned on every read. */
class Window<T extends { at: number }> {
  private items: T[] = [];
  constructor(private readonly windowMs: number) {}
  push(item: T): void {
    this.items.push(item);
    if (this.items.length > WINDOW_BOUND) this.items.splice(0, this.items.length - WINDOW_BOUND);
  }
  /** Entries with at > now - windowMs. */
  within(now: number): T[] {
    const from = now - this.windowMs;
    let i = 0;
    while (i < this.items.length && (this.items[i] as T).at <= from) i++;
    if (i > 0) this.items.splice(0, i);
    return this.items;
  }
}

const label = (symbol: string | undefined, mint: string) => (symbol !== undefined && symbol !== "" ? `${symbol} (${mint})` : mint);

/** Builds the evaluator of a rule. */
export function createEvaluator(rule: AlertRule, startedAt: number | undefined): Evaluator {
  switch (rule.kind) {
    case "price_above":
    case "price_below": {
      const above = rule.kind === "price_above";
      return {
        observe(obs) {
          if (obs.type !== "price" || obs.mint !== rule.mint || obs.price.den <= 0n) return [];
          const p = obs.price;
          const breached = above ? ratLessOrEqual(rule.trigger, p) : ratLessOrEqual(p, rule.trigger);
          const rearmed = above ? ratLess(p, rule.rearm) : ratLess(rule.rearm, p);
          const price = formatPrice(p);
          const threshold = formatPrice(rule.trigger);
          return [{
            key: obs.mint, breached, rearmed,
            message: `${label(obs.symbol, obs.mint)} price ${price} lamports/token is ${above ? "at or above" : "at or below"} ${threshold}`,
            details: { mint: obs.mint, ...(obs.symbol === undefined ? {} : { symbol: obs.symbol }), lamportsPerToken: price, thresholdLamportsPerToken: threshold },
          }];
        },
      };
    }
    case "pnl_up":
    case "pnl_down": {
      const up = rule.kind === "pnl_up";
      return {
        observe(obs) {
          if (obs.type !== "position.pnl" || (rule.mint !== null && obs.mint !== rule.mint)) return [];
          const v = obs.pnlBps;
          const breached = up ? v >= rule.triggerBps : v <= -rule.triggerBps;
          const rearmed = up ? v < rule.rearmBps : v > -rule.rearmBps;
          const threshold = formatBps(up ? rule.triggerBps : -rule.triggerBps);
          return [{
            key: obs.positionId, breached, rearmed,
            message: `position ${obs.positionId} ${label(obs.symbol, obs.mint)} PnL ${formatBps(v)} (threshold ${threshold})`,
            details: { positionId: obs.positionId, mint: obs.mint, ...(obs.symbol === undefined ? {} : { symbol: obs.symbol }), pnl: formatBps(v), threshold },
          }];
        },
      };
    }
    case "loss_window": {
      const window = new Window<{ at: number; pnl: bigint }>(rule.windowMs);
      return {
        observe(obs) {
          if (obs.type === "trade.closed") window.push({ at: obs.at, pnl: obs.pnlLamports });
          else if (obs.type !== "tick") return [];
          const trades = window.within(obs.at);
          const net = trades.reduce((sum, t) => sum + t.pnl, 0n);
          return [{
            key: GLOBAL, breached: net <= -rule.lossLamports, rearmed: net > -rule.rearmLamports,
            message: `realised PnL ${formatSol(net)} SOL over the last ${rule.windowMs / 60_000} min (limit -${formatSol(rule.lossLamports)} SOL)`,
            details: { netLamports: net.toString(), trades: trades.length, windowMs: rule.windowMs, limitLamports: (-rule.lossLamports).toString() },
          }];
        },
      };
    }
    case "drawdown": {
      let equity = 0n;
      let peak = 0n;
      return {
        observe(obs) {
          if (obs.type !== "trade.closed") return [];
          equity += obs.pnlLamports;
          if (equity > peak) peak = equity;
          const dd = peak - equity;
          return [{
            key: GLOBAL, breached: dd >= rule.lamports, rearmed: dd < rule.rearmLamports,
            message: `realised drawdown ${formatSol(dd)} SOL from the peak (limit ${formatSol(rule.lamports)} SOL)`,
            details: { drawdownLamports: dd.toString(), peakLamports: peak.toString(), equityLamports: equity.toString() },
          }];
        },
      };
    }
    case "loss_streak": {
      let streak = 0;
      return {
        observe(obs) {
          if (obs.type !== "trade.closed") return [];
          streak = obs.pnlLamports < 0n ? streak + 1 : 0;
          return [{
            key: GLOBAL, breached: streak >= rule.count, rearmed: streak < rule.rearmCount,
            message: `${streak} losing trades in a row (limit ${rule.count})`,
            details: { streak, limit: rule.count },
          }];
        },
      };
    }
    case "balance_below":
      return {
        observe(obs) {
          if (obs.type !== "balance") return [];
          return [{
            key: GLOBAL, breached: obs.lamports <= rule.floorLamports, rearmed: obs.lamports > rule.rearmLamports,
            message: `wallet balance ${formatSol(obs.lamports)} SOL is at or below the floor ${formatSol(rule.floorLamports)} SOL`,
            details: { balanceLamports: obs.lamports.toString(), floorLamports: rule.floorLamports.toString() },
          }];
        },
      };
    case "feed_stalled": {
      let lastLaunch = startedAt;
      return {
        observe(obs) {
          if (obs.type === "launch.seen") lastLaunch = Math.max(lastLaunch ?? obs.at, obs.at);
          else if (obs.type !== "tick") return [];
          lastLaunch ??= obs.at;
          const gap = Math.max(0, obs.at - lastLaunch);
          return [{
            key: GLOBAL, breached: gap >= rule.stallMs, rearmed: gap < rule.stallMs,
            message: `no launch seen for ${Math.floor(gap / 1000)} s (limit ${Math.floor(rule.stallMs / 1000)} s): the feed may be stalled`,
            details: { silentMs: gap, stallMs: rule.stallMs },
          }];
        },
      };
    }
    case "actor_restarts": {
      const window = new Window<{ at: number; actorId: string }>(rule.windowMs);
      return {
        observe(obs) {
          if (obs.type === "actor.restarted") window.push({ at: obs.at, actorId: obs.actorId });
          else if (obs.type !== "tick") return [];
          const restarts = window.within(obs.at);
          const actors = [...new Set(restarts.map((r) => r.actorId))].slice(0, 20).join(",");
          return [{
            key: GLOBAL, breached: restarts.length >= rule.count, rearmed: restarts.length < rule.rearmCount,
            message: `${restarts.length} actor restarts in the last ${rule.windowMs / 1000} s (limit ${rule.count})`,
            details: { restarts: restarts.length, windowMs: rule.windowMs, actors },
          }];
        },
      };
    }
    case "tx_failure_rate": {
      const window = new Window<{ at: number; ok: boolean }>(rule.windowMs);
      return {
        observe(obs) {
          if (obs.type === "tx.result") window.push({ at: obs.at, ok: obs.ok });
          else if (obs.type !== "tick") return [];
          const results = window.within(obs.at);
          const total = results.length;
          const failed = results.filter((r) => !r.ok).length;
          const enough = total >= rule.minSamples;
          const rateBps = total === 0 ? 0 : Math.floor((failed * 10_000) / total);
          return [{
            key: GLOBAL,
            breached: enough && failed * 10_000 >= rule.rateBps * total,
            rearmed: !enough || failed * 10_000 < rule.rearmBps * total,
            message: `${failed} of ${total} transactions failed (${formatBps(rateBps)}) in the last ${rule.windowMs / 1000} s (limit ${formatBps(rule.rateBps)})`,
            details: { failed, total, rate: formatBps(rateBps), windowMs: rule.windowMs },
          }];
        },
      };
    }
  }
}
