/**
 * The history's write-ahead file. Rows that must be durable BEFORE a transaction is sent (an order
 * intent, the position it opens) are appended here as one JSON line by a single write(2): a few
 * microseconds, and as safe against kill -9 as a synchronous=NORMAL SQLite commit (both are in the
 * kernel's page cache when the call returns; neither is fsynced). The writer commits them to SQLite
 * right after the send, replays the lines a crash left behind when the database is opened again, and
 * empties the file once every line in it is in the database. A torn last line (the process died inside
 * the write) is counted and skipped: its send never happened.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import { stringifyExact } from "./exact-json.ts";
import { decodeState } from "./repos/position-state.ts";
import type { HistoryWrite } from "./writes.ts";

/** What a replay found in the file. */
export interface AheadLines {
  /** One entry per intact line, in file order. */
  lines: HistoryWrite[][];
  /** Lines that were not valid JSON arrays (a torn last write). */
  malformed: number;
}

/** The append-only file of writes that must be durable before a send (see the file comment). */
export class AheadLog {
  private fd: number;
  private size: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, "a+", 0o600);
    this.size = fstatSync(this.fd).size;
  }

  /** Bytes in the file now. */
  get bytes(): number {
    return this.size;
  }

  /** Appends `writes` as one line; durable against a process crash when it returns. */
  append(writes: readonly HistoryWrite[]): void {
    const line = stringifyExact(writes) + "\n";
    const buf = Buffer.from(line);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.size += buf.length;
  }

  /** Every line now in the file. */
  read(): AheadLines {
    const text = this.size === 0 ? "" : readFileSync(this.path, "utf8");
    const lines: HistoryWrite[][] = [];
    let malformed = 0;
    for (const raw of text.split("\n")) {
      if (raw.length === 0) continue;
      try {
        const v = JSON.parse(raw, decodeState) as unknown;
        if (Array.isArray(v)) lines.push(v as HistoryWrite[]);
        else malformed++;
      } catch {
        malformed++;
      }
    }
    return { lines, malformed };
  }

  /** Empties the file (every line in it is in the database). */
  clear(): void {
    ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  /** Closes the file. */
  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }
}
