import { formatSol } from "./format-sol.ts";
import type { TokenPerformance } from "./per-token.ts";
import type { Summary } from "./summary.ts";

/** One piece of advice: a sentence and the numbers that triggered it. */
export interface Recommendation {
  /** Stable rule id (`stop_loss_dominant`, `low_win_rate`, ...). */
  id: string;
  sentence: string;
  /** The numbers behind the sentence; lamports as decimal strings, SOL as exact strings, ratios as numbers. */
  evidence: Record<string, number | string>;
}

/** When each rule fires; every value is injectable. Shares and rates are fractions (0.5 = 50%). */
export interface RecommendationThresholds {
  /** Below this many closed trades only `too_few_trades` is reported. */
  minTrades: number;
  /** `stop_loss_dominant`: stop-loss share of closed trades above this, and average loss > average win. */
  stopLossShare: number;
  /** `low_win_rate`: win rate below this. */
  lowWinRate: number;
  /** `fees_eat_profit`: fees of closed trades / gross profit at or above this. */
  feeShareOfGrossProfit: number;
  /** `slow_snipes`: snipe latency p99 above this many ms. */
  latencyP99Ms: number;
  /** `creator_always_losing`: a creator with at least this many closed trades, every one a loss. */
  creatorMinTrades: number;
  /** `max_hold_losers`: at least this many max-hold exits, and at least this share of them losses. */
  maxHoldMinExits: number;
  maxHoldLoserShare: number;
  /** `trailing_gives_back`: at least this many trailing-stop exits, and at least this share at pnl <= 0. */
  trailingMinExits: number;
  trailingNoProfitShare: number;
}

/** The default thresholds. */
export const DEFAULT_THRESHOLDS: Readonly<RecommendationThresholds> = Object.freeze({
  minTrades: 20,
  stopLossShare: 0.5,
  lowWinRate: 0.35,
  feeShareOfGrossProfit: 0.25,
  latencyP99Ms: 400,
  creatorMinTrades: 3,
  maxHoldMinExits: 3,
  maxHoldLoserShare: 0.6,
  trailingMinExits: 3,
  trailingNoProfitShare: 0.5,
});

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const sol = (l: bigint): string => `${formatSol(l, 3)} SOL`;
const ratio = (x: number): number => Math.round(x * 1e6) / 1e6;

type Rule = (s: Summary, tokens: readonly TokenPerformance[], t: RecommendationThresholds) => Recommendation[];

const stopLossDominant: Rule = (s, _tokens, t) => {
  const sl = s.exitReasons.find((r) => r.reason === "stop_loss");
  const avgWin = s.averageWinLamports ?? 0n;
  const avgLoss = s.averageLossLamports;
  if (sl === undefined || avgLoss === null || !(sl.share > t.stopLossShare) || !(avgLoss > avgWin)) return [];
  return [{
    id: "stop_loss_dominant",
    sentence: `Stop-loss closed ${pct(sl.share)} of trades (${sl.count} of ${s.closedTrades}) with an average loss of ${sol(avgLoss)} vs an average win of ${sol(avgWin)}: consider a wider stop or a stricter entry filter.`,
    evidence: { stopLossExits: sl.count, closedTrades: s.closedTrades, stopLossShare: ratio(sl.share), averageLossLamports: avgLoss.toString(), averageWinLamports: avgWin.toString(), threshold: t.stopLossShare },
  }];
};

const lowWinRate: Rule = (s, _tokens, t) => {
  if (s.winRate === null || !(s.winRate < t.lowWinRate)) return [];
  const exp = s.expectancyLamports ?? 0n;
  return [{
    id: "low_win_rate",
    sentence: `Win rate is ${pct(s.winRate)} (${s.wins} of ${s.closedTrades}) with an expectancy of ${sol(exp)} per trade: tighten the entry filters or take profit earlier.`,
    evidence: { winRate: ratio(s.winRate), wins: s.wins, closedTrades: s.closedTrades, expectancyLamports: exp.toString(), threshold: t.lowWinRate },
  }];
};

const feesEatProfit: Rule = (s, _tokens, t) => {
  const share = s.feeShareOfGrossProfit;
  if (share === null || !(share >= t.feeShareOfGrossProfit)) return [];
  return [{
    id: "fees_eat_profit",
    sentence: `Fees took ${pct(share)} of gross profit (${sol(s.closedFeesLamports)} of ${sol(s.grossProfitLamports)}): lower the priority fee or skip marginal trades.`,
    evidence: { feeShareOfGrossProfit: ratio(share), closedFeesLamports: s.closedFeesLamports.toString(), grossProfitLamports: s.grossProfitLamports.toString(), threshold: t.feeShareOfGrossProfit },
  }];
};

