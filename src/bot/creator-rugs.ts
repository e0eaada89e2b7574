/**
 * The creator's record in our own history, held in memory for the filter (a SQL query per launch would
 * cost the snipe path about 0.1 ms): loaded once from the database, then counted as positions close.
 */
import type { ExitReason } from "../domain/trade-record.ts";
import { TextCounts } from "../text-counts.ts";

/** Exit reasons that count as the creator rugging us. */
export const RUG_REASONS: ReadonlySet<ExitReason> = new Set(["stop_loss", "creator_sold"]);

/** Rugs per creator: `priorRugs` for the filters, `closed` as positions close. */
export function createCreatorRugs(initial: Map<string, number>) {
  // Typed arrays (text-counts.ts): one key per rugging creator ever, never scanned by the collector.
  const rugs = new TextCounts(initial);
  return {
    priorRugs: (creator: string): number => rugs.get(creator),
    /** A position on one of `creator`'s tokens closed for `reason`. */
    closed(creator: string, reason: ExitReason | null): void {
      if (reason !== null && RUG_REASONS.has(reason)) rugs.add(creator);
    },
  };
}
