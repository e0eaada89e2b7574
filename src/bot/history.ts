import { createHistory, type History } from "../actors/history.actor.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config/index.ts";
import type { Logger } from "pino";
import { scheduleBackups } from "../store/index.ts";

/** The history store of the process and the scheduled backups beside it. */
export interface HistorySetup {
  history: History;
  /** Stops the backup timer (after shutdown). */
  stopBackups: () => void;
}

/** Opens the database (migrating it), rebuilds today's CSV if missing, and schedules online backups. */
export async function setUpHistory(config: Config, clock: Clock, log: Logger): Promise<HistorySetup> {
  const h = config.history;
  const history = createHistory({
    dbPath: config.data.dbPath,
    csvDir: h.csvDir === "off" ? null : h.csvDir,
    clock,
    batchSize: h.batchSize,
    lingerMs: h.lingerMs,
    queueBound: h.queueBound,
    synchronous: h.synchronous,
    checkpointIntervalMs: h.checkpointIntervalMs,
    onAheadError: (err) => log.error({ err }, "intent rows not committed yet (kept in the write-ahead file, retried)"),
  });
  const replay = history.writer.aheadReplay;
  if (replay.lines > 0 || replay.malformed > 0) log.warn({ ...replay }, "history: replayed rows written ahead before a crash");
  await history.recover();
  const stopBackups =
    h.backup.intervalMs > 0
      ? scheduleBackups({
          dbPath: config.data.dbPath,
          dir: h.backup.dir,
          keep: h.backup.keep,
          clock,
          intervalMs: h.backup.intervalMs,
          onBackup: ({ path, bytes }) => log.info({ path, bytes }, "database backup written"),
          onError: (err) => log.error({ err }, "database backup failed"),
        })
      : () => {};
  return { history, stopBackups };
}
