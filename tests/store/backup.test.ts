import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../src/clock.ts";
import { runBackup } from "../../src/cli/backup.ts";
import { backupFileName, backupNow, integrityCheck, listBackups, preRestorePath, restoreBackup, scheduleBackups } from "../../src/store/backup.ts";
import { backupProblem } from "../../src/store/backup-check.ts";
import { openDatabase, schemaVersion } from "../../src/store/db.ts";
import { migrations } from "../../src/store/migrations/index.ts";
import { lockPath } from "../../src/store/lock.ts";
import { seed, T0, tempDir } from "./helpers.ts";

const child = join(import.meta.dir, "..", "fixtures", "store", "writer-child.ts");

/** Waits until the child printed `n` acknowledged ids. */
async function waitForAcks(stream: ReadableStream<Uint8Array>, n: number): Promise<void> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let count = 0;
  while (count < n) {
    const { value, done } = await reader.read();
    if (done) throw new Error("child ended early");
    count += (decoder.decode(value).match(/^\d+$/gm) ?? []).length;
  }
  reader.releaseLock();
}

/** The ids in a copy of the child's database: they must be exactly 0..n-1 (a committed prefix). */
function prefixOf(path: string): number {
  const db = new Database(path, { readonly: true });
  const ids = db.query<{ reason: string }, []>("SELECT reason FROM decisions ORDER BY id").all().map((r) => Number(r.reason));
  db.close();
  expect(ids.findIndex((id, i) => id !== i)).toBe(-1);
  return ids.length;
}

