import { describe, expect, test } from "bun:test";
import { buildDailyReport, type DailyReport, formatSol } from "../../src/domain/analytics/index.ts";
import { REPORT_CSP, displayText, escapeHtml, escapeMarkdown, renderHtml, renderJson, renderMarkdown, renderReport } from "../../src/report/index.ts";
import { T0, handDay, trade } from "../domain/analytics/fixtures.ts";

const HOSTILE = `<img src=x onerror=alert(1)>`;
const HOSTILE_SYMBOL = `"|<script>|`;

function hostileReport(): DailyReport {
  const { inDay } = handDay();
  const records = inDay.map((t) => (t.positionId === "D" ? { ...t, name: HOSTILE, symbol: HOSTILE_SYMBOL } : t));
  // a creator string is attacker-influenced too, and ends up inside a recommendation sentence
  const bad = [1, 2, 3].map((i) => trade({ mint: `Bad${i}`, creator: `<b onmouseover=x>${i}`, name: HOSTILE, closedAt: T0 + 1000 * i, proceedsLamports: 1n }));
  return buildDailyReport([...records, ...bad], { day: "2026-01-15", generatedAt: T0 + 90_000_000, thresholds: { minTrades: 1, creatorMinTrades: 1 } });
}

describe("hostile strings", () => {
  const report = hostileReport();
  test("HTML output has no raw tag from the data, only escaped text", () => {
    const html = renderHtml(report);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<b onmouseover");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&quot;|&lt;script&gt;|");
  });
  test("HTML is self-contained: no script element, strict CSP meta tag, inline style pinned by hash", () => {
    const html = renderHtml(report);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CSP)}">`);
    expect(REPORT_CSP).toStartWith("default-src 'none'; style-src 'sha256-");
    expect(html).not.toMatch(/<script|<link|<iframe|src=["']?http|javascript:/i);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    const hash = new Bun.CryptoHasher("sha256").update(css).digest("base64");
    expect(REPORT_CSP).toContain(`'sha256-${hash}'`);
  });
  test("Markdown keeps no raw tag and no unescaped table pipe", () => {
    const md = renderMarkdown(report);
    expect(md).not.toContain("<img");
    expect(md).not.toContain("<script");
    expect(md).toContain("&lt;img src=x onerror=alert(1)&gt;");
    const row = md.split("\n").find((l) => l.includes("&lt;script"));
    expect(row).toBeDefined();
    // every pipe of the hostile symbol is escaped, so the row keeps its column count
    expect(row).toContain("&quot;\\|&lt;script&gt;\\|");
  });
  test("JSON keeps a printable string exact but writes < > & as unicode escapes", () => {
    const text = renderJson(report);
    expect(text).not.toContain("<img");
    const parsed = JSON.parse(text) as { perToken: { name: string }[] };
    expect(parsed.perToken.some((t) => t.name === HOSTILE)).toBe(true);
  });
  test("JSON replaces control, bidi and zero-width characters and bounds lengths, as Markdown and HTML do", () => {
    // Every kind of character displayText replaces, planted in each attacker-chosen string of the report.
    const unsafe = "\u202E\r\n\u0000\u0007\u001b[31m\u0085\u061c\u200b\u200e\u2028\u2066\u2069\ufeff";
    const name = `gnp.exe${unsafe}${"N".repeat(100)}`;
    const symbol = `S\u202Eym\r\n${"Y".repeat(20)}`;
    const creator = `Cr\u202Eeator\u0000`;
    const winner = `W\u2066in\n`;
    // Three losing tokens of one creator (a recommendation quotes it) and a winning one of another.
    const records = [1, 2, 3, 4].map((i) => trade({ mint: `M\u2067${i}`, name, symbol, creator: i === 4 ? winner : creator, closedAt: T0 + 1000 * i, proceedsLamports: i === 4 ? 3_000_000_000n : 1n }));
    const planted = buildDailyReport(records, { day: "2026-01-15", generatedAt: T0 + 90_000_000, thresholds: { minTrades: 1, creatorMinTrades: 1 } });
    const text = renderJson(planted);
    const json = JSON.parse(text) as Record<string, any>;
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === "string") strings.push(v);
      else if (v !== null && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(json);
    for (const str of strings) expect(str).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u);
    // Neither raw nor as a JSON escape: none of them is in the text at all.
    expect(text).not.toMatch(/\\u0000|\\r|\\n|\\u001b|\u202e/iu);
    expect(json.perToken).toHaveLength(4);
    expect(json.summary.bestTokens).toHaveLength(1);
    expect(json.summary.worstTokens).toHaveLength(3);
    for (const t of [...json.perToken, ...json.summary.bestTokens, ...json.summary.worstTokens]) {
      expect(t).toMatchObject({ name: displayText(name), symbol: displayText(symbol, 16) });
      expect([...t.name]).toHaveLength(64);
      expect(t.symbol).toBe("S\ufffdym\ufffd\ufffdYYYYYYYYY\u2026");
      expect(t.mint).toMatch(/^M\ufffd[1-4]$/);
    }
    expect(json.summary.bestTokens[0].creator).toBe("W\ufffdin\ufffd");
    expect(json.summary.worstTokens.map((t: { creator: string }) => t.creator)).toEqual(Array(3).fill("Cr\ufffdeator\ufffd"));
    const rug = json.recommendations.find((r: { id: string }) => r.id === "creator_always_losing");
    expect(rug.evidence.creator).toBe("Cr\ufffdeator\ufffd");
    expect(rug.sentence).toContain("creator Cr\ufffdeator\ufffd's tokens");
    // The same text Markdown and HTML print (escaped for their syntax).
    const md = renderMarkdown(planted);
    const html = renderHtml(planted);
    for (const t of json.perToken) {
      expect(md).toContain(`| ${escapeMarkdown(t.name)} | ${escapeMarkdown(t.symbol)} | ${escapeMarkdown(t.mint)} | ${escapeMarkdown(t.creator)} |`);
      expect(html).toContain(escapeHtml(t.name));
    }
  });
  test("control and bidi characters are neutralised and long names bounded", () => {
    expect(displayText("a\u202Eb\nc\u0000")).toBe("a\ufffdb\ufffdc\ufffd");
    const long = displayText("x".repeat(500));
    expect([...long].length).toBe(64);
    expect(long.endsWith("\u2026")).toBe(true);
  });
  const escapes: [string, string, string][] = [
    [`<a href='x'>&`, "&lt;a href=&#39;x&#39;&gt;&amp;", "&lt;a href='x'&gt;&amp;"],
    ["*bold* _i_ ![l](u) `c` | \\\nx", "*bold* _i_ ![l](u) `c` | \\\nx", "\\*bold\\* \\_i\\_ !\\[l\\](u) \\`c\\` \\| \\\\ x"],
  ];
  for (const [input, html, md] of escapes) {
    test(`escape ${JSON.stringify(input)}`, () => {
      expect(escapeHtml(input)).toBe(html);
      expect(escapeMarkdown(input)).toBe(md);
    });
  }
});

