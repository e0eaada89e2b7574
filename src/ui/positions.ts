/**
 * Builds the state cache's PositionInput from what the positions actor holds (the exit rules' own
 * PositionState and compiled ExitRules). Rules are PnL thresholds; the page shows them as trigger prices
 * in lamports per token base unit, computed from the cost of the tokens held. Those prices are display
 * approximations (sell fees and curve slippage left out); the rules themselves stay exact. Call it when a
 * position changes (fill, new high-water mark), not per price tick: ticks go through `cache.price`.
 */
import { costOfHeld } from "../domain/exits/value.ts";
import type { ExitRules, PositionState, Price } from "../domain/exits/types.ts";
import type { ExitRuleInput, PositionInput } from "./state-cache.ts";

/** An exact price as a display number (lamports per token base unit). */
export function priceNumber(p: Price): number {
  return p.den === 0n ? 0 : Number(p.num) / Number(p.den);
}

/** Name, symbol and mint of a position (attacker-chosen strings: escaped at render time). */
export interface PositionMeta {
  mint: string;
  name: string;
  symbol: string;
}

/** The page's view of a position and its exit rules. */
export function positionInputOf(meta: PositionMeta, p: PositionState, rules: ExitRules, markLamports?: bigint | null): PositionInput {
  const held = p.tokensHeld;
  const costHeld = costOfHeld(p.costLamports, held, p.tokensBought);
  const breakeven = held > 0n ? Number(costHeld) / Number(held) : 0;
  const at = (bps: number) => breakeven * (1 + bps / 10_000);
  const exits: ExitRuleInput[] = [];
  rules.takeProfit.forEach((level, i) => {
    if ((p.tpDone & (1 << i)) === 0) exits.push({ rule: rules.takeProfit.length > 1 ? `take_profit_${i + 1}` : "take_profit", triggerPrice: at(Number(level.atBps)) });
  });
  if (rules.stopLossBps !== null) exits.push({ rule: "stop_loss", triggerPrice: at(-Number(rules.stopLossBps)) });
  if (rules.trailingStopBps !== null) {
    const entry = priceNumber(p.entryPrice);
    const high = priceNumber(p.highWater);
    const armAt = entry * (1 + Number(rules.trailingArmBps) / 10_000);
    // Before it arms, the interesting price is where it arms; after, where it fires.
    exits.push(
      high >= armAt
        ? { rule: "trailing_stop", triggerPrice: high * (1 - Number(rules.trailingStopBps) / 10_000) }
        : { rule: "trailing_arm", triggerPrice: armAt },
    );
  }
  if (rules.maxHoldMs !== null) exits.push({ rule: "max_hold", deadlineAt: p.openedAt + rules.maxHoldMs });
  return {
    mint: meta.mint,
    name: meta.name,
    symbol: meta.symbol,
    openedAt: p.openedAt,
    costLamports: costHeld,
    tokens: held,
    entryPrice: priceNumber(p.entryPrice),
    markLamports: markLamports ?? null,
    exits,
    status: p.pendingExit === "full" ? "closing" : "open",
  };
}
