/**
 * Version 3: one row per position a creator rugged (closed by stop_loss or creator_sold), written in the
 * same commit as the position's closed state. The rug filter asks it by creator (an indexed count) behind
 * a fixed-size Bloom filter, instead of holding a count per creator in memory for the bot's whole history.
 * Filled from the positions already closed (their rows and their saved states).
 */
import type { Migration } from "./index.ts";

export const migration003: Migration = {
  version: 3,
  name: "creator_rugs",
  sql: `
CREATE TABLE creator_rugs (
  position_id TEXT PRIMARY KEY,
  creator TEXT NOT NULL
);
CREATE INDEX creator_rugs_creator ON creator_rugs(creator);
INSERT OR IGNORE INTO creator_rugs (position_id, creator)
  SELECT p.id, l.creator FROM positions p JOIN launches l ON l.mint = p.mint
  WHERE p.status = 'closed' AND p.exit_reason IN ('stop_loss', 'creator_sold');
INSERT OR IGNORE INTO creator_rugs (position_id, creator)
  SELECT position_id, json_extract(state, '$.creator') FROM position_state
  WHERE status = 'closed' AND json_extract(state, '$.exitReason') IN ('stop_loss', 'creator_sold')
    AND json_extract(state, '$.creator') IS NOT NULL;
`,
};