describe("the three formats show the same numbers", () => {
  const report = buildDailyReport(handDay().inDay, { day: "2026-01-15", generatedAt: T0 + 90_000_000, thresholds: { minTrades: 5 } });
  const md = renderMarkdown(report);
  const html = renderHtml(report);
  const json = JSON.parse(renderJson(report)) as Record<string, any>;

  test("JSON money is lamports + exact 9-decimal SOL strings; Infinity and null survive", () => {
    expect(json.summary.realisedPnlLamports).toEqual({ lamports: "700000000", sol: "0.700000000" });
    expect(json.summary.unrealisedPnlLamports).toEqual({ lamports: "200000000", sol: "0.200000000" });
    expect(json.summary.maxDrawdown.lamports).toEqual({ lamports: "300000000", sol: "0.300000000" });
    expect(json.summary.winRate).toBe(0.6);
    expect(json.summary.sharpe).toBeCloseTo(0.04 / Math.sqrt(0.193), 9);
    expect(json.format).toBe("pump-sniper.daily-report");
    expect(json.day).toBe("2026-01-15");
    const allWins = JSON.parse(renderJson(buildDailyReport([trade({ proceedsLamports: 2_000_000_000n })], { day: "2026-01-15", generatedAt: 0 }))) as Record<string, any>;
    expect(allWins.summary.profitFactor).toBe("Infinity");
    expect(allWins.summary.sharpe).toBeNull();
  });

  const shared: [string, string][] = [
    ["realised PnL", `${formatSol(700_000_000n)} SOL`],
    ["unrealised PnL", `${formatSol(200_000_000n)} SOL`],
    ["expectancy", `${formatSol(140_000_000n)} SOL`],
    ["max drawdown", `${formatSol(-300_000_000n)} SOL`],
    ["fees", `${formatSol(70_000_000n)} SOL`],
    ["win rate", "60.00%"],
    ["profit factor", "2.4000"],
    ["drawdown share of peak", "42.86%"],
    ["Sharpe", (0.04 / Math.sqrt(0.193)).toFixed(4)],
    ["Sortino", (0.04 / Math.sqrt(0.1)).toFixed(4)],
    ["average hold", "2m 00s"],
    ["latency", "200 ms / 1000 ms / 1000 ms / 1000 ms (6 samples)"],
  ];
  for (const [what, text] of shared) {
    test(`${what}: ${text} in Markdown and HTML`, () => {
      expect(md).toContain(text);
      expect(html).toContain(text);
    });
  }
  test("the SOL strings in JSON are the ones Markdown and HTML print", () => {
    for (const money of [json.summary.realisedPnlLamports, json.summary.unrealisedPnlLamports, json.summary.feesLamports, json.summary.expectancyLamports]) {
      expect(md).toContain(`${money.sol} SOL`);
      expect(html).toContain(`${money.sol} SOL`);
    }
  });
  test("recommendations with their evidence appear in every format", () => {
    expect(report.recommendations.length).toBeGreaterThan(0);
    for (const r of report.recommendations) {
      expect(md).toContain(escapeMarkdown(r.sentence));
      expect(html).toContain(escapeHtml(r.sentence));
      expect(json.recommendations).toContainEqual(r);
    }
  });
  test("renderReport dispatches on the format", () => {
    expect(renderReport(report, "md")).toBe(md);
    expect(renderReport(report, "html")).toBe(html);
    expect(JSON.parse(renderReport(report, "json"))).toEqual(json);
  });
  test("an empty day renders without NaN or undefined", () => {
    const empty = buildDailyReport([], { day: "2026-01-15", generatedAt: 0 });
    for (const out of [renderMarkdown(empty), renderHtml(empty), renderJson(empty)]) {
      expect(out).not.toMatch(/NaN|undefined/);
    }
    expect(renderMarkdown(empty)).toContain("No closed trade.");
  });
});
