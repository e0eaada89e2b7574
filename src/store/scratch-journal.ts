/**
 * Scratch intent journals for the warm-up's rehearsed buys (executor/buy-rehearsal.ts): StoreIntentJournals,
 * the real journal's class, over a HistoryWriter of their own on an in-memory database, with a write-ahead
 * file of their own beside the real one when the real writer has one (its path + `.warm-up`, 64 KiB), so a
 * rehearsed buy runs the real write ahead, its commit and the journal's bookkeeping. Nothing in it is ever
 * read back: each `fresh()` commits what is queued, deletes every row and returns a journal whose
 * mints-bought filter is empty and small (it sees at most RECYCLE_EVERY mints).
 */
import type { Clock } from "../clock.ts";
import type { ScratchJournals } from "../executor/buy-rehearsal.ts";
import { TextBloom } from "../text-bloom.ts";
import { openDatabase } from "./db.ts";
import { HistoryWriter } from "./history-writer.ts";
import { StoreIntentJournal } from "./intent-journal.ts";

/** Size of the scratch write-ahead file: ~60 intents, far more than one rehearsal writes before its commit. */
const SCRATCH_AHEAD_BYTES = 64 * 1024;
/** 2^16 bits (8 KiB) and 7 probes: ~1e-7 false positives at 1,000 mints. */
const SCRATCH_BLOOM_BITS_LOG2 = 16;

/** The scratch write-ahead file's path for a real one at `aheadPath`. */
export const scratchAheadPath = (aheadPath: string): string => `${aheadPath}.warm-up`;

/** Scratch journals shaped like `real`'s (see the file comment); close() closes the scratch database. */
export function createScratchJournals(real: Pick<HistoryWriter, "aheadPath">, clock: Clock): ScratchJournals {
  const writer = new HistoryWriter({
    db: openDatabase(":memory:"),
    ...(real.aheadPath === undefined ? {} : { aheadPath: scratchAheadPath(real.aheadPath), aheadFileBytes: SCRATCH_AHEAD_BYTES }),
  });
  return {
    fresh() {
      writer.applyAhead();
      writer.drain();
      writer.db.run("DELETE FROM order_intents");
      writer.db.run("DELETE FROM transactions");
      return new StoreIntentJournal(writer, clock, () => [], new TextBloom(SCRATCH_BLOOM_BITS_LOG2));
    },
    close: () => writer.close(),
  };
}
