import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../src/clock.ts";
import { processReportDeps, runReportCli } from "../../src/cli/report.ts";
import { createRepositories, openDatabase } from "../../src/store/index.ts";

const T0 = Date.UTC(2026, 0, 15);
const fees = (n: bigint) => ({ protocol: n, creator: 0n, network: 0n, priority: 0n });

describe("report CLI over the real SQLite store (temporary file)", () => {
  test("a position opened the day before and closed on the day is in that day's report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "report-store-"));
    try {
      const path = join(dir, "sniper.db");
      const db = openDatabase(path);
      const repos = createRepositories(db);
      // opened 23:59 the day before, bought 1 SOL + 0.01 fee, sold 1.5 SOL - 0.01 fee: pnl 0.48 SOL
      repos.openPosition({ id: "p1", mode: "sim", mint: "M1", openedAt: T0 - 60_000, snipeLatencyMs: 42 });
      repos.insertFill({ signature: "s1", positionId: "p1", mint: "M1", side: "buy", at: T0 - 60_000, lamports: 1_000_000_000n, tokens: 10n, fees: fees(10_000_000n) });
      repos.insertFill({ signature: "s2", positionId: "p1", mint: "M1", side: "sell", at: T0 + 60_000, lamports: 1_500_000_000n, tokens: 10n, fees: fees(10_000_000n), reason: "take_profit" });
      repos.closePosition({ id: "p1", closedAt: T0 + 60_000, exitReason: "take_profit" });
      // still open, opened on the day, no mark
      repos.openPosition({ id: "p2", mode: "sim", mint: "M2", openedAt: T0 + 3_600_000 });
      repos.insertFill({ signature: "s3", positionId: "p2", mint: "M2", side: "buy", at: T0 + 3_600_000, lamports: 500_000_000n, tokens: 5n, fees: fees(5_000_000n) });
      db.close();

      const out: string[] = [];
      const err: string[] = [];
      const code = await runReportCli(["--day", "2026-01-15", "--format", "json", "--db", path], {
        ...processReportDeps,
        clock: new ManualClock(T0 + 86_400_000),
        out: (t) => void out.push(t),
        err: (t) => void err.push(t),
      });
      expect(err).toEqual([]);
      expect(code).toBe(0);
      const s = (JSON.parse(out.join("")) as { summary: Record<string, any> }).summary;
      expect([s.closedTrades, s.openPositions, s.openWithoutMark, s.wins]).toEqual([1, 1, 1, 1]);
      expect(s.realisedPnlLamports).toEqual({ lamports: "480000000", sol: "0.480000000" });
      expect(s.feesLamports.lamports).toBe("25000000");
      expect(s.snipeLatencyMs.p50).toBe(42);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
