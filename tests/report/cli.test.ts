import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../src/clock.ts";
import { type ReportCliDeps, parseReportArgs, processReportDeps, runReportCli } from "../../src/cli/report.ts";
import { ConfigError } from "../../src/config/index.ts";
import type { TradeRecordFilter } from "../../src/domain/analytics/index.ts";
import type { TradeRecord } from "../../src/domain/trade-record.ts";
import { T0, handDay } from "../domain/analytics/fixtures.ts";

interface Harness {
  deps: ReportCliDeps;
  out: string[];
  err: string[];
  files: Map<string, string>;
  filters: TradeRecordFilter[];
  opened: string[];
}

function harness(records: TradeRecord[], over: Partial<ReportCliDeps> = {}): Harness {
  const h: Harness = { out: [], err: [], files: new Map(), filters: [], opened: [], deps: undefined as unknown as ReportCliDeps };
  h.deps = {
    clock: new ManualClock(T0 + 10 * 3_600_000), // "now" is 2026-01-15 10:00 UTC
    openSource: (dbPath) => {
      h.opened.push(dbPath);
      return { loadTradeRecords: async (f) => (h.filters.push(f), records) };
    },
    configDbPath: () => "/cfg/sniper.db",
    out: (t) => void h.out.push(t),
    err: (t) => void h.err.push(t),
    writeFile: (p, t) => void h.files.set(p, t),
    ...over,
  };
  return h;
}

const all = () => [...handDay().inDay, ...handDay().outside];

describe("report CLI arguments", () => {
  const bad: [string, string[], RegExp][] = [
    ["unknown flag", ["--week", "3"], /unknown argument "--week"/],
    ["bad day", ["--day", "2026-02-30"], /--day must be a real date as YYYY-MM-DD, got "2026-02-30"/],
    ["day in another format", ["--day=15/01/2026"], /--day must be a real date/],
    ["bad format", ["--format", "pdf"], /--format must be one of md, json, html, got "pdf"/],
    ["missing value", ["--day"], /--day needs a value/],
    ["flag as value", ["--out", "--format", "md"], /--out needs a value/],
    ["given twice", ["--format", "md", "--format", "json"], /--format given twice/],
    ["stray positional", ["2026-01-15"], /unknown argument "2026-01-15"/],
  ];
  for (const [name, argv, message] of bad) {
    test(`${name}: exit 2 with a clear error and the usage, nothing loaded`, async () => {
      const h = harness(all());
      expect(await runReportCli(argv, h.deps)).toBe(2);
      const err = h.err.join("");
      expect(err).toMatch(message);
      expect(err).toContain("Usage: bun run report");
      expect(h.opened).toEqual([]);
      expect(h.out).toEqual([]);
    });
  }

  test("defaults: today (UTC, from the clock), Markdown; both --flag value and --flag=value", () => {
    expect(parseReportArgs([], "2026-01-15")).toEqual({ day: "2026-01-15", format: "md", help: false });
    expect(parseReportArgs(["--", "--day=2026-01-14", "--format", "html", "--db", "x.db", "--out=r.html"], "2026-01-15")).toEqual({
      day: "2026-01-14", format: "html", db: "x.db", out: "r.html", help: false,
    });
  });

  test("--help prints the usage and exits 0", async () => {
    const h = harness([]);
    expect(await runReportCli(["--help"], h.deps)).toBe(0);
    expect(h.out.join("")).toContain("--format   md (default), json or html.");
  });
});

describe("report CLI with a fake TradeSource", () => {
  test("JSON to stdout for the given day from --db; asks for everything opened before the day ends", async () => {
    const h = harness(all());
    expect(await runReportCli(["--day", "2026-01-15", "--format", "json", "--db", "/tmp/x.db"], h.deps)).toBe(0);
    expect(h.opened).toEqual(["/tmp/x.db"]);
    expect(h.filters).toEqual([{ to: T0 + 86_400_000 }]);
    const json = JSON.parse(h.out.join("")) as Record<string, any>;
    expect(json.day).toBe("2026-01-15");
    expect(json.summary.closedTrades).toBe(5);
    expect(json.summary.realisedPnlLamports).toEqual({ lamports: "700000000", sol: "0.700000000" });
    expect(json.generatedAt).toBe(T0 + 10 * 3_600_000);
    expect(h.err).toEqual([]);
  });

  test("without --db the config's data.dbPath is used; default day is today", async () => {
    const h = harness(all());
    expect(await runReportCli([], h.deps)).toBe(0);
    expect(h.opened).toEqual(["/cfg/sniper.db"]);
    expect(h.out.join("")).toContain("# Daily report 2026-01-15 (UTC)");
  });

  test("--out writes the file instead of stdout", async () => {
    const h = harness(all());
    expect(await runReportCli(["--format", "html", "--out", "r/report.html"], h.deps)).toBe(0);
    expect(h.out).toEqual([]);
    expect(h.files.get("r/report.html")).toStartWith("<!doctype html>");
  });

  test("an invalid config exits 2 with the config error", async () => {
    const h = harness(all(), { configDbPath: () => { throw new ConfigError([{ path: "data.dbPath", message: "must be a string" }]); } });
    expect(await runReportCli([], h.deps)).toBe(2);
    expect(h.err.join("")).toContain("data.dbPath: must be a string");
  });

  test("a failing source exits 1 naming the database", async () => {
    const h = harness([], { openSource: () => ({ loadTradeRecords: () => { throw new Error("database is locked"); } }) });
    expect(await runReportCli(["--db", "/d/s.db"], h.deps)).toBe(1);
    expect(h.err.join("")).toBe("report: cannot load trade records from /d/s.db: database is locked\n");
  });

  test("a synchronous source works too", async () => {
    const h = harness([], { openSource: () => ({ loadTradeRecords: () => handDay().inDay }) });
    expect(await runReportCli(["--day", "2026-01-15", "--format", "md"], h.deps)).toBe(0);
    expect(h.out.join("")).toContain("| Realised PnL | 0.700000000 SOL |");
  });

  test("the real file writer creates the folder and leaves no temporary file", () => {
    const dir = mkdtempSync(join(tmpdir(), "report-cli-"));
    try {
      const path = join(dir, "nested", "report.md");
      processReportDeps.writeFile(path, "hello\n");
      expect(readFileSync(path, "utf8")).toBe("hello\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
