/**
 * The `store` sink of `bun run alert:test`: the history database, written through the bot's own writer
 * (HistoryWriter, `alert` rows) under the database's lock, and only when no bot owns it. A running bot
 * is the only writer of its database: a second process's commit would make the bot's synchronous commits
 * wait on SQLite's lock on its event loop. The command neither creates nor migrates the database.
 */
import { existsSync } from "node:fs";
import type { AlertStore } from "../alerts/sinks/types.ts";
import { alertRow } from "../store/alert-row.ts";
import { openDatabase, openReadOnly, schemaVersion } from "../store/db.ts";
import { HistoryWriter } from "../store/history-writer.ts";
import { acquireLock, lockHolder } from "../store/lock.ts";
import { migrations } from "../store/migrations/index.ts";

/** The store sink cannot be tested: why, and whether that is a failure (the bot could not use it either). */
export interface StoreUnavailable {
  reason: string;
  failed: boolean;
}

/** The database opened for the test alert; `close` commits, checkpoints, closes and releases the lock. */
export interface AlertTestStore {
  store: AlertStore;
  close(): void;
}

/** Opens `dbPath` for the test alert, or says why the store sink is skipped (or broken). */
export function openAlertTestStore(dbPath: string): AlertTestStore | StoreUnavailable {
  if (!existsSync(dbPath)) return { reason: `no database at ${dbPath} yet (the bot creates it on its first start)`, failed: false };
  const holder = lockHolder(dbPath);
  if (holder !== null) {
    return { reason: `the bot is running (pid ${holder}) and is the only writer of ${dbPath}; stop it to test this sink`, failed: false };
  }
  let release: () => void;
  try {
    release = acquireLock(dbPath);
  } catch (error) {
    return { reason: `${(error as Error).message}; stop that process to test this sink`, failed: false };
  }
  try {
    const version = versionOf(dbPath);
    if (version < migrations.length) {
      release();
      return { reason: `${dbPath} has schema v${version}, older than this build's v${migrations.length}; the bot migrates it on its next start, test this sink after that`, failed: false };
    }
    const writer = new HistoryWriter({ db: openDatabase(dbPath) });
    return { store: storeOf(writer), close: () => closeAll(writer, release) };
  } catch (error) {
    release();
    return { reason: (error as Error).message, failed: true };
  }
}

function versionOf(dbPath: string): number {
  const db = openReadOnly(dbPath);
  try {
    return schemaVersion(db);
  } finally {
    db.close();
  }
}

// Each alert is queued once: a retry after a failed commit commits the same queued row, never a second one.
function storeOf(writer: HistoryWriter): AlertStore {
  const queued = new Map<string, Promise<void>>();
  return {
    saveAlert: (alert) => {
      let done = queued.get(alert.id);
      if (done === undefined) {
        done = writer.enqueue({ kind: "alert", row: alertRow(alert) });
        queued.set(alert.id, done);
      }
      writer.commitBatch();
      return done;
    },
  };
}

function closeAll(writer: HistoryWriter, release: () => void): void {
  try {
    writer.close();
  } finally {
    release();
  }
}
