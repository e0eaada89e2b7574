/** Opening the history database: WAL, the chosen durability, bigint integers, and the numbered migrations. */
import { Database } from "bun:sqlite";
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { SniperError } from "../errors.ts";
import { migrations as allMigrations, type Migration } from "./migrations/index.ts";

/** NORMAL survives a process crash (kill -9) in WAL; FULL also survives power loss, ~10x slower per commit. */
export type Synchronous = "normal" | "full";

/** Options of `openDatabase`. */
export interface OpenOptions {
  /** Default "normal" (see README: durability). */
  synchronous?: Synchronous;
  /** Milliseconds a connection waits on a lock held by another one (default 5000). */
  busyTimeoutMs?: number;
  /** False turns SQLite's inline auto-checkpoint off (the history checkpoints from a worker instead). */
  autoCheckpoint?: boolean;
  /** Migrations to apply (tests pass their own lists); default: all of them. */
  migrations?: readonly Migration[];
}

/** Opens (creating it and its directory) the read-write database, applies pending migrations. */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { create: true, safeIntegers: true, strict: true });
  try {
    db.run("PRAGMA journal_mode = WAL");
    db.run(`PRAGMA synchronous = ${options.synchronous === "full" ? "FULL" : "NORMAL"}`);
    db.run(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.run("PRAGMA foreign_keys = OFF");
    if (options.autoCheckpoint === false) db.run("PRAGMA wal_autocheckpoint = 0");
    migrate(db, options.migrations ?? allMigrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Opens an existing database read-only, enforced by SQLite itself (readonly handle + query_only). */
export function openReadOnly(path: string): Database {
  if (!existsSync(path)) throw new SniperError("config", `database not found: ${path}`, { path });
  const db = new Database(path, { readonly: true, safeIntegers: true, strict: true });
  db.run("PRAGMA query_only = ON");
  db.run("PRAGMA busy_timeout = 5000");
  return db;
}

/** The schema version of a database (`PRAGMA user_version`). */
export function schemaVersion(db: Database): number {
  const row = db.query<{ user_version: bigint | number }, []>("PRAGMA user_version").get();
  return Number(row?.user_version ?? 0);
}

/**
 * Applies every migration newer than `user_version`, each in its own IMMEDIATE transaction together with
 * the version bump, so a crash leaves the database at a whole version. Returns the versions applied.
 */
export function migrate(db: Database, list: readonly Migration[] = allMigrations): number[] {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new SniperError("invariant", `migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const current = schemaVersion(db);
  if (current > list.length) {
    throw new SniperError("config", `database schema v${current} is newer than this build (v${list.length})`, { current });
  }
  const applied: number[] = [];
  for (const m of list.slice(current)) {
    db.transaction(() => {
      db.run(m.sql);
      db.run(`PRAGMA user_version = ${m.version}`);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}

/** Moves the whole WAL into the database file and truncates it (the last step of a clean shutdown). */
export function checkpoint(db: Database): void {
  db.run("PRAGMA wal_checkpoint(TRUNCATE)");
}
