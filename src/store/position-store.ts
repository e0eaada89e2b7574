/**
 * The positions' PositionStore on the history database: each save is one synchronous commit (durable
 * against kill -9 when it returns), so a restarted bot resumes every live position where it was. The
 * opening record of a buy about to be sent goes through the write-ahead file instead (durable as soon,
 * committed right after the send).
 */
import type { PositionRecord, PositionStore } from "../positions/types.ts";
import type { HistoryWriter } from "./history-writer.ts";
import type { HistoryWrite } from "./writes.ts";

/** A PositionStore over the `position_state` table (see the file comment). */
export class SqlitePositionStore implements PositionStore {
  constructor(
    private readonly writer: HistoryWriter,
    private readonly now: () => number,
  ) {}

  loadOpenPositions(): PositionRecord[] {
    this.writer.applyAhead();
    return this.writer.repos.livePositionStates<PositionRecord>();
  }

  loadPosition(positionId: string): PositionRecord | undefined {
    this.writer.applyAhead();
    return this.writer.repos.positionState<PositionRecord>(positionId);
  }

  savePosition(record: PositionRecord): void {
    this.writer.writeNow([this.row(record)]);
  }

  savePositionAhead(record: PositionRecord): void {
    this.writer.writeAhead([this.row(record)]);
  }

  private row(record: PositionRecord): HistoryWrite {
    return {
      kind: "position.state",
      row: { positionId: record.positionId, mint: record.mint, status: record.status, version: record.version, state: record, updatedAt: this.now() },
    };
  }
}
