/**
 * The write-behind queue of the history: rows wait in a bounded FIFO and are committed in batches (one
 * IMMEDIATE transaction each). A row's promise resolves only after its batch COMMITs, so an acknowledged
 * row survives kill -9. Policy when full: `enqueue` waits for room (backpressure), `offer` answers "full";
 * nothing is ever dropped. A batch that fails to commit (disk full, I/O) stays queued and the error is
 * thrown to the caller of `commitBatch` (the history actor, which crashes and is restarted by its
 * supervisor); a row that violates a constraint is rejected alone (its promise rejects) and the rest commit.
 */
import type { Database } from "bun:sqlite";
import { SniperError } from "../errors.ts";
import { checkpoint } from "./db.ts";
import { createRepositories, type Repositories } from "./repos/index.ts";
import type { IntentRow, IntentUpdate } from "./types.ts";
import { applyWrite, type HistoryWrite } from "./writes.ts";
import { AheadLog } from "./ahead-log.ts";

// Past this many bytes of lines the write-ahead file is zeroed after a commit that left nothing of it pending.
const AHEAD_FILE_BOUND = 256 * 1024;

/** What the writer tells its driver: rows are waiting ("pending") or a full batch is ready ("batch"). */
export type WorkSignal = "pending" | "batch";

/** Options of a HistoryWriter. */
export interface HistoryWriterOptions {
  db: Database;
  /** Rows per transaction (default 1000). */
  batchSize?: number;
  /** Rows queued at most (default 10 000); beyond it `enqueue` waits and `offer` returns "full". */
  queueBound?: number;
  /** Called with the signature of every newly committed fill (the daily CSV appends it). */
  onFill?: (signature: string) => void;
  /**
   * The write-ahead file of `writeAhead` (see ahead-log.ts); lines left in it by a crash are replayed
   * into the database here. Default none: `writeAhead` then commits at once.
   */
  aheadPath?: string;
  /** Size of the write-ahead file (default AHEAD_FILE_BYTES, 1 MiB). */
  aheadFileBytes?: number;
  /** A commit of ahead-written rows failed (they stay in the file and are retried; see writeAhead). */
  onAheadError?: (error: unknown) => void;
}

/** What opening the writer replayed from the write-ahead file. */
export interface AheadReplay {
  lines: number;
  rows: number;
  /** Rows already in the database (committed before the crash, the file not yet emptied). */
  alreadyStored: number;
  malformed: number;
}

interface Entry {
  write: HistoryWrite;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Bounded write-behind queue over the history database. */
export class HistoryWriter {
  readonly db: Database;
  readonly repos: Repositories;
  readonly batchSize: number;
  readonly queueBound: number;
  private queue: Entry[] = [];
  private head = 0;
  private roomWaiters: Array<() => void> = [];
  private listener: ((signal: WorkSignal) => void) | null = null;
  private readonly onFill: (signature: string) => void;
  private closed = false;
  /** Rows committed so far. */
  committed = 0;
  /** Rows rejected by a constraint. */
  rejected = 0;
  /** What opening replayed from the write-ahead file (zeros without one). */
  readonly aheadReplay: AheadReplay = { lines: 0, rows: 0, alreadyStored: 0, malformed: 0 };
  private readonly ahead: AheadLog | null;
  /** The write-ahead file's path (options.aheadPath); undefined without one. */
  readonly aheadPath: string | undefined;
  private aheadPending: HistoryWrite[][] = [];
  private aheadScheduled = false;
  private readonly onAheadError: (error: unknown) => void;
  private readonly applyAheadTask = (): void => {
    this.aheadScheduled = false;
    try {
      this.applyAhead();
    } catch (error) {
      this.onAheadError(error);
    }
  };

  constructor(options: HistoryWriterOptions) {
    this.db = options.db;
    this.repos = createRepositories(options.db);
    this.batchSize = Math.max(1, options.batchSize ?? 1000);
    this.queueBound = Math.max(this.batchSize, options.queueBound ?? 10_000);
    this.onFill = options.onFill ?? (() => {});
    this.onAheadError = options.onAheadError ?? (() => {});
    this.aheadPath = options.aheadPath;
    this.ahead = options.aheadPath === undefined ? null : new AheadLog(options.aheadPath, options.aheadFileBytes);
    if (this.ahead) this.replayAhead(this.ahead);
  }

