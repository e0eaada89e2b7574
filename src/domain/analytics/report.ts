import type { TradeRecord } from "../trade-record.ts";
import { type TimeWindow, parseUtcDay } from "./day.ts";
import { type TokenPerformance, perTokenPerformance } from "./per-token.ts";
import { type Recommendation, type RecommendationThresholds, recommendations } from "./recommendations.ts";
import { type Summary, type SummaryOptions, summarize } from "./summary.ts";
import { recordsForWindow } from "./window.ts";

/** Everything a daily report shows; renderers in src/report/ turn it into md / json / html. */
export interface DailyReport {
  /** The UTC day `YYYY-MM-DD` and its window `[from, to)` in ms. */
  day: string;
  window: TimeWindow;
  /** When the report was built (from the injected clock). */
  generatedAt: number;
  summary: Summary;
  perToken: TokenPerformance[];
  recommendations: Recommendation[];
}

/** Options of buildDailyReport. */
export interface DailyReportOptions extends SummaryOptions {
  day: string;
  generatedAt: number;
  thresholds?: Partial<RecommendationThresholds>;
}

/** Builds the report of one UTC day from any superset of its records (they are filtered here). */
export function buildDailyReport(records: readonly TradeRecord[], options: DailyReportOptions): DailyReport {
  const window = parseUtcDay(options.day);
  if (window === null) throw new RangeError(`not a valid UTC day (YYYY-MM-DD): ${JSON.stringify(options.day)}`);
  const scope = recordsForWindow(records, window);
  const summary = summarize(scope, options);
  const perToken = perTokenPerformance(scope);
  return {
    day: options.day,
    window,
    generatedAt: options.generatedAt,
    summary,
    perToken,
    recommendations: recommendations(summary, perToken, options.thresholds),
  };
}
