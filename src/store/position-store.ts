/**
 * The positions' PositionStore on the history database: each save is one synchronous commit (durable
 * against kill -9 when it returns), so a restarted bot resumes every live position where it was.
 */
import type { PositionRecord, PositionStore } from "../positions/types.ts";
import type { Repositories } from "./repos/index.ts";

/** A PositionStore over the `position_state` table (see the file comment). */
export class SqlitePositionStore implements PositionStore {
  constructor(
    private readonly repos: Repositories,
    private readonly now: () => number,
  ) {}

  loadOpenPositions(): PositionRecord[] {
    return this.repos.livePositionStates<PositionRecord>();
  }

  loadPosition(positionId: string): PositionRecord | undefined {
    return this.repos.positionState<PositionRecord>(positionId);
  }

  savePosition(record: PositionRecord): void {
    this.repos.savePositionState({
      positionId: record.positionId,
      mint: record.mint,
      status: record.status,
      version: record.version,
      state: record,
      updatedAt: this.now(),
    });
  }
}
