import { createHash } from "node:crypto";
import type { DailyReport } from "../domain/analytics/index.ts";
import { escapeHtml as h } from "./escape.ts";
import { type Table, reportView } from "./view.ts";

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#1d2330;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #d6dbe4;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f2f4f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pos{color:#11703a}.neg{color:#b3261e}.meta{color:#5b6475}.ev{color:#5b6475;font-size:.9em}
`.trim();

/** CSP of the page: nothing loads, nothing runs; only the inline stylesheet (pinned by its hash) applies. */
export const REPORT_CSP = `default-src 'none'; style-src 'sha256-${createHash("sha256").update(CSS).digest("base64")}'; img-src 'none'; base-uri 'none'; form-action 'none'`;

const NUMERIC = /^-?[\d.]+( SOL| ms|%)?$/;

function table(t: Table): string {
  const head = `<h2>${h(t.title)}</h2>`;
  if (t.rows.length === 0) return `${head}\n<p>${h(t.empty)}</p>`;
  const ths = t.headers.map((x) => `<th>${h(x)}</th>`).join("");
  const trs = t.rows.map((row) => {
    const tds = row.map((c) => {
      const cls = [NUMERIC.test(c.text) ? "num" : "", c.tone ?? ""].filter((x) => x !== "").join(" ");
      return `<td${cls === "" ? "" : ` class="${cls}"`}>${h(c.text)}</td>`;
    });
    return `<tr>${tds.join("")}</tr>`;
  });
  return `${head}\n<table>\n<thead><tr>${ths}</tr></thead>\n<tbody>\n${trs.join("\n")}\n</tbody>\n</table>`;
}

/**
 * The report as one self-contained HTML page: no script, inline CSS allowed by hash in a strict CSP meta
 * tag, every string HTML-escaped (token names and symbols are chosen by attackers).
 */
export function renderHtml(report: DailyReport): string {
  const v = reportView(report);
  const recs = v.recommendations.length === 0
    ? "<p>None: no rule fired.</p>"
    : `<ul>\n${v.recommendations
        .map((r) => `<li><strong>${h(r.id)}</strong>: ${h(r.sentence)}<br><span class="ev">evidence: ${r.evidence.map(([k, val]) => `${h(k)} = ${h(val)}`).join("; ")}</span></li>`)
        .join("\n")}\n</ul>`;
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${h(REPORT_CSP)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(v.title)}</title>`,
    `<style>${CSS}</style>`,
    "</head>",
    "<body>",
    `<h1>${h(v.title)}</h1>`,
    ...v.meta.map((m) => `<p class="meta">${h(m)}</p>`),
    ...v.tables.map(table),
    "<h2>Recommendations</h2>",
    recs,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
