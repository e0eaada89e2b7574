// The report with every attacker-chosen string made display-safe (displayText: control, bidi and
// zero-width characters replaced, length bounded), in one place, so Markdown, HTML and JSON show the same
// text. Token names, symbols, mints and creators come from the chain; recommendations quote creators.
import type { DailyReport, Recommendation, TokenPerformance } from "../domain/analytics/index.ts";
import { displayText } from "./escape.ts";

/** Longest symbol shown, in code points. */
export const MAX_SYMBOL_CHARS = 16;
/** Longest recommendation sentence shown, in code points. */
export const MAX_SENTENCE_CHARS = 1000;

/** A token's row with its chain-chosen strings display-safe (numbers untouched). */
export function safeToken(t: TokenPerformance): TokenPerformance {
  return { ...t, name: displayText(t.name), symbol: displayText(t.symbol, MAX_SYMBOL_CHARS), mint: displayText(t.mint), creator: displayText(t.creator) };
}

/** A recommendation with its sentence and its string evidence display-safe (numbers stay numbers). */
export function safeRecommendation(r: Recommendation): Recommendation {
  const evidence: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(r.evidence)) evidence[k] = typeof v === "string" ? displayText(v) : v;
  return { ...r, sentence: displayText(r.sentence, MAX_SENTENCE_CHARS), evidence };
}

/** The report with every attacker-chosen string display-safe; what every renderer starts from. */
export function safeReport(report: DailyReport): DailyReport {
  const s = report.summary;
  return {
    ...report,
    summary: { ...s, bestTokens: s.bestTokens.map(safeToken), worstTokens: s.worstTokens.map(safeToken) },
    perToken: report.perToken.map(safeToken),
    recommendations: report.recommendations.map(safeRecommendation),
  };
}
