import type { DailyReport, TokenPerformance } from "../domain/analytics/index.ts";
import { duration, isoTime, ms, percent, ratio, sol } from "./format.ts";
import { safeReport } from "./safe-report.ts";

/** One table cell: plain (unescaped) text, and a tone for money cells. */
export interface Cell {
  text: string;
  tone?: "pos" | "neg";
}

/** A titled table; `empty` is shown when there is no row. */
export interface Table {
  title: string;
  headers: string[];
  rows: Cell[][];
  empty: string;
}

/** A recommendation ready to print: the sentence and its evidence as `key: value` pairs. */
export interface RecommendationView {
  id: string;
  sentence: string;
  evidence: [string, string][];
}

/**
 * The report as display strings, shared by the Markdown and HTML renderers so both show the same
 * numbers. Text here is NOT escaped (renderers escape every string), but attacker-chosen strings are
 * already bounded and stripped of control characters (safe-report.ts, as in the JSON).
 */
export interface ReportView {
  title: string;
  meta: string[];
  tables: Table[];
  recommendations: RecommendationView[];
}

const money = (l: bigint): Cell => ({ text: sol(l), ...(l > 0n ? { tone: "pos" as const } : l < 0n ? { tone: "neg" as const } : {}) });
const plain = (text: string | number): Cell => ({ text: String(text) });

// Token rows come from safeReport: their chain-chosen strings are display-safe already.
const tokenCells = (t: TokenPerformance): Cell[] => [plain(t.name), plain(t.symbol), plain(t.mint)];

/** Builds the display model of a daily report. */
export function reportView(unsafe: DailyReport): ReportView {
  const report = safeReport(unsafe);
  const s = report.summary;
  const dd = s.maxDrawdown;
  const l = s.snipeLatencyMs;
  const summary: Table = {
    title: "Summary",
    headers: ["Metric", "Value"],
    empty: "",
    rows: [
      ["Closed trades", plain(s.closedTrades)],
      ["Wins / losses / breakeven", plain(`${s.wins} / ${s.losses} / ${s.breakeven}`)],
      ["Open positions (without mark)", plain(`${s.openPositions} (${s.openWithoutMark})`)],
      ["Realised PnL", money(s.realisedPnlLamports)],
      ["Unrealised PnL", money(s.unrealisedPnlLamports)],
      ["Gross profit", money(s.grossProfitLamports)],
      ["Gross loss", money(-s.grossLossLamports)],
      ["Win rate", plain(percent(s.winRate))],
      ["Profit factor", plain(ratio(s.profitFactor))],
      ["Expectancy per trade", s.expectancyLamports === null ? plain("n/a") : money(s.expectancyLamports)],
      ["Average win", s.averageWinLamports === null ? plain("n/a") : money(s.averageWinLamports)],
      ["Average loss", s.averageLossLamports === null ? plain("n/a") : money(-s.averageLossLamports)],
      ["Average return per trade", plain(percent(s.averageReturn))],
      ["Sharpe (per trade)", plain(ratio(s.sharpe))],
      ["Sortino (per trade)", plain(ratio(s.sortino))],
      ["Max drawdown", dd.lamports === 0n ? money(0n) : money(-dd.lamports)],
      ["Max drawdown, share of peak equity", plain(percent(dd.fractionOfPeak))],
      ["Average hold", plain(duration(s.averageHoldMs))],
      ["Fees paid (all positions)", money(s.feesLamports)],
      ["Fees, share of gross profit", plain(percent(s.feeShareOfGrossProfit))],
      ["Snipe latency p50 / p90 / p99 / max", plain(`${ms(l.p50)} / ${ms(l.p90)} / ${ms(l.p99)} / ${ms(l.max)} (${l.samples} samples)`)],
    ].map(([label, cell]) => [plain(label as string), cell as Cell]),
  };
  const exits: Table = {
    title: "Exit reasons",
    headers: ["Reason", "Trades", "Share", "Wins", "Losses", "PnL"],
    empty: "No closed trade.",
    rows: s.exitReasons.map((r) => [plain(r.reason), plain(r.count), plain(percent(r.share)), plain(r.wins), plain(r.losses), money(r.pnlLamports)]),
  };
  const ranked = (title: string, rows: TokenPerformance[], empty: string): Table => ({
    title,
    headers: ["Token", "Symbol", "Mint", "Trades", "PnL"],
    empty,
    rows: rows.map((t) => [...tokenCells(t), plain(t.trades), money(t.pnlLamports)]),
  });
  const perToken: Table = {
    title: "Per token",
    headers: ["Token", "Symbol", "Mint", "Creator", "Trades", "Open", "Win rate", "PnL", "Unrealised", "Fees", "Average hold"],
    empty: "No trade.",
    rows: report.perToken.map((t) => [
      ...tokenCells(t),
      plain(t.creator),
      plain(t.trades),
      plain(t.open),
      plain(percent(t.winRate)),
      money(t.pnlLamports),
      money(t.unrealisedLamports),
      money(t.feesLamports),
      plain(duration(t.averageHoldMs)),
    ]),
  };
  return {
    title: `Daily report ${report.day} (UTC)`,
    meta: [`Window: ${isoTime(report.window.from)} to ${isoTime(report.window.to)} (closed trades; open positions in unrealised)`, `Generated: ${isoTime(report.generatedAt)}`],
    tables: [summary, exits, ranked("Best tokens", s.bestTokens, "No winning token."), ranked("Worst tokens", s.worstTokens, "No losing token."), perToken],
    recommendations: report.recommendations.map((r) => ({
      id: r.id,
      sentence: r.sentence,
      evidence: Object.entries(r.evidence).map(([k, v]) => [k, String(v)]),
    })),
  };
}
