/**
 * The creator's record in our own history, for the filter's max-prior-rugs check. Every rug is a row of
 * `creator_rugs`, committed with the position's closed state (store/position-store.ts); in memory there is
 * only a fixed-size Bloom filter of the creators who ever rugged (text-bloom.ts). A new creator, the
 * snipe path's usual case, costs that lookup; a creator the filter may know costs an indexed count
 * (a few us). Memory stays flat however many creators the bot has seen rug.
 */
import { isRugExit, type ExitReason } from "../domain/trade-record.ts";
import { TextBloom, type BloomStats } from "../text-bloom.ts";

/** Where the rugs are kept (the history database's `creator_rugs`). */
export interface RugRecord {
  /** Every creator with at least one rug. */
  rugCreators(): string[];
  /** Rugs of `creator`. */
  creatorRugs(creator: string): number;
}

/** Rugs per creator: `priorRugs` for the filters, `closed` as positions close (after their rug is stored). */
export function createCreatorRugs(record: RugRecord, filter = new TextBloom()) {
  for (const creator of record.rugCreators()) filter.add(creator);
  let falseMaybes = 0;
  return {
    /** Rugs of `creator` so far (0 for a creator never seen to rug). */
    priorRugs(creator: string): number {
      if (!filter.mightHave(creator)) return 0;
      let rugs: number;
      try {
        rugs = record.creatorRugs(creator);
      } catch {
        return 1; // the filter may know this creator and the database cannot say: count the rug it may be
      }
      if (rugs === 0) falseMaybes++;
      return rugs;
    },
    /** The filter's count, expected false-positive rate and false maybes so far. */
    stats(): BloomStats {
      return filter.stats(falseMaybes);
    },
    /** A position on one of `creator`'s tokens closed for `reason`. */
    closed(creator: string, reason: ExitReason | null): void {
      if (isRugExit(reason)) filter.add(creator);
    },
  };
}