  /** Rows waiting to be committed. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /** The driver (history actor) listens here; returns an unsubscribe function. */
  onWork(listener: (signal: WorkSignal) => void): () => void {
    this.listener = listener;
    if (this.pending > 0) listener(this.pending >= this.batchSize ? "batch" : "pending");
    return () => {
      if (this.listener === listener) this.listener = null;
    };
  }

  /** Queues a row; resolves once it is committed. When the queue is full it first waits for room. */
  async enqueue(write: HistoryWrite): Promise<void> {
    while (this.pending >= this.queueBound) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    return this.push(write);
  }

  /** Queues a row if there is room (the promise resolves on commit), or answers "full" without queueing. */
  offer(write: HistoryWrite): Promise<void> | "full" {
    return this.pending >= this.queueBound ? "full" : this.push(write);
  }

  /**
   * Writes an order intent synchronously in its own transaction (durable against kill -9 when this
   * returns): call it before sending. Throws a "rejected" SniperError if the id exists (double send).
   */
  recordIntentNow(row: IntentRow): void {
    this.now(() => this.repos.insertIntent(row));
  }

  /** `recordIntentNow` as a promise (same cost: the commit is synchronous). */
  recordIntent(row: IntentRow): Promise<void> {
    try {
      this.recordIntentNow(row);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Makes `writes` durable at once by one append to the write-ahead file (microseconds, no SQLite
   * commit), and commits them to the database in one transaction right after the current synchronous
   * turn (a microtask: after the send that needed them durable). Every synchronous write and read of
   * this writer applies them first, so nothing can overtake them. A failed commit leaves them in the
   * file and in memory: retried by the next write, the shutdown flush, or the replay at the next start.
   */
  writeAhead(writes: HistoryWrite[]): void {
    if (this.closed) throw new SniperError("invariant", "history is closed", { kind: writes[0]?.kind });
    if (this.ahead === null) return this.writeNow(writes);
    if (!this.ahead.append(writes)) {
      // No room left: commit what the file holds, empty it, then the line fits (a line is far smaller than the file).
      this.applyAhead();
      this.ahead.clear();
      if (!this.ahead.append(writes)) throw new SniperError("invariant", "row too large for the write-ahead file", { kind: writes[0]?.kind });
    }
    this.aheadPending.push(writes);
    if (!this.aheadScheduled) {
      this.aheadScheduled = true;
      queueMicrotask(this.applyAheadTask);
    }
  }

  /**
   * Encodes `writes` as `writeAhead` would (see AheadLog.rehearse), writing nothing anywhere: the
   * warm-up's rehearsal. Returns the bytes encoded; 0 without a write-ahead file (nothing to rehearse).
   */
  rehearseAhead(writes: readonly HistoryWrite[]): number {
    return this.ahead === null ? 0 : this.ahead.rehearse(writes);
  }

  /** Commits the rows written ahead and not yet in the database (synchronously); empties the file when it may. */
  applyAhead(): void {
    if (this.aheadPending.length === 0) return;
    const lines = this.aheadPending;
    this.aheadPending = [];
    try {
      this.commitLines(lines, false);
    } catch (error) {
      this.aheadPending = lines.concat(this.aheadPending);
      throw error;
    }
    // Bound the file: once everything in it is committed, it can go (cheap; not on every commit).
    if (this.ahead !== null && this.ahead.bytes > AHEAD_FILE_BOUND) this.ahead.clear();
  }

  /** Updates an intent synchronously and durably (e.g. "sent" with its signature, before confirming). */
  updateIntentNow(update: IntentUpdate): void {
    this.now(() => this.repos.updateIntent(update));
  }

  /**
   * Applies `writes` synchronously in ONE transaction (durable against kill -9 when this returns, all or
   * nothing): e.g. an intent's confirmation together with the position and fill rows it implies, so a
   * crash can never leave a confirmed intent without its fill. Rows queued earlier are not reordered
   * behind it: the queue only ever holds rows that do not depend on these.
   */
  writeNow(writes: readonly HistoryWrite[]): void {
    const fills: string[] = [];
    this.now(() =>
      this.db
        .transaction(() => {
          for (const w of writes) {
            const fill = applyWrite(this.repos, w);
            if (fill !== null) fills.push(fill);
          }
        })
        .immediate(),
    );
    for (const signature of fills) this.onFill(signature);
  }

  /**
   * Commits up to one batch in one transaction, then acknowledges it. Returns the number of rows taken.
   * Throws (leaving the rows queued) when the transaction cannot commit.
   */
  commitBatch(): number {
    this.applyAhead();
    const n = Math.min(this.batchSize, this.pending);
    if (n === 0) return 0;
    const batch = this.queue.slice(this.head, this.head + n);
    const failures = new Map<Entry, Error>();
    const fills: string[] = [];
    this.db
      .transaction(() => {
        for (const entry of batch) {
          try {
            const fill = applyWrite(this.repos, entry.write);
            if (fill !== null) fills.push(fill);
          } catch (error) {
            if (!isConstraint(error)) throw error;
            // The failed statement was rolled back by SQLite; the transaction goes on without this row.
            failures.set(entry, new SniperError("rejected", `history row refused: ${(error as Error).message}`, { kind: entry.write.kind }, { cause: error }));
          }
        }
      })
      .immediate();
    // Committed: from here on, acknowledge.
    this.head += n;
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.committed += n - failures.size;
    this.rejected += failures.size;
    for (const entry of batch) {
      const failure = failures.get(entry);
      if (failure) entry.reject(failure);
      else entry.resolve();
    }
    for (const signature of fills) this.onFill(signature);
    this.wakeWaiters();
    return n;
  }

  /** Commits everything queued, batch after batch (synchronously). */
  drain(): number {
    let total = 0;
    for (let n = this.commitBatch(); n > 0; n = this.commitBatch()) total += n;
    return total;
  }

  /** Shutdown flush: commits everything queued, then checkpoints the WAL into the database file. */
  async flush(signal?: AbortSignal): Promise<void> {
    if (this.closed) return;
    this.applyAhead();
    while (this.pending > 0) {
      if (signal?.aborted) throw new SniperError("transient", "history flush aborted", { pending: this.pending });
      this.commitBatch();
    }
    this.ahead?.clear();
    checkpoint(this.db);
  }

  /** Flushes and closes the database; later writes reject. */
  close(): void {
    if (this.closed) return;
    this.applyAhead();
    this.drain();
    this.ahead?.clear();
    this.ahead?.close();
    checkpoint(this.db);
    this.closed = true;
    this.db.close();
  }

  private push(write: HistoryWrite): Promise<void> {
    if (this.closed) return Promise.reject(new SniperError("invariant", "history is closed", { kind: write.kind }));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      const pending = this.pending;
      if (pending === 1) this.listener?.("pending");
      else if (pending === this.batchSize) this.listener?.("batch");
    });
  }

