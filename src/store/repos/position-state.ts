import type { Database } from "bun:sqlite";

// bigints survive JSON as {"$bigint":"123"}: the working state holds lamports and token amounts.
const BIGINT = "$bigint";

/** JSON.stringify replacer that keeps bigints exact. */
export function encodeState(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? { [BIGINT]: value.toString() } : value;
}

/** JSON.parse reviver, the inverse of encodeState. */
export function decodeState(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === BIGINT) return BigInt((value as Record<string, string>)[BIGINT]!);
  }
  return value;
}

/** One position's working state as stored. */
export interface PositionStateRow<T> {
  positionId: string;
  mint: string;
  status: string;
  version: number;
  state: T;
  updatedAt: number;
}

/** The `position_state` table: upserts that never go back to an older version. */
export function positionStateRepo(db: Database) {
  const upsert = db.query(
    `INSERT INTO position_state (position_id, mint, status, version, state, updated_at)
     VALUES ($id, $mint, $status, $version, $state, $at)
     ON CONFLICT(position_id) DO UPDATE SET mint = excluded.mint, status = excluded.status, version = excluded.version,
       state = excluded.state, updated_at = excluded.updated_at
     WHERE excluded.version >= position_state.version`,
  );
  const byStatus = db.query<{ state: string }, []>(
    "SELECT state FROM position_state WHERE status IN ('opening', 'open', 'exiting', 'stuck') ORDER BY updated_at, position_id",
  );
  const byId = db.query<{ state: string }, { $id: string }>("SELECT state FROM position_state WHERE position_id = $id");
  return {
    /** Stores the state unless a newer version is already there; durable when it returns. */
    savePositionState<T>(row: PositionStateRow<T>): void {
      upsert.run({
        $id: row.positionId,
        $mint: row.mint,
        $status: row.status,
        $version: row.version,
        $state: JSON.stringify(row.state, encodeState),
        $at: row.updatedAt,
      });
    },
    /** Every position whose status is live (opening, open, exiting, stuck), oldest update first. */
    livePositionStates<T>(): T[] {
      return byStatus.all().map((r) => JSON.parse(String(r.state), decodeState) as T);
    },
    /** One position's state, or undefined. */
    positionState<T>(positionId: string): T | undefined {
      const r = byId.get({ $id: positionId });
      return r ? (JSON.parse(String(r.state), decodeState) as T) : undefined;
    },
  };
}
