// Public face of analytics: pure functions over TradeRecords (no I/O). Money is bigint lamports throughout.
export { type TimeWindow, DAY_MS, parseUtcDay, utcDayOf } from "./day.ts";
export { type MaxDrawdown, byCloseTime, maxDrawdown } from "./drawdown.ts";
export { type ExitReasonKey, type ExitReasonStats, exitReasonBreakdown } from "./exit-reasons.ts";
export { type FormatSolOptions, LAMPORTS_PER_SOL, formatSol } from "./format-sol.ts";
export { type LatencyPercentiles, latencyPercentiles, nearestRank } from "./percentiles.ts";
export { type TokenPerformance, perTokenPerformance } from "./per-token.ts";
export { divRound, holdMs, realisedPnl, sumBig, tradeReturn, unrealisedPnl } from "./pnl.ts";
export {
  DEFAULT_THRESHOLDS,
  type Recommendation,
  type RecommendationThresholds,
  recommendations,
} from "./recommendations.ts";
export { type DailyReport, type DailyReportOptions, buildDailyReport } from "./report.ts";
export { mean, sampleStdDev, sharpeRatio, sortinoRatio } from "./statistics.ts";
export { type Summary, type SummaryOptions, profitFactor, summarize } from "./summary.ts";
export { type TradeRecordFilter, type TradeSource } from "./trade-source.ts";
export { recordsForWindow } from "./window.ts";
