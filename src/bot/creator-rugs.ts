/**
 * The creator's record in our own history, held in memory for the filter (a SQL query per launch would
 * cost the snipe path about 0.1 ms): loaded once from the database, then counted as positions close.
 */
import type { ExitReason } from "../domain/trade-record.ts";

/** Exit reasons that count as the creator rugging us. */
export const RUG_REASONS: ReadonlySet<ExitReason> = new Set(["stop_loss", "creator_sold"]);

/** Rugs per creator: `priorRugs` for the filters, `closed` as positions close. */
export function createCreatorRugs(initial: Map<string, number>) {
  const rugs = initial;
  return {
    priorRugs: (creator: string): number => rugs.get(creator) ?? 0,
    /** A position on one of `creator`'s tokens closed for `reason`. */
    closed(creator: string, reason: ExitReason | null): void {
      if (reason !== null && RUG_REASONS.has(reason)) rugs.set(creator, (rugs.get(creator) ?? 0) + 1);
    },
  };
}
