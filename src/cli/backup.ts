/**
 * `bun run backup [-- --db PATH --dir DIR --keep N]`: takes an online backup now (safe while the bot runs).
 * `bun run backup -- --restore FILE [--db PATH]`: replaces the database with a verified backup; refuses
 * while the bot runs. `bun run backup -- --list [--dir DIR]`: lists backups, newest first.
 */
import { backupNow, listBackups, restoreBackup } from "../store/backup.ts";
import { resolveDbPath } from "../store/db-path.ts";

/** Where the command writes (tests pass buffers). */
export interface BackupIo {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = "usage: bun run backup -- [--db PATH] [--dir DIR] [--keep N] | --restore FILE | --list\n";

function take(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
  args.splice(i, 2);
  return value;
}

/** Runs the command; returns the exit code. */
export function runBackup(argv: readonly string[], io: BackupIo): number {
  const args = [...argv];
  let dbPath: string;
  let dir: string;
  let keep: number | undefined;
  let restore: string | undefined;
  let list = false;
  try {
    dbPath = resolveDbPath(args);
    dir = take(args, "--dir") ?? "data/backups";
    const k = take(args, "--keep");
    if (k !== undefined) {
      keep = Number(k);
      if (!(Number.isInteger(keep) && keep >= 1)) throw new Error("--keep needs an integer >= 1");
    }
    restore = take(args, "--restore");
    list = args.includes("--list");
    const unknown = args.filter((a) => a !== "--list");
    if (unknown.length > 0) throw new Error(`unknown argument ${unknown[0]}`);
  } catch (error) {
    io.err(`error: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    if (list) {
      for (const path of listBackups(dir)) io.out(`${path}\n`);
      return 0;
    }
    if (restore !== undefined) {
      const { previous } = restoreBackup({ file: restore, dbPath });
      io.out(`restored ${restore} -> ${dbPath}${previous ? ` (previous database kept as ${previous})` : ""}\n`);
      return 0;
    }
    const result = backupNow({ dbPath, dir, ...(keep !== undefined ? { keep } : {}) });
    io.out(`backup ${result.path} (${result.bytes} bytes)${result.removed.length ? `, removed ${result.removed.length} old` : ""}\n`);
    return 0;
  } catch (error) {
    io.err(`error: ${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.main) {
  process.exitCode = runBackup(process.argv.slice(2), {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
  });
}