const slowSnipes: Rule = (s, _tokens, t) => {
  const l = s.snipeLatencyMs;
  if (l.p99 === null || l.p50 === null || !(l.p99 > t.latencyP99Ms)) return [];
  return [{
    id: "slow_snipes",
    sentence: `Snipe latency p99 is ${l.p99} ms (p50 ${l.p50} ms over ${l.samples} snipes), above ${t.latencyP99Ms} ms: check the RPC endpoint, the priority fee and the blockhash cache.`,
    evidence: { p50Ms: l.p50, p90Ms: l.p90 ?? l.p50, p99Ms: l.p99, maxMs: l.max ?? l.p99, samples: l.samples, threshold: t.latencyP99Ms },
  }];
};

const creatorAlwaysLosing: Rule = (_s, tokens, t) => {
  const by = new Map<string, { trades: number; losses: number; tokens: number; pnl: bigint }>();
  for (const row of tokens) {
    const c = by.get(row.creator) ?? { trades: 0, losses: 0, tokens: 0, pnl: 0n };
    c.trades += row.trades;
    c.losses += row.losses;
    c.tokens += row.trades > 0 ? 1 : 0;
    c.pnl += row.pnlLamports;
    by.set(row.creator, c);
  }
  return [...by.entries()]
    .filter(([, c]) => c.trades >= t.creatorMinTrades && c.losses === c.trades)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([creator, c]) => ({
      id: "creator_always_losing",
      sentence: `Every trade on creator ${creator}'s tokens lost money (${c.losses} of ${c.trades} trades on ${c.tokens} tokens, ${sol(c.pnl)}): consider adding the creator to the deny list.`,
      evidence: { creator, trades: c.trades, losses: c.losses, tokens: c.tokens, pnlLamports: c.pnl.toString(), threshold: t.creatorMinTrades },
    }));
};

const maxHoldLosers: Rule = (s, _tokens, t) => {
  const mh = s.exitReasons.find((r) => r.reason === "max_hold");
  if (mh === undefined || mh.count < t.maxHoldMinExits || !(mh.losses / mh.count >= t.maxHoldLoserShare)) return [];
  const share = mh.losses / mh.count;
  return [{
    id: "max_hold_losers",
    sentence: `Max-hold exits lost money in ${mh.losses} of ${mh.count} cases (${pct(share)}, ${sol(mh.pnlLamports)} in total): consider a shorter max hold or an earlier stop on stalled tokens.`,
    evidence: { maxHoldExits: mh.count, losses: mh.losses, loserShare: ratio(share), pnlLamports: mh.pnlLamports.toString(), threshold: t.maxHoldLoserShare },
  }];
};

const trailingGivesBack: Rule = (s, _tokens, t) => {
  const ts = s.exitReasons.find((r) => r.reason === "trailing_stop");
  if (ts === undefined || ts.count < t.trailingMinExits) return [];
  const noProfit = ts.count - ts.wins;
  const share = noProfit / ts.count;
  if (!(share >= t.trailingNoProfitShare)) return [];
  return [{
    id: "trailing_gives_back",
    sentence: `The trailing stop closed ${noProfit} of ${ts.count} trades (${pct(share)}) with no profit (${sol(ts.pnlLamports)} in total): it gives back too much; consider a tighter trail or activating it only once in profit.`,
    evidence: { trailingStopExits: ts.count, noProfit, noProfitShare: ratio(share), pnlLamports: ts.pnlLamports.toString(), threshold: t.trailingNoProfitShare },
  }];
};

/** Every rule that runs once there are enough trades, in report order. */
const RULES: readonly Rule[] = [stopLossDominant, lowWinRate, feesEatProfit, maxHoldLosers, trailingGivesBack, creatorAlwaysLosing, slowSnipes];

/**
 * Recommendations derived from a summary and its per-token table. With fewer than `minTrades` closed
 * trades only `too_few_trades` is returned: the other rules would read noise.
 */
export function recommendations(
  summary: Summary,
  perToken: readonly TokenPerformance[],
  thresholds: Partial<RecommendationThresholds> = {},
): Recommendation[] {
  const t: RecommendationThresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
  if (summary.closedTrades < t.minTrades) {
    return [{
      id: "too_few_trades",
      sentence: `Only ${summary.closedTrades} closed trade${summary.closedTrades === 1 ? "" : "s"} (fewer than ${t.minTrades}): too few for the numbers to be significant, so no other recommendation is made.`,
      evidence: { closedTrades: summary.closedTrades, threshold: t.minTrades },
    }];
  }
  return RULES.flatMap((rule) => rule(summary, perToken, t));
}
