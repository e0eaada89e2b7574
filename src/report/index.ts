// Public face of report rendering: a DailyReport (src/domain/analytics) as Markdown, JSON or HTML.
import type { DailyReport } from "../domain/analytics/index.ts";
import { renderHtml } from "./html.ts";
import { renderJson } from "./json.ts";
import { renderMarkdown } from "./markdown.ts";

export { MAX_DISPLAY_CHARS, displayText, escapeHtml, escapeMarkdown } from "./escape.ts";
export { duration, percent, ratio, sol } from "./format.ts";
export { REPORT_CSP, renderHtml } from "./html.ts";
export { type JsonMoney, REPORT_JSON_VERSION, renderJson, toReportJson } from "./json.ts";
export { renderMarkdown } from "./markdown.ts";
export { type Cell, type RecommendationView, type ReportView, type Table, reportView } from "./view.ts";
export { formatSol } from "../domain/analytics/index.ts";

/** The output formats of a report. */
export const REPORT_FORMATS = ["md", "json", "html"] as const;
/** One of REPORT_FORMATS. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Renders a report in the given format. */
export function renderReport(report: DailyReport, format: ReportFormat): string {
  switch (format) {
    case "md":
      return renderMarkdown(report);
    case "json":
      return renderJson(report);
    case "html":
      return renderHtml(report);
  }
}
