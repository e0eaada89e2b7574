import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../src/clock.ts";
import { runBackup } from "../../src/cli/backup.ts";
import { backupFileName, backupNow, integrityCheck, listBackups, restoreBackup, scheduleBackups } from "../../src/store/backup.ts";
import { openDatabase } from "../../src/store/db.ts";
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
});
