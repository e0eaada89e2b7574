import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openDatabase } from "../../src/store/index.ts";

const SCRIPT = resolve(import.meta.dir, "../../scripts/export-daily-report.sh");

function run(args: string[], cwd: string) {
  const p = Bun.spawnSync(["bash", SCRIPT, ...args], { cwd, stdout: "pipe", stderr: "pipe", env: { ...process.env, REPORTS_DIR: "" } });
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() };
}

describe("scripts/export-daily-report.sh", () => {
  const bad: [string[], RegExp][] = [
    [["15-01-2026"], /day must be YYYY-MM-DD/],
    [["2026-02-30"], /not a real date/],
    [["--bogus"], /unknown option --bogus/],
    [["2026-01-15", "2026-01-16"], /only one day/],
    [["--db"], /--db needs a path/],
  ];
  for (const [args, message] of bad) {
    test(`${args.join(" ")}: usage and exit 2`, () => {
      const r = run(args, tmpdir());
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).toContain("Usage: scripts/export-daily-report.sh");
    });
  }

  test("writes the five files into the dated folder; a failure leaves no folder behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "daily-script-"));
    try {
      openDatabase(join(dir, "s.db")).close();
      const ok = run(["2026-01-15", "--db", "s.db", "--out-dir", "out"], dir);
      expect(ok.err).toBe("");
      expect(ok.code).toBe(0);
      expect(readdirSync(join(dir, "out", "2026-01-15")).sort()).toEqual(["report.html", "report.json", "report.md", "trades.csv", "trades.json"]);
      expect((JSON.parse(readFileSync(join(dir, "out", "2026-01-15", "report.json"), "utf8")) as { day: string }).day).toBe("2026-01-15");
      const failed = run(["2026-01-16", "--db", "missing.db", "--out-dir", "out"], dir);
      expect(failed.code).toBe(1);
      expect(failed.err).toContain("database not found");
      expect(existsSync(join(dir, "out", "2026-01-16"))).toBe(false);
      expect(readdirSync(join(dir, "out"))).toEqual(["2026-01-15"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
