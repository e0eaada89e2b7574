import type { TradeRecord } from "../trade-record.ts";
import { type MaxDrawdown, maxDrawdown } from "./drawdown.ts";
import { type ExitReasonStats, exitReasonBreakdown } from "./exit-reasons.ts";
import { type LatencyPercentiles, latencyPercentiles } from "./percentiles.ts";
import { type TokenPerformance, perTokenPerformance } from "./per-token.ts";
import { divRound, holdMs, realisedPnl, sumBig, tradeReturn, unrealisedPnl } from "./pnl.ts";
import { mean, sharpeRatio, sortinoRatio } from "./statistics.ts";

/** The numbers of one report period. Money in bigint lamports; ratios as floats; null = not defined. */
export interface Summary {
  /** Closed trades in the period. */
  closedTrades: number;
  /** Open positions in scope, and how many of them have no mark (left out of unrealised). */
  openPositions: number;
  openWithoutMark: number;
  /** pnl > 0, pnl < 0, pnl = 0 among the closed trades. */
  wins: number;
  losses: number;
  breakeven: number;
  /** Sum of proceeds - cost over the closed trades. */
  realisedPnlLamports: bigint;
  /** Sum of mark + proceeds - cost over the open positions that have a mark. */
  unrealisedPnlLamports: bigint;
  /** Sum of the winning trades' PnL, and the magnitude (>= 0) of the losing trades' PnL. */
  grossProfitLamports: bigint;
  grossLossLamports: bigint;
  /** wins / closed trades; null with no closed trade. */
  winRate: number | null;
  /** grossProfit / grossLoss; Infinity with profit and no loss; null when both are 0. */
  profitFactor: number | null;
  /** Mean realised PnL per closed trade (rounded half away from zero); null with no closed trade. */
  expectancyLamports: bigint | null;
  /** Mean PnL of the winning trades, and mean magnitude (>= 0) of the losing trades; null when none. */
  averageWinLamports: bigint | null;
  averageLossLamports: bigint | null;
  /** Mean per-trade return pnl / cost; null with no closed trade of positive cost. */
  averageReturn: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: MaxDrawdown;
  /** Mean closedAt - openedAt of the closed trades in ms; null with no closed trade. */
  averageHoldMs: number | null;
  exitReasons: ExitReasonStats[];
  /** Tokens with realised PnL > 0 (best first) and < 0 (worst first), at most `topTokens` each. */
  bestTokens: TokenPerformance[];
  worstTokens: TokenPerformance[];
  /** Fees of every record in scope (closed and open), and of the closed trades only. */
  feesLamports: bigint;
  closedFeesLamports: bigint;
  /** closedFees / grossProfit; null when the gross profit is 0. */
  feeShareOfGrossProfit: number | null;
  /** Launch seen -> buy sent, over every record in scope with a known latency. */
  snipeLatencyMs: LatencyPercentiles;
}

/** Options of summarize. */
export interface SummaryOptions {
  /** Equity before the first trade, the base of the drawdown percentage (default 0). */
  startingEquityLamports?: bigint;
  /** How many best and worst tokens to list (default 3). */
  topTokens?: number;
}

/**
 * Summary of the records in scope (already filtered to a period, see recordsForWindow): closed records
 * feed realised numbers and statistics, open ones the unrealised PnL; both count for fees and latency.
 */
export function summarize(records: readonly TradeRecord[], options: SummaryOptions = {}): Summary {
  const closed = records.filter((t) => t.closedAt !== null);
  const open = records.filter((t) => t.closedAt === null);
  const pnls = closed.map(realisedPnl);
  const winsPnl = pnls.filter((p) => p > 0n);
  const lossesPnl = pnls.filter((p) => p < 0n).map((p) => -p);
  const grossProfit = sumBig(winsPnl);
  const grossLoss = sumBig(lossesPnl);
  const marks = open.map(unrealisedPnl);
  const returns = closed.map(tradeReturn).filter((r): r is number => r !== null);
  const tokens = perTokenPerformance(records);
  const top = options.topTokens ?? 3;
  const closedFees = sumBig(closed.map((t) => t.feesLamports));
  const holdTotal = sumBig(closed.map((t) => BigInt(holdMs(t))));
  const latencies = records.map((t) => t.snipeLatencyMs).filter((x): x is number => x !== null);
  return {
    closedTrades: closed.length,
    openPositions: open.length,
    openWithoutMark: marks.filter((m) => m === null).length,
    wins: winsPnl.length,
    losses: lossesPnl.length,
    breakeven: closed.length - winsPnl.length - lossesPnl.length,
    realisedPnlLamports: sumBig(pnls),
    unrealisedPnlLamports: sumBig(marks.filter((m): m is bigint => m !== null)),
    grossProfitLamports: grossProfit,
    grossLossLamports: grossLoss,
    winRate: closed.length === 0 ? null : winsPnl.length / closed.length,
    profitFactor: profitFactor(grossProfit, grossLoss),
    expectancyLamports: divRound(sumBig(pnls), BigInt(closed.length)),
    averageWinLamports: divRound(grossProfit, BigInt(winsPnl.length)),
    averageLossLamports: divRound(grossLoss, BigInt(lossesPnl.length)),
    averageReturn: mean(returns),
    sharpe: sharpeRatio(returns),
    sortino: sortinoRatio(returns),
    maxDrawdown: maxDrawdown(closed, options.startingEquityLamports ?? 0n),
    averageHoldMs: closed.length === 0 ? null : Number(divRound(holdTotal, BigInt(closed.length))),
    exitReasons: exitReasonBreakdown(closed),
    bestTokens: tokens.filter((t) => t.pnlLamports > 0n).slice(0, top),
    worstTokens: tokens.filter((t) => t.pnlLamports < 0n).reverse().slice(0, top),
    feesLamports: sumBig(records.map((t) => t.feesLamports)),
    closedFeesLamports: closedFees,
    feeShareOfGrossProfit: grossProfit === 0n ? null : Number(closedFees) / Number(grossProfit),
    snipeLatencyMs: latencyPercentiles(latencies),
  };
}

/** Gross profit / gross loss: Infinity when there is profit and no loss, null when both are zero. */
export function profitFactor(grossProfit: bigint, grossLoss: bigint): number | null {
  if (grossLoss === 0n) return grossProfit === 0n ? null : Infinity;
  return Number(grossProfit) / Number(grossLoss);
}
