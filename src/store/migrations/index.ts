/** The numbered migrations, oldest first; `PRAGMA user_version` holds the number of the last one applied. */
import { migration001 } from "./001_init.ts";
import { migration002 } from "./002_position_state.ts";
import { migration003 } from "./003_creator_rugs.ts";
import { migration004 } from "./004_close_history_rows.ts";

/** One schema step: `version` is its position (1-based), `sql` runs inside one transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration in order; append new ones, never edit an applied one. */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004];
