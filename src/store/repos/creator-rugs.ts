/** Rugs by creator: one row per position a creator rugged (migration 003). */
import type { Database } from "bun:sqlite";
import type { CreatorRugRow } from "../types.ts";

/** Repository of `creator_rugs`. */
export function creatorRugsRepo(db: Database) {
  const insert = db.query("INSERT OR IGNORE INTO creator_rugs (position_id, creator) VALUES ($positionId, $creator)");
  const creators = db.query<{ creator: string }, []>("SELECT DISTINCT creator FROM creator_rugs");
  const countOf = db.query<{ n: number | bigint }, { creator: string }>("SELECT count(*) AS n FROM creator_rugs WHERE creator = $creator");
  return {
    /** Records a position's rug (idempotent on the position). */
    insertCreatorRug(row: CreatorRugRow): void {
      insert.run({ positionId: row.positionId, creator: row.creator });
    },
    /** Every creator with at least one rug (to fill the in-memory filter at start). */
    rugCreators(): string[] {
      return creators.all().map((r) => String(r.creator));
    },
    /** Positions `creator` rugged (an indexed count). */
    creatorRugs(creator: string): number {
      return Number(countOf.get({ creator })?.n ?? 0);
    },
  };
}
