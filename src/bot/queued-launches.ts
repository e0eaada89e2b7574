/**
 * Launch rows on their way to the history: queued behind the write-behind linger (50 ms by default) and
 * not yet committed, by mint. A buy can confirm before its launch's batch commits (the simulated cluster
 * and paper mode confirm within milliseconds), and the live trade CSV reads the fill's row, joined with
 * its launch for the name and symbol, right after the confirmation's commit: so the confirmation commits
 * the launch row with its fill (trade-recorder.ts), and the queued copy then changes nothing (a second
 * insert of a mint is ignored). The first row queued for a mint is the one kept, as in the database.
 */
import type { LaunchRow } from "../store/types.ts";
import type { HistoryWrite } from "../store/writes.ts";

/** The launch rows queued and not yet committed (see the file comment). */
export interface QueuedLaunches {
  /** Queues `row`; it is known here until its commit settles; `onError` gets a refused or failed commit. */
  enqueue(row: LaunchRow, onError: (err: unknown) => void): void;
  /** The queued, uncommitted launch row of `mint`, or undefined. */
  of(mint: string): LaunchRow | undefined;
  /** Rows queued and not yet committed. */
  readonly size: number;
}

/** Queued launches over the history writer's `enqueue`. */
export function createQueuedLaunches(enqueue: (write: HistoryWrite) => Promise<void>): QueuedLaunches {
  const rows = new Map<string, LaunchRow>();
  const forget = (row: LaunchRow): void => {
    if (rows.get(row.mint) === row) rows.delete(row.mint);
  };
  return {
    enqueue(row, onError) {
      if (!rows.has(row.mint)) rows.set(row.mint, row);
      void enqueue({ kind: "launch", row }).then(
        () => forget(row),
        (err: unknown) => {
          forget(row);
          onError(err);
        },
      );
    },
    of: (mint) => rows.get(mint),
    get size() {
      return rows.size;
    },
  };
}
