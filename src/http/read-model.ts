/** What the HTTP layer may read. It never writes to the bot; it only sees these snapshots. */
export interface StatusReadModel {
  /** Mode, phase of the lifecycle, uptime and the like: a small JSON object. */
  status(): Record<string, unknown>;
  /** The actor tree from the inspection registry (already redacted). */
  actors(): unknown[];
  /** Recent log records, newest last; `sinceSeq` returns only records after that sequence number. */
  logs(limit: number, sinceSeq?: number): unknown[];
  /** True once the bot has started and is taking work; false while starting or shutting down. */
  ready(): boolean;
}
