import { int, oneOf, section, text } from "../fields.ts";

/**
 * `[history]`: the write-behind store (batches by size and time, a bounded queue that makes writers wait,
 * never drops), SQLite durability, the daily CSV files and scheduled online backups.
 */
export const historySection = section({
  batchSize: int(1, 100_000).default(1000),
  lingerMs: int(1, 60_000).default(50),
  queueBound: int(1, 10_000_000).default(10_000),
  synchronous: oneOf(["normal", "full"] as const).default("normal"),
  checkpointIntervalMs: int(100, 3_600_000).default(1000),
  /** Folder of `trades_YYYY-MM-DD.csv`; "off" disables the CSV files. */
  csvDir: text().default("logs/trades"),
  backup: section({
    dir: text().default("data/backups"),
    /** 0 turns scheduled backups off. */
    intervalMs: int(0, 30 * 86_400_000).default(3_600_000),
    keep: int(1, 10_000).default(24),
  }),
});