  private now(fn: () => void): void {
    try {
      this.applyAhead();
      fn();
    } catch (error) {
      if (isConstraint(error)) throw new SniperError("rejected", `history row refused: ${(error as Error).message}`, {}, { cause: error });
      throw error;
    }
  }

  /**
   * Applies `lines` in one transaction. A row refused by a constraint is skipped alone (the rest
   * commit): on replay it is a row already stored before the crash; live it is reported (never retried,
   * it could never commit).
   */
  private commitLines(lines: readonly HistoryWrite[][], replay: boolean): void {
    const fills: string[] = [];
    const refused: unknown[] = [];
    this.db
      .transaction(() => {
        for (const line of lines) {
          for (const w of line) {
            try {
              const fill = applyWrite(this.repos, w);
              if (fill !== null) fills.push(fill);
            } catch (error) {
              if (!isConstraint(error)) throw error;
              if (replay) this.aheadReplay.alreadyStored++;
              else refused.push(new SniperError("rejected", `history row refused: ${(error as Error).message}`, { kind: w.kind }, { cause: error }));
            }
          }
        }
      })
      .immediate();
    this.rejected += refused.length;
    for (const signature of fills) this.onFill(signature);
    for (const error of refused) this.onAheadError(error);
  }

  private replayAhead(ahead: AheadLog): void {
    const { lines, malformed } = ahead.read();
    this.aheadReplay.lines = lines.length;
    this.aheadReplay.malformed = malformed;
    this.aheadReplay.rows = lines.reduce((n, l) => n + l.length, 0);
    if (lines.length > 0) this.commitLines(lines, true);
    ahead.clear();
  }

  private wakeWaiters(): void {
    let room = this.queueBound - this.pending;
    while (room-- > 0 && this.roomWaiters.length > 0) this.roomWaiters.shift()?.();
  }
}

function isConstraint(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT");
}
