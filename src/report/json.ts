import { type DailyReport, formatSol } from "../domain/analytics/index.ts";
import { safeReport } from "./safe-report.ts";

/** Version of the JSON report layout; bump on breaking changes. */
export const REPORT_JSON_VERSION = 1;

/** How a lamport amount appears in JSON: exact decimal strings, never a float. */
export interface JsonMoney {
  lamports: string;
  sol: string;
}

/**
 * The report as a JSON-safe value: every bigint becomes `{ lamports, sol }` (SOL with 9 decimals from
 * bigint arithmetic), Infinity becomes the string `"Infinity"`, nulls stay null. Attacker-chosen strings
 * (token names, symbols, mints, creators, recommendations quoting them) are display-safe as in Markdown
 * and HTML (safe-report.ts): control, bidi and zero-width characters replaced, length bounded.
 */
export function toReportJson(report: DailyReport): unknown {
  return convert({ format: "pump-sniper.daily-report", version: REPORT_JSON_VERSION, ...safeReport(report) });
}

function convert(value: unknown): unknown {
  if (typeof value === "bigint") return { lamports: value.toString(), sol: formatSol(value) } satisfies JsonMoney;
  if (typeof value === "number") return Number.isFinite(value) ? value : Number.isNaN(value) ? null : value > 0 ? "Infinity" : "-Infinity";
  if (Array.isArray(value)) return value.map(convert);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = convert(v);
    return out;
  }
  return value;
}

/**
 * The report as pretty-printed JSON text (ends with a newline). `<`, `>` and `&` are written as \u escapes
 * (same parsed value) so the text stays inert even if a tool pastes it into HTML.
 */
export function renderJson(report: DailyReport): string {
  const text = JSON.stringify(toReportJson(report), null, 2).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `${text}\n`;
}
