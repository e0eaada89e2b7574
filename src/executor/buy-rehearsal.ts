/**
 * The warm-up's rehearsed buy. Every pass of the warm-up (hot-path-warmer.ts) rehearses a launch's
 * decode, decision, signature and intent encoding, but the executor's own `buy` / `submit`, the journal's
 * bookkeeping and the write ahead's commit ran only at real launches: their code reached the optimising
 * compilers after tens to hundreds of launches, and a bot that buys now and then ran them nearly cold at
 * every buy. Every BUY_EVERY_PASSES passes the warm-up runs a whole buy through a second Executor (the
 * same class, so the same compiled code) over scratch state that cannot reach anything real:
 * - a throwaway key, never the wallet's;
 * - a journal of the real journal's class over scratch storage (`ScratchJournals`; the bot's is an
 *   in-memory database with a write-ahead file of its own, store/scratch-journal.ts);
 * - the send rehearsal's sender, whose only address is its sink inside the bot (send-rehearsal.ts);
 * - an RPC client that refuses every call, and a made-up blockhash.
 * Each rehearsed order is abandoned (failed in the scratch journal) at the next rehearsal, and every
 * RECYCLE_EVERY rehearsals the scratch storage is emptied and a new executor and journal replace the
 * old ones, so nothing grows.
 */
import type { HttpRpcClient } from "../chain/rpc/http-client.ts";
import type { CurveReserves } from "../domain/curve.ts";
import { SniperError } from "../errors.ts";
import type { BuyRequest } from "../pipeline/orders.ts";
import type { IntentJournal } from "./journal.ts";
import type { SubmitResult } from "./types.ts";

/** Scratch journals for the rehearsal; `fresh()` empties the scratch storage and returns a new journal over it. */
export interface ScratchJournals {
  fresh(): IntentJournal;
  /** Releases the scratch storage; `fresh()` must not be called after. */
  close(): void;
}

/** What the rehearsal drives: an executor of the real class, accepting orders, over scratch state. */
export interface ScratchExecutor {
  buy(req: BuyRequest, reserves: CurveReserves | undefined): SubmitResult;
  /** Settles every order in flight as failed (see Executor.abandonAll). */
  abandonAll(reason: string): number;
}

/** The rehearsal as the executor's warm-up calls it. */
export interface BuyRehearsal {
  /** Abandons the previous rehearsed order, then rehearses a buy of `req` (on `reserves`, as Executor.buy). */
  buy(req: BuyRequest, reserves: CurveReserves | undefined): void;
  /** Rehearsed buys that were sent. */
  readonly sent: number;
  /** Rehearsed buys the scratch executor refused or that failed (the first one is reported). */
  readonly failures: number;
  /** Counts a failure reported by the scratch executor (its send or its journal). */
  failed(error: unknown): void;
  /** Abandons the last order and closes the scratch storage; later calls do nothing. */
  close(): void;
}

/** Rehearsals between two recyclings of the scratch storage, executor and journal (~20 s at the default period). */
export const RECYCLE_EVERY = 1_000;

/** An RPC client that refuses every call with an invariant error: the scratch executor never needs a node. */
export const refusingRpc: HttpRpcClient = new Proxy({} as HttpRpcClient, {
  get(_target, key) {
    if (key === "endpointCount") return 0;
    // Not a thenable: awaiting the client itself must not call anything.
    if (key === "then") return undefined;
    return () => Promise.reject(new SniperError("invariant", `the warm-up's scratch executor called the RPC (${String(key)})`));
  },
});

/** A rehearsal over `journals`, whose executors `executorFor` builds for each fresh journal; `onFirstFailure` gets the first failure. */
export function createBuyRehearsal(o: { journals: ScratchJournals; executorFor: (journal: IntentJournal) => ScratchExecutor; onFirstFailure: (e: unknown) => void }): BuyRehearsal {
  let executor = o.executorFor(o.journals.fresh());
  let count = 0;
  let sent = 0;
  let failures = 0;
  let closed = false;
  const failed = (e: unknown): void => {
    if (failures++ === 0 && !closed) o.onFirstFailure(e);
  };
  return {
    buy(req, reserves) {
      if (closed) return;
      executor.abandonAll("warm-up rehearsal");
      if (++count % RECYCLE_EVERY === 0) executor = o.executorFor(o.journals.fresh());
      const r = executor.buy(req, reserves);
      if (r.ok) sent++;
      else failed(new SniperError("invariant", `the warm-up's rehearsed buy was refused: ${r.reason}`));
    },
    get sent() {
      return sent;
    },
    get failures() {
      return failures;
    },
    failed,
    close() {
      if (closed) return;
      executor.abandonAll("warm-up rehearsal");
      closed = true;
      o.journals.close();
    },
  };
}
