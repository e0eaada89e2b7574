/**
 * Whether a file may replace the database: SQLite's integrity_check passes, `PRAGMA user_version` is a
 * schema this build knows (1 up to its last migration; the bot migrates an older one when it opens it,
 * and refuses a newer one), and the file has every table of that version. An empty file, or a sound
 * SQLite file of some other program, is refused.
 */
import { Database } from "bun:sqlite";
import { statSync } from "node:fs";
import { SniperError } from "../errors.ts";
import { migrate } from "./db.ts";
import { migrations as allMigrations, type Migration } from "./migrations/index.ts";

/** What the check reads from a candidate file. */
export interface BackupFacts {
  bytes: number;
  /** The first lines of `PRAGMA integrity_check` ("ok" when sound). */
  integrity: string[];
  /** `PRAGMA user_version`. */
  version: number;
  tables: string[];
}

/** The tables of a database at schema `version`: the migrations up to it, replayed in memory. */
export function tablesOfVersion(version: number, list: readonly Migration[] = allMigrations): string[] {
  const db = new Database(":memory:");
  try {
    migrate(db, list.slice(0, version));
    return tableNames(db);
  } finally {
    db.close();
  }
}

/** Why `facts` are not a database of this bot (one sentence), or null when they are. */
export function backupProblem(facts: BackupFacts, list: readonly Migration[] = allMigrations): string | null {
  if (facts.bytes === 0) return "is empty (0 bytes), not a database of this bot";
  if (facts.integrity.length !== 1 || facts.integrity[0] !== "ok") return `fails integrity_check: ${facts.integrity.slice(0, 3).join("; ")}`;
  const latest = list.length;
  if (facts.version === 0) return "has no schema of this bot (PRAGMA user_version is 0): not a database of this bot";
  if (facts.version > latest) {
    return `has schema v${facts.version}, newer than this build (v${latest}): the bot could not open it; restore it with the build that wrote it`;
  }
  const have = new Set(facts.tables);
  const missing = tablesOfVersion(facts.version, list).filter((t) => !have.has(t));
  if (missing.length > 0) return `lacks table${missing.length === 1 ? "" : "s"} ${missing.join(", ")} of schema v${facts.version}: not a database of this bot`;
  return null;
}

/** Reads the facts of a database file through a read-only connection; a file SQLite cannot read throws. */
export function readBackupFacts(path: string): BackupFacts {
  const bytes = statSync(path).size;
  const db = new Database(path, { readonly: true });
  try {
    const integrity = integrityLines(db);
    const version = Number(db.query<{ user_version: number }, []>("PRAGMA user_version").get()?.user_version ?? 0);
    return { bytes, integrity, version, tables: tableNames(db) };
  } finally {
    db.close();
  }
}

/** Throws a "rejected" SniperError saying what is wrong unless `file` is a sound database of this bot. */
export function verifyBackup(file: string, list: readonly Migration[] = allMigrations): void {
  let facts: BackupFacts;
  try {
    facts = readBackupFacts(file);
  } catch (error) {
    throw new SniperError("rejected", `backup ${file} is not a readable SQLite database (${(error as Error).message}); nothing was changed`, { file }, { cause: error });
  }
  const problem = backupProblem(facts, list);
  if (problem !== null) throw new SniperError("rejected", `backup ${file} ${problem}; nothing was changed`, { file, version: facts.version });
}

/** The first lines of `PRAGMA integrity_check` on an open database ("ok" when sound). */
export function integrityLines(db: Database): string[] {
  return db
    .query<Record<string, unknown>, []>("PRAGMA integrity_check")
    .all()
    .map((r) => String(Object.values(r)[0]));
}

function tableNames(db: Database): string[] {
  return db
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);
}
