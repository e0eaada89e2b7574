/**
 * Version 2: the live state of each position (exit-rule progress, pending sell, high-water mark) as one
 * JSON document per position, so a restarted bot resumes every position exactly where it was. The
 * `positions` and `fills` tables stay the analytical record; this table is the working state.
 * Order intents gain `detail`: the executor's full intent (parameters, every attempt's signature and
 * blockhash), which crash reconciliation needs to check each attempt against the chain.
 */
import type { Migration } from "./index.ts";

export const migration002: Migration = {
  version: 2,
  name: "position_state_and_intent_detail",
  sql: `
CREATE TABLE position_state (
  position_id TEXT PRIMARY KEY,
  mint TEXT NOT NULL,
  status TEXT NOT NULL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX position_state_status ON position_state(status);
CREATE INDEX position_state_mint ON position_state(mint);
ALTER TABLE order_intents ADD COLUMN detail TEXT;
`,
};
