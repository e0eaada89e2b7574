/** An in-memory PositionStore (tests, and sim mode until the SQLite store is wired). Keeps copies. */
import { LIVE_STATUSES, type PositionRecord, type PositionStore } from "./types.ts";

/** Map-backed store; `saves` counts writes. */
export class InMemoryPositionStore implements PositionStore {
  readonly rows = new Map<string, PositionRecord>();
  saves = 0;

  loadOpenPositions(): PositionRecord[] {
    return [...this.rows.values()].filter((r) => LIVE_STATUSES.includes(r.status)).map((r) => ({ ...r }));
  }

  loadPosition(positionId: string): PositionRecord | undefined {
    const r = this.rows.get(positionId);
    return r === undefined ? undefined : { ...r };
  }

  savePosition(record: PositionRecord): void {
    const prev = this.rows.get(record.positionId);
    if (prev !== undefined && prev.version > record.version) return;
    this.saves++;
    this.rows.set(record.positionId, { ...record });
  }

  savePositionAhead(record: PositionRecord): void {
    this.savePosition(record);
  }
}
