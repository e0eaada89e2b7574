/**
 * Version 4: the trade history's row of a position closes in the same commit as its saved closed state
 * (SqlitePositionStore). Before, that close was queued behind it, and a process killed in between left
 * the row open for good. This closes every such row from its saved state.
 */
import type { Migration } from "./index.ts";

export const migration004: Migration = {
  version: 4,
  name: "close_history_rows",
  sql: `
UPDATE positions SET
  status = 'closed',
  closed_at = (SELECT json_extract(s.state, '$.closedAt') FROM position_state s WHERE s.position_id = positions.id),
  exit_reason = coalesce((SELECT json_extract(s.state, '$.exitReason') FROM position_state s WHERE s.position_id = positions.id), 'manual'),
  mark_lamports = NULL
WHERE status = 'open'
  AND EXISTS (SELECT 1 FROM position_state s WHERE s.position_id = positions.id AND s.status = 'closed' AND json_extract(s.state, '$.closedAt') IS NOT NULL);
`,
};
