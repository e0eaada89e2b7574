import { describe, expect, test } from "bun:test";
import { statSync } from "node:fs";
import { join } from "node:path";
import { cell, runSql } from "../../src/cli/sql.ts";
import { openDatabase } from "../../src/store/db.ts";
import { createRepositories } from "../../src/store/repos/index.ts";
import { migrations } from "../../src/store/migrations/index.ts";
import { launch, seed, tempDir } from "./helpers.ts";

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runSql(args, { out: (t) => void out.push(t), err: (t) => void err.push(t) });
  return { code, out: out.join(""), err: err.join("") };
}

function seeded() {
  const path = join(tempDir("sql"), "q.db");
  const db = openDatabase(path);
  seed(db);
  return { db, path };
}

describe("sql command", () => {
  test("prints an aligned table with bounded, escaped cells", () => {
    const { db, path } = seeded();
    const r = run(["SELECT mint, name, cost_lamports FROM positions JOIN launches USING (mint) ORDER BY mint", "--db", path, "--width", "12"]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^mint \| name {9}\| cost_lampor…$/);
    expect(lines).toHaveLength(2 + 3 + 1);
    const wide = run(["SELECT name FROM launches WHERE mint = 'C'", "--db", path]);
    expect(wide.out).toContain('"quoted, comma"\\nline2'); // the newline inside a name is shown escaped
    expect(r.out).toContain("(3 rows)");
    expect(cell("a".repeat(50), 10)).toHaveLength(10);
    expect(cell("\u001b[31mred", 40)).toBe("\\x1b[31mred");
    db.close();
  });

  test("--json prints objects; integers beyond 2^53 stay exact as strings", () => {
    const { db, path } = seeded();
    createRepositories(db).insertLaunch(launch("Z", { slot: 2n ** 62n + 1n }));
    const r = run(["SELECT mint, slot FROM launches WHERE mint IN ('A', 'Z') ORDER BY mint", "--json", "--db", path]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { mint: "A", slot: 123456789 },
      { mint: "Z", slot: "4611686018427387905" },
    ]);
    db.close();
  });

  test.each([
    "INSERT INTO alerts (at, rule, severity, message) VALUES (1, 'r', 'info', 'x')",
    "UPDATE positions SET cost_lamports = 0",
    "DELETE FROM fills",
    "DROP TABLE fills",
    "CREATE TABLE evil (a)",
    "ATTACH 'evil.db' AS evil",
    "PRAGMA user_version = 42",
    "PRAGMA journal_mode = DELETE",
    "VACUUM",
    "REPLACE INTO launches (mint) VALUES ('x')",
  ])("refuses a write by the engine: %s", (statement) => {
    const { db, path } = seeded();
    const before = db.query("SELECT (SELECT count(*) FROM fills) AS fills, (SELECT count(*) FROM alerts) AS alerts").get();
    const r = run([statement, "--db", path]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: /);
    expect(db.query("SELECT (SELECT count(*) FROM fills) AS fills, (SELECT count(*) FROM alerts) AS alerts").get()).toEqual(before);
    expect(db.query<{ user_version: bigint }, []>("PRAGMA user_version").get()?.user_version).toBe(BigInt(migrations.length));
    expect(db.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get()?.journal_mode).toBe("wal");
    db.close();
  });

  test("reads rows still in the WAL while the bot holds the database open", () => {
    const { db, path } = seeded();
    db.run("PRAGMA wal_autocheckpoint = 0");
    createRepositories(db).insertLaunch(launch("LIVE"));
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    const r = run(["SELECT count(*) AS n FROM launches WHERE mint = 'LIVE'", "--json", "--db", path]);
    expect([r.code, JSON.parse(r.out)]).toEqual([0, [{ n: 1 }]]);
    db.close();
  });

  test("a missing database, a bad query and bad usage give clear errors", () => {
    const missing = run(["SELECT 1", "--db", join(tempDir("sql"), "none.db")]);
    expect([missing.code, missing.err]).toEqual([1, expect.stringMatching(/database not found: .*none\.db/)]);
    const { db, path } = seeded();
    const bad = run(["SELEKT 1", "--db", path]);
    expect([bad.code, bad.err]).toEqual([1, expect.stringMatching(/syntax error/)]);
    expect(run(["--db", path]).code).toBe(2);
    db.close();
  });

  test("as a process: exit 1 and nothing written for a write statement", async () => {
    const { db, path } = seeded();
    const script = join(import.meta.dir, "..", "..", "src", "cli", "sql.ts");
    const proc = Bun.spawn(["bun", "run", script, "DELETE FROM positions", "--db", path], { stdout: "pipe", stderr: "pipe" });
    expect(await proc.exited).toBe(1);
    expect(await new Response(proc.stderr).text()).toMatch(/read-only/);
    expect(db.query("SELECT count(*) AS n FROM positions").get()).toEqual({ n: 3n });
    db.close();
  });
});
