/**
 * The history: the SQLite store, its write-behind writer, the daily CSV files, and the actor that
 * schedules the batches. The writer and database belong to the History object (created once by the
 * composition root), so a restarted actor resumes with every queued row; the actor only decides when
 * to commit.
 */
import { fromCallback, fromPromise, type EventObject } from "xstate";
import { systemClock, type Clock } from "../clock.ts";
import { historyMachine } from "../machines/history.machine.ts";
import type { ChildSpec } from "../machines/supervisor.types.ts";
import type { Flusher } from "../runtime/flushers.ts";
import { openDatabase, type Synchronous } from "../store/db.ts";
import { HistoryWriter } from "../store/history-writer.ts";
import { startCheckpointer, type Checkpointer } from "../store/checkpointer.ts";
import { acquireLock } from "../store/lock.ts";
import { TradeCsv } from "../store/trade-csv.ts";

/** Defaults: 1000 rows or 50 ms per batch, 10 000 rows queued at most, WAL synchronous=NORMAL. */
export const historyDefaults = {
  batchSize: 1000,
  lingerMs: 50,
  queueBound: 10_000,
  synchronous: "normal" as Synchronous,
  csvDir: "logs/trades",
  checkpointIntervalMs: 1000,
};

/** Options of createHistory (the config's `data.dbPath` and `history.*` keys). */
export interface HistoryOptions {
  dbPath: string;
  /** Directory of the daily trade CSV files; null disables them. */
  csvDir?: string | null;
  clock?: Clock;
  batchSize?: number;
  lingerMs?: number;
  queueBound?: number;
  synchronous?: Synchronous;
  /** Checkpoint PASSIVE from a worker thread this often (default 1000); 0 keeps SQLite's inline auto-checkpoint. */
  checkpointIntervalMs?: number;
  /** Take `<db>.lock` (default true): a restore refuses while it is held; a second bot cannot open the db. */
  lock?: boolean;
  /** A commit of rows written ahead (intents before their send) failed; they stay in `<db>.ahead`. */
  onAheadError?: (error: unknown) => void;
}

/** The history of one process. */
export interface History {
  readonly writer: HistoryWriter;
  readonly csv: TradeCsv | null;
  /** Flushers to register with the lifecycle, in order: rows first ("history"), then the CSV ("trades-csv"). */
  readonly flushers: readonly Flusher[];
  /** The supervised child (restart permanent) that schedules the batches. */
  childSpec(id?: string): ChildSpec;
  /** Start-up work: rebuilds today's CSV if it is missing or short. Call once before trading. */
  recover(): Promise<void>;
  /** After the actors stopped: commits what is left, checkpoints, closes the files and the database. */
  close(): Promise<void>;
}

/** The actor logic that drives `writer`: commit a batch of `writer` after `lingerMs` or when a batch is full. */
export function historyActorLogic(writer: HistoryWriter) {
  return historyMachine.provide({
    actors: {
      watch: fromCallback<EventObject, void>(({ sendBack }) =>
        writer.onWork((signal) => sendBack({ type: signal === "batch" ? "history.batch" : "history.pending" })),
      ),
      commitBatch: fromPromise<number, void>(async () => writer.commitBatch()),
    },
    guards: {
      hasPending: () => writer.pending > 0,
      batchReady: () => writer.pending >= writer.batchSize,
    },
  });
}

/** Opens the database (migrating it) and builds the writer, the CSV files and the actor logic. */
export function createHistory(options: HistoryOptions): History {
  const clock = options.clock ?? systemClock;
  const release = options.lock === false || options.dbPath === ":memory:" ? () => {} : acquireLock(options.dbPath);
  const checkpointIntervalMs = options.dbPath === ":memory:" ? 0 : (options.checkpointIntervalMs ?? historyDefaults.checkpointIntervalMs);
  let db;
  try {
    db = openDatabase(options.dbPath, {
      synchronous: options.synchronous ?? historyDefaults.synchronous,
      autoCheckpoint: checkpointIntervalMs <= 0,
    });
  } catch (error) {
    release();
    throw error;
  }
  const checkpointer: Checkpointer | null =
    checkpointIntervalMs > 0 ? startCheckpointer({ path: options.dbPath, intervalMs: checkpointIntervalMs }) : null;
  const csvDir = options.csvDir === undefined ? historyDefaults.csvDir : options.csvDir;
  const csv = csvDir === null ? null : new TradeCsv({ dir: csvDir, db, clock });
  const writer = new HistoryWriter({
    db,
    batchSize: options.batchSize ?? historyDefaults.batchSize,
    queueBound: options.queueBound ?? historyDefaults.queueBound,
    onFill: (signature) => csv?.appendFill(signature),
    ...(options.dbPath === ":memory:" ? {} : { aheadPath: `${options.dbPath}.ahead` }),
    ...(options.onAheadError ? { onAheadError: options.onAheadError } : {}),
  });
  const lingerMs = options.lingerMs ?? historyDefaults.lingerMs;
  const logic = historyActorLogic(writer);
  const flushers: Flusher[] = [{ name: "history", flush: (signal) => writer.flush(signal) }];
  if (csv) flushers.push(csv.flusher);
  return {
    writer,
    csv,
    flushers,
    childSpec: (id = "history") => ({ id, logic, restart: "permanent", input: { lingerMs } }),
    recover: async () => {
      await csv?.recover();
    },
    close: async () => {
      await checkpointer?.stop();
      try {
        writer.close();
      } finally {
        release();
      }
      await csv?.close();
    },
  };
}
