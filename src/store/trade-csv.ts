/**
 * The daily trade files `<dir>/trades_YYYY-MM-DD.csv` (UTC day of the fill), one writer for all of them.
 * Rows are appended after the fill's transaction commits; a file is derived data and can be rebuilt
 * from the database at any time (`rebuild`), and is on start when it is missing or short (`recover`).
 */
import type { Database } from "bun:sqlite";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../clock.ts";
import { FileWriter, type FileWriterOptions } from "../log/file-writer.ts";
import type { Flusher } from "../runtime/flushers.ts";
import { countCsvRecords, csvRow } from "./csv.ts";
import { FILL_COLUMNS, fillViewBySignature, iterateFillViews, type FillView } from "./fill-rows.ts";
import { dayRange, utcDay } from "./filters.ts";

/** The header line of every trade file. */
export const TRADE_CSV_HEADER = csvRow(FILL_COLUMNS);

/** Options of a TradeCsv. */
export interface TradeCsvOptions {
  /** Directory of the daily files (default `logs/trades`). */
  dir: string;
  db: Database;
  clock: Clock;
  writer?: Omit<FileWriterOptions, "path">;
}

/** Path of the trade file of a UTC day. */
export function tradeCsvPath(dir: string, day: string): string {
  return join(dir, `trades_${day}.csv`);
}

/** Appends fills to the daily trade files; one instance per process. */
export class TradeCsv {
  private current: { day: string; writer: FileWriter } | null = null;
  private closing: Promise<void>[] = [];
  /** Rows arriving while their day's file is being rebuilt (they are already in the database). */
  private held = new Map<string, FillView[]>();
  readonly flusher: Flusher = { name: "trades-csv", flush: () => this.flush() };

  constructor(private readonly options: TradeCsvOptions) {
    mkdirSync(options.dir, { recursive: true });
  }

  /** Appends the row of a committed fill (looked up by signature so it carries name, symbol, mode). */
  appendFill(signature: string): void {
    const view = fillViewBySignature(this.options.db, signature);
    if (view) this.append(view);
  }

  /** Appends one row to the file of its UTC day. */
  append(view: FillView): void {
    const day = view.time_utc.slice(0, 10);
    const held = this.held.get(day);
    if (held) {
      held.push(view);
      return;
    }
    this.writerFor(day).write(csvRow(FILL_COLUMNS.map((c) => view[c])));
  }

  /** Resolves once every row appended so far is on disk. */
  async flush(): Promise<void> {
    const closing = this.closing;
    this.closing = [];
    await Promise.all([...closing, this.current?.writer.flush()]);
  }

  /** Flushes and closes the open file. */
  async close(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (current) this.closing.push(current.writer.close());
    await this.flush();
  }

  /** Rewrites the file of `day` (YYYY-MM-DD) from the database, atomically (temp file + rename). */
  async rebuild(day: string): Promise<{ path: string; rows: number }> {
    const { from, to } = dayRange(day);
    this.held.set(day, []);
    try {
      if (this.current?.day === day) {
        const { writer } = this.current;
        this.current = null;
        await writer.close();
      }
      await this.flush();
      // From here to the rename nothing yields: every held row was committed before this read, so it is in it.
      const path = tradeCsvPath(this.options.dir, day);
      const tmp = `${path}.tmp-${process.pid}`;
      const fd = openSync(tmp, "w");
      let rows = 0;
      try {
        let chunk = TRADE_CSV_HEADER;
        for (const view of iterateFillViews(this.options.db, { from, to })) {
          chunk += csvRow(FILL_COLUMNS.map((c) => view[c]));
          rows++;
          if (chunk.length >= 64 * 1024) {
            writeAll(fd, chunk);
            chunk = "";
          }
        }
        writeAll(fd, chunk);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
      return { path, rows };
    } finally {
      this.held.delete(day);
    }
  }

  /** On start: rebuilds today's file when it is missing or holds fewer rows than the database. */
  async recover(): Promise<{ rebuilt: boolean; day: string }> {
    const day = utcDay(this.options.clock.now());
    const { from, to } = dayRange(day);
    const stored = Number(
      this.options.db.query<{ n: bigint }, { from: number; to: number }>("SELECT count(*) AS n FROM fills WHERE at >= $from AND at < $to").get({ from, to })
        ?.n ?? 0,
    );
    const path = tradeCsvPath(this.options.dir, day);
    const inFile = existsSync(path) ? Math.max(0, countCsvRecords(readFileSync(path, "utf8")) - 1) : -1;
    if (stored === 0 || inFile >= stored) return { rebuilt: false, day };
    await this.rebuild(day);
    return { rebuilt: true, day };
  }

  private writerFor(day: string): FileWriter {
    if (this.current?.day === day) return this.current.writer;
    if (this.current) this.closing.push(this.current.writer.close());
    const path = tradeCsvPath(this.options.dir, day);
    const fresh = !existsSync(path) || statSync(path).size === 0;
    const writer = new FileWriter({ ...this.options.writer, path });
    if (fresh) writer.write(TRADE_CSV_HEADER);
    this.current = { day, writer };
    return writer;
  }
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, "utf8");
  let done = 0;
  while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done);
}
