/**
 * Online backups with `VACUUM INTO` (a consistent snapshot taken inside one read transaction, so the bot
 * keeps writing meanwhile), a schedule with retention, and a verified restore that refuses while the
 * database is in use.
 */
import { Database } from "bun:sqlite";
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { systemClock, type Clock } from "../clock.ts";
import { SniperError } from "../errors.ts";
import { integrityLines, verifyBackup } from "./backup-check.ts";
import { acquireLock, lockHolder } from "./lock.ts";

const NAME = /^sniper-(\d{8})-(\d{6})(?:-(\d+))?\.db$/;

/** `sniper-YYYYMMDD-HHMMSS.db` for a wall-clock time (UTC). */
export function backupFileName(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `sniper-${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}.db`;
}

/** Backup files of a directory, newest first. */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir).filter((n) => NAME.test(n));
  const key = (n: string): string => {
    const m = NAME.exec(n);
    return m ? `${m[1]}${m[2]}${(m[3] ?? "0").padStart(6, "0")}` : n;
  };
  return names.sort((a, b) => (key(a) < key(b) ? 1 : -1)).map((n) => join(dir, n));
}

/** Options of `backupNow`. */
export interface BackupOptions {
  /** The live database file. */
  dbPath: string;
  /** Directory of the backups (default `data/backups`). */
  dir: string;
  /** Keep the newest `keep` backups, delete older ones (default: keep all). */
  keep?: number;
  clock?: Clock;
}

/** Takes one backup now through its own read-only connection; returns its path and size. */
export function backupNow(options: BackupOptions): { path: string; bytes: number; removed: string[] } {
  if (!existsSync(options.dbPath)) throw new SniperError("config", `database not found: ${options.dbPath}`, { path: options.dbPath });
  mkdirSync(options.dir, { recursive: true });
  const base = backupFileName((options.clock ?? systemClock).now());
  let path = join(options.dir, base);
  for (let i = 1; existsSync(path); i++) path = join(options.dir, base.replace(/\.db$/, `-${i}.db`));
  const tmp = `${path}.partial`;
  const db = new Database(options.dbPath, { readonly: true });
  try {
    db.run("PRAGMA busy_timeout = 5000");
    db.query("VACUUM INTO $path").run({ $path: tmp });
  } finally {
    db.close();
  }
  syncFile(tmp);
  renameSync(tmp, path);
  const removed = options.keep === undefined ? [] : pruneBackups(options.dir, options.keep);
  return { path, bytes: statSync(path).size, removed };
}

/** Deletes all but the newest `keep` backups; returns the deleted paths. */
export function pruneBackups(dir: string, keep: number): string[] {
  const old = listBackups(dir).slice(Math.max(0, Math.floor(keep)));
  for (const path of old) rmSync(path, { force: true });
  return old;
}

/** Options of `scheduleBackups`. */
export interface BackupSchedule extends BackupOptions {
  intervalMs: number;
  onBackup?: (result: { path: string; bytes: number; removed: string[] }) => void;
  /** A failed backup is reported here and retried at the next tick (default: ignored). */
  onError?: (error: unknown) => void;
}

/** Takes a backup every `intervalMs` (the timer does not keep the process alive); returns stop. */
export function scheduleBackups(options: BackupSchedule): () => void {
  const timer = setInterval(() => {
    try {
      options.onBackup?.(backupNow(options));
    } catch (error) {
      options.onError?.(error);
    }
  }, options.intervalMs);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}

/** The first lines of `PRAGMA integrity_check` of a database file ("ok" when sound). */
export function integrityCheck(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return integrityLines(db);
  } finally {
    db.close();
  }
}

/**
 * Where a restore keeps the database it replaces: `<db>.pre-restore-YYYYMMDD-HHMMSS.mmm` (UTC), with
 * `-1`, `-2` ... appended while that name `exists`, so an earlier copy is never overwritten.
 */
export function preRestorePath(dbPath: string, ms: number, exists: (path: string) => boolean): string {
  const base = `${dbPath}.pre-restore-${backupFileName(ms).slice(7, -3)}.${new Date(ms).toISOString().slice(20, 23)}`;
  let path = base;
  for (let i = 1; exists(path); i++) path = `${base}-${i}`;
  return path;
}

/**
 * Replaces the database at `dbPath` with the backup `file`: refuses while a process holds the database
 * (lock file or an open writer), refuses a file that is not a sound database of this bot (verifyBackup:
 * integrity_check, schema version, tables), keeps the replaced database as `preRestorePath`, and swaps
 * the files by rename.
 */
export function restoreBackup(options: { file: string; dbPath: string; clock?: Clock }): { previous: string | null } {
  const { file, dbPath } = options;
  if (!existsSync(file)) throw new SniperError("config", `backup not found: ${file}`, { file });
  const holder = lockHolder(dbPath);
  if (holder !== null) throw new SniperError("config", `the bot is running (pid ${holder}): stop it before restoring`, { pid: holder });
  verifyBackup(file);
  const release = acquireLock(dbPath);
  try {
    let previous: string | null = null;
    if (existsSync(dbPath)) {
      // An exclusive write lock proves no other connection is writing; the checkpoint folds the WAL in.
      const old = new Database(dbPath);
      try {
        old.run("PRAGMA busy_timeout = 0");
        old.run("BEGIN EXCLUSIVE");
        old.run("COMMIT");
        old.run("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch (error) {
        throw new SniperError("config", `database ${dbPath} is in use: stop the bot before restoring`, {}, { cause: error });
      } finally {
        old.close();
      }
      previous = preRestorePath(dbPath, (options.clock ?? systemClock).now(), existsSync);
      renameSync(dbPath, previous);
    }
    for (const suffix of ["-wal", "-shm"]) rmSync(`${dbPath}${suffix}`, { force: true });
    const tmp = `${dbPath}.restore-tmp`;
    copyFileSync(file, tmp);
    syncFile(tmp);
    renameSync(tmp, dbPath);
    return { previous };
  } finally {
    release();
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
