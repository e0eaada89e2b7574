/**
 * The exit rules, one pure function per tick. Choices (see README "Exit rules"):
 * - Stop-loss and take-profit are VALUE-based: what selling the held tokens returns now (fees and price
 *   impact included) against what they cost (fees included). "+50 %" means 1.5x the SOL paid, really.
 * - The trailing stop is PRICE-based: the curve price against its high-water mark, so partial sells
 *   (which change the size, hence the impact) do not move it; it arms once the high-water price is
 *   `trailingArmBps` above the entry price.
 * - Priority on one tick: stop-loss > trailing stop > creator sold / curve completed > max hold > take-profit.
 *   A full exit suppresses every other decision; once a full exit is pending, nothing more fires; while a
 *   partial sell is pending, only full exits fire.
 */
import type { ExitReason } from "../trade-record.ts";
import type { ExitDecision, ExitRules, ExitTick, PositionState, Price, TickReserves } from "./types.ts";
import { costOfHeld, pnlBps, priceAbove, sellValue } from "./value.ts";

const BPS = 10_000n;
/**
 * The shared "nothing fired" answer (no allocation on the common path). Not frozen: a frozen array has
 * another storage than the arrays `full()` returns, and the optimised per-trade path
 * (PositionBook.onTrade) fell out to slower code each time it met the other kind (~2,800 OSR exits in
 * 600 bench launches; 15 once unfrozen). `readonly` keeps it unchanged at compile time.
 */
export const NO_EXIT: readonly ExitDecision[] = [];

function full(p: PositionState, reason: ExitReason, pnl: bigint | null): ExitDecision[] {
  return [{ reason, tokens: p.tokensHeld, full: true, level: null, pnlBps: pnl }];
}

/** The high-water mark after this tick: the tick's price when higher, else the current one (same object). */
export function nextHighWater(p: PositionState, r: TickReserves): Price {
  const hw = p.highWater;
  return r.virtualSolReserves * hw.den > hw.num * r.virtualTokenReserves
    ? { num: r.virtualSolReserves, den: r.virtualTokenReserves }
    : hw;
}

/** Value-based PnL of the held tokens at reserves `r`, in bps. */
export function positionPnlBps(p: PositionState, r: TickReserves, rules: ExitRules): bigint {
  return pnlBps(sellValue(r, p.tokensHeld, rules.fees), costOfHeld(p.costLamports, p.tokensHeld, p.tokensBought));
}

function trailingFires(p: PositionState, r: TickReserves, rules: ExitRules): boolean {
  const trail = rules.trailingStopBps;
  if (trail === null) return false;
  const hwNum = p.highWater.num;
  const hwDen = p.highWater.den;
  // Use the high-water mark including this tick (a new high never fires).
  const vSol = r.virtualSolReserves;
  const vTok = r.virtualTokenReserves;
  if (vSol * hwDen >= hwNum * vTok) return false;
  // armed: hw >= entry * (1 + arm)
  const e = p.entryPrice;
  if (hwNum * e.den * BPS < e.num * hwDen * (BPS + rules.trailingArmBps)) return false;
  // fires: price <= hw * (1 - trail)
  return vSol * hwDen * BPS <= hwNum * vTok * (BPS - trail);
}

function takeProfit(p: PositionState, pnl: bigint, rules: ExitRules): readonly ExitDecision[] {
  const levels = rules.takeProfit;
  let out: ExitDecision[] | null = null;
  let remaining = p.tokensHeld;
  for (let i = 0; i < levels.length; i++) {
    if ((p.tpDone & (1 << i)) !== 0) continue;
    const level = levels[i]!;
    if (pnl < level.atBps) continue;
    // Cumulative targets keep the ladder exact: level i brings the sold total to bought x cum_i.
    const target = level.cumSellBps >= BPS ? p.tokensBought : (p.tokensBought * level.cumSellBps) / BPS;
    let tokens = target - (p.tokensBought - remaining);
    if (tokens > remaining) tokens = remaining;
    if (tokens <= 0n) continue;
    remaining -= tokens;
    (out ??= []).push({ reason: "take_profit", tokens, full: remaining === 0n, level: i, pnlBps: pnl });
    if (remaining === 0n) break;
  }
  return out ?? NO_EXIT;
}

/** The exits `tick` triggers for `position` at wall-clock `now` (ms). Pure. */
export function evaluateExit(position: PositionState, tick: ExitTick, rules: ExitRules, now: number): readonly ExitDecision[] {
  const p = position;
  if (p.pendingExit === "full" || p.tokensHeld <= 0n) return NO_EXIT;
  const holdOver = rules.maxHoldMs !== null && now - p.openedAt >= rules.maxHoldMs;
  switch (tick.kind) {
    case "price": {
      const r = tick.reserves;
      const pnl = positionPnlBps(p, r, rules);
      if (rules.stopLossBps !== null && pnl <= -rules.stopLossBps) return full(p, "stop_loss", pnl);
      if (trailingFires(p, r, rules)) return full(p, "trailing_stop", pnl);
      if (holdOver) return full(p, "max_hold", pnl);
      if (p.pendingExit === "partial" || rules.takeProfit.length === 0) return NO_EXIT;
      return takeProfit(p, pnl, rules);
    }
    case "creator_sold":
      return rules.exitOnCreatorSell ? full(p, "creator_sold", null) : holdOver ? full(p, "max_hold", null) : NO_EXIT;
    case "curve_completed":
      return rules.exitOnCurveComplete ? full(p, "curve_complete", null) : holdOver ? full(p, "max_hold", null) : NO_EXIT;
    case "time":
      return holdOver ? full(p, "max_hold", null) : NO_EXIT;
  }
}

/** Ms until max hold fires for a position opened at `openedAt` (0 when due; null when the rule is off). */
export function holdRemainingMs(openedAt: number, rules: ExitRules, now: number): number | null {
  if (rules.maxHoldMs === null) return null;
  return Math.max(0, openedAt + rules.maxHoldMs - now);
}

/** The levels a set of decisions takes, as a tpDone bit mask. */
export function levelsMask(decisions: readonly ExitDecision[]): number {
  let mask = 0;
  for (const d of decisions) if (d.level !== null) mask |= 1 << d.level;
  return mask;
}
