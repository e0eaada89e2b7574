import type { DailyReport } from "../domain/analytics/index.ts";
import { escapeMarkdown as md } from "./escape.ts";
import { type Table, reportView } from "./view.ts";

function table(t: Table): string[] {
  const out = [`## ${md(t.title)}`, ""];
  if (t.rows.length === 0) return [...out, md(t.empty), ""];
  out.push(`| ${t.headers.map(md).join(" | ")} |`, `|${t.headers.map(() => " --- ").join("|")}|`);
  for (const row of t.rows) out.push(`| ${row.map((c) => md(c.text)).join(" | ")} |`);
  return [...out, ""];
}

/** The report as GitHub-flavoured Markdown; every string is escaped (no raw HTML survives). */
export function renderMarkdown(report: DailyReport): string {
  const v = reportView(report);
  const lines = [`# ${md(v.title)}`, "", ...v.meta.map((m) => `${md(m)}  `), ""];
  for (const t of v.tables) lines.push(...table(t));
  lines.push("## Recommendations", "");
  if (v.recommendations.length === 0) lines.push("None: no rule fired.", "");
  for (const r of v.recommendations) {
    lines.push(`- **${md(r.id)}**: ${md(r.sentence)}`);
    lines.push(`  - evidence: ${r.evidence.map(([k, val]) => `${md(k)} = ${md(val)}`).join("; ")}`);
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
