/**
 * `<db>.lock`: the pid of the process that owns the database for writing. The bot takes it when it opens
 * the history; a restore refuses while a live process holds it. A lock left by a killed process (its pid
 * is gone) is stale and taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { SniperError } from "../errors.ts";

/** Path of the lock file of a database. */
export function lockPath(dbPath: string): string {
  return `${dbPath}.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

/** The pid of the live process holding the lock, or null (no lock, or a stale one). */
export function lockHolder(dbPath: string): number | null {
  let text: string;
  try {
    text = readFileSync(lockPath(dbPath), "utf8");
  } catch {
    return null;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
}

/** Takes the lock (replacing a stale one); throws a config error when a live process holds it. Returns release. */
export function acquireLock(dbPath: string, pid = process.pid): () => void {
  const path = lockPath(dbPath);
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, "utf8").trim() === String(pid)) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
      const holder = lockHolder(dbPath);
      if (holder !== null && holder !== pid) {
        throw new SniperError("config", `database ${dbPath} is in use by process ${holder} (${path})`, { pid: holder, path });
      }
      try {
        unlinkSync(path);
      } catch {
        // someone else removed it: try again
      }
    }
  }
  throw new SniperError("transient", `could not take the lock ${path}`, { path });
}
