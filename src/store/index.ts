/** The history store: open + migrate, repositories, write-behind writer, trade records, CSV, export, backups. */
export { checkpoint, migrate, openDatabase, openReadOnly, schemaVersion, type OpenOptions, type Synchronous } from "./db.ts";
export { migrations, type Migration } from "./migrations/index.ts";
export { createRepositories, type Repositories } from "./repos/index.ts";
export { HistoryWriter, type HistoryWriterOptions, type WorkSignal } from "./history-writer.ts";
export type { HistoryWrite } from "./writes.ts";
export type * from "./types.ts";
export { alertRow } from "./alert-row.ts";
export { iterateTradeRecords, loadTradeRecords } from "./trade-records.ts";
export { dayRange, parseDay, utcDay, type Outcome, type TradeFilter } from "./filters.ts";
export { formatSol } from "./sol.ts";
export { csvRow, neutralise } from "./csv.ts";
export { FILL_COLUMNS, type FillView } from "./fill-rows.ts";
export { TradeCsv, tradeCsvPath, TRADE_CSV_HEADER, type TradeCsvOptions } from "./trade-csv.ts";
export { exportChunks, exportContentType, exportTrades, exportTradesStream, type ExportOptions, type ExportSink } from "./export.ts";
export { backupFileName, backupNow, integrityCheck, listBackups, preRestorePath, pruneBackups, restoreBackup, scheduleBackups } from "./backup.ts";
export { backupProblem, readBackupFacts, tablesOfVersion, verifyBackup, type BackupFacts } from "./backup-check.ts";
export { acquireLock, lockHolder, lockPath } from "./lock.ts";