describe("backups", () => {
  test("file names are sniper-YYYYMMDD-HHMMSS.db (UTC) and retention keeps the newest N", () => {
    expect(backupFileName(Date.UTC(2026, 10, 29, 1, 2, 3))).toBe("sniper-20261129-010203.db");
    const dir = tempDir("backup");
    const dbPath = join(dir, "s.db");
    seed(openDatabase(dbPath));
    const clock = new ManualClock(T0);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(backupNow({ dbPath, dir: join(dir, "backups"), keep: 3, clock }).path);
      if (i === 2) made.push(backupNow({ dbPath, dir: join(dir, "backups"), keep: 3, clock }).path); // same second
      clock.advance(60_000);
    }
    expect(made[3]).toMatch(/sniper-20260101-000200-1\.db$/);
    expect(listBackups(join(dir, "backups"))).toEqual(made.slice(3).reverse());
    expect(integrityCheck(made[5] as string)).toEqual(["ok"]);
  });

  test("a backup taken under write load restores to a sound database holding a committed prefix", async () => {
    const dir = tempDir("backup");
    const dbPath = join(dir, "live.db");
    const proc = Bun.spawn(["bun", "run", child, dbPath], { stdout: "pipe", stderr: "inherit" });
    try {
      await waitForAcks(proc.stdout, 2000);
      const backups: string[] = [];
      for (let i = 0; i < 3; i++) {
        backups.push(backupNow({ dbPath, dir: join(dir, "backups") }).path);
        await Bun.sleep(20);
      }
      const sizes = backups.map((path) => {
        expect(integrityCheck(path)).toEqual(["ok"]);
        return prefixOf(path);
      });
      expect(sizes[0]).toBeGreaterThan(0);
      expect(sizes[2]).toBeGreaterThanOrEqual(sizes[0] as number);

      // the bot (the child) holds the lock: a restore is refused and the database is untouched
      expect(() => restoreBackup({ file: backups[0] as string, dbPath })).toThrow(/bot is running/);
      const refused: string[] = [];
      expect(runBackup(["--restore", backups[0] as string, "--db", dbPath], { out: () => {}, err: (t) => void refused.push(t) })).toBe(1);
      expect(refused.join("")).toMatch(/stop it before restoring/);

      proc.kill("SIGKILL");
      await proc.exited;
      const { previous } = restoreBackup({ file: backups[1] as string, dbPath });
      expect(previous).not.toBeNull();
      expect(existsSync(previous as string)).toBe(true);
      expect(integrityCheck(dbPath)).toEqual(["ok"]);
      expect(prefixOf(dbPath)).toBe(sizes[1] as number);
      const reopened = openDatabase(dbPath); // the bot can start on the restored file
      reopened.close();
    } finally {
      proc.kill("SIGKILL");
      await proc.exited;
    }
  });

  test("scheduled backups run on their interval and prune to the retention count", async () => {
    const dir = tempDir("backup");
    const dbPath = join(dir, "s.db");
    seed(openDatabase(dbPath));
    const clock = new ManualClock(T0);
    let taken = 0;
    const stop = scheduleBackups({ dbPath, dir: join(dir, "b"), keep: 2, clock, intervalMs: 5, onBackup: () => {
      taken++;
      clock.advance(1000);
    } });
    while (taken < 4) await Bun.sleep(5);
    stop();
    expect(listBackups(join(dir, "b"))).toHaveLength(2);
  });

  test("a corrupt backup is refused before anything is replaced", () => {
    const dir = tempDir("backup");
    const dbPath = join(dir, "s.db");
    seed(openDatabase(dbPath)).insertAlert({ at: T0, rule: "r", severity: "info", message: "keep me" });
    const bad = join(dir, "sniper-20260101-000000.db");
    writeFileSync(bad, "SQLite format 3\0 this is not a database".padEnd(8192, "x"));
    expect(() => restoreBackup({ file: bad, dbPath })).toThrow();
    expect(() => restoreBackup({ file: join(dir, "nope.db"), dbPath })).toThrow(/backup not found/);
    const db = new Database(dbPath, { readonly: true });
    expect(db.query("SELECT message FROM alerts").all()).toEqual([{ message: "keep me" }]);
    db.close();
  });

  test("the backup command: on demand with retention, list, restore when the bot is stopped", () => {
    const dir = tempDir("backup");
    const dbPath = join(dir, "s.db");
    const db = openDatabase(dbPath);
    seed(db);
    const io = () => {
      const out: string[] = [];
      return { out, io: { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t) } };
    };
    const made = io();
    expect(runBackup(["--db", dbPath, "--dir", join(dir, "b"), "--keep", "2"], made.io)).toBe(0);
    const file = /^backup (\S+) /.exec(made.out.join(""))?.[1] as string;
    expect(existsSync(file)).toBe(true);
    const listed = io();
    expect(runBackup(["--list", "--dir", join(dir, "b"), "--db", dbPath], listed.io)).toBe(0);
    expect(listed.out.join("")).toBe(`${file}\n`);

    db.run("DELETE FROM fills");
    db.close();
    writeFileSync(lockPath(dbPath), "999999999\n"); // stale lock of a dead bot: not an obstacle
    const restored = io();
    expect(runBackup(["--restore", file, "--db", dbPath], restored.io)).toBe(0);
    expect(restored.out.join("")).toMatch(/^restored /);
    const after = new Database(dbPath, { readonly: true });
    expect(after.query("SELECT count(*) AS n FROM fills").get()).toEqual({ n: 5 });
    after.close();
    expect(runBackup(["--keep", "0", "--db", dbPath], io().io)).toBe(2);
  });

  test("a file that is not a database of this bot is refused, by the command too, and nothing changes", () => {
    const dir = tempDir("backup");
    const dbPath = join(dir, "s.db");
    seed(openDatabase(dbPath)).insertAlert({ at: T0, rule: "r", severity: "info", message: "keep me" });
    const before = readFileSync(dbPath);
    const sqlite = (name: string, sql: string) => {
      const path = join(dir, name);
      const db = new Database(path, { create: true });
      db.run(sql);
      db.close();
      return path;
    };
    const newer = join(dir, "newer.db");
    const db = openDatabase(newer);
    db.run(`PRAGMA user_version = ${migrations.length + 1}`);
    db.close();
    const cases: Array<[string, RegExp]> = [
      [join(dir, "empty.db"), /is empty \(0 bytes\), not a database of this bot/],
      [sqlite("other.db", "CREATE TABLE notes (body TEXT)"), /has no schema of this bot \(PRAGMA user_version is 0\)/],
      [sqlite("versioned.db", "CREATE TABLE notes (body TEXT); PRAGMA user_version = 2"), /lacks tables actor_restarts, alerts, .* of schema v2/],
      [newer, new RegExp(`has schema v${migrations.length + 1}, newer than this build \\(v${migrations.length}\\)`)],
    ];
    writeFileSync(cases[0]?.[0] as string, "");
    for (const [file, message] of cases) {
      expect(() => restoreBackup({ file, dbPath })).toThrow(message);
      const err: string[] = [];
      expect(runBackup(["--restore", file, "--db", dbPath], { out: () => {}, err: (t) => void err.push(t) })).toBe(1);
      expect(err.join("")).toMatch(message);
      expect(err.join("")).toContain("nothing was changed");
    }
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((n) => n.includes("pre-restore"))).toEqual([]);
  });

  test("a backup of an older schema is restored, and the bot migrates it when it opens it", () => {
    const dir = tempDir("backup");
    const dbPath = join(dir, "s.db");
    openDatabase(dbPath).close();
    const old = join(dir, "v1.db");
    const v1 = openDatabase(old, { migrations: migrations.slice(0, 1) });
    v1.run("INSERT INTO alerts (at, rule, severity, message) VALUES (1, 'r', 'info', 'from v1')");
    v1.close();
    expect(restoreBackup({ file: old, dbPath }).previous).not.toBeNull();
    const db = openDatabase(dbPath);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.query("SELECT message FROM alerts").all()).toEqual([{ message: "from v1" }]);
    db.close();
    expect(backupProblem({ bytes: 4096, integrity: ["ok"], version: 1, tables: [] })).toMatch(/^lacks tables /);
  });

  test("restores within the same millisecond never overwrite an earlier pre-restore copy", () => {
    expect(preRestorePath("d/s.db", Date.UTC(2026, 10, 29, 1, 2, 3, 45), () => false)).toBe("d/s.db.pre-restore-20261129-010203.045");
    const taken = new Set(["d/s.db.pre-restore-20261129-010203.045", "d/s.db.pre-restore-20261129-010203.045-1"]);
    expect(preRestorePath("d/s.db", Date.UTC(2026, 10, 29, 1, 2, 3, 45), (p) => taken.has(p))).toBe("d/s.db.pre-restore-20261129-010203.045-2");

    const dir = tempDir("backup");
    const dbPath = join(dir, "s.db");
    const original = openDatabase(dbPath);
    seed(original).insertAlert({ at: T0, rule: "r", severity: "info", message: "original" });
    original.close();
    const backup = (name: string, message: string) => {
      const path = join(dir, name);
      const db = openDatabase(path);
      db.run("INSERT INTO alerts (at, rule, severity, message) VALUES (1, 'r', 'info', ?)", [message]);
      db.close();
      return backupNow({ dbPath: path, dir: join(dir, name.replace(".db", "-b")) }).path;
    };
    const a = backup("a.db", "a");
    const b = backup("b.db", "b");
    const clock = new ManualClock(T0);
    const first = restoreBackup({ file: a, dbPath, clock }).previous as string;
    const second = restoreBackup({ file: b, dbPath, clock }).previous as string;
    expect(first).toBe(`${dbPath}.pre-restore-20260101-000000.000`);
    expect(second).toBe(`${first}-1`);
    const messages = (path: string) => {
      const db = new Database(path, { readonly: true });
      const rows = db.query<{ message: string }, []>("SELECT message FROM alerts").all().map((r) => r.message);
      db.close();
      return rows;
    };
    expect(messages(first)).toEqual(["original"]);
    expect(messages(second)).toEqual(["a"]);
    expect(messages(dbPath)).toEqual(["b"]);
  });
});
