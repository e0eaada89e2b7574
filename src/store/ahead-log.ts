/**
 * The history's write-ahead file. Rows that must be durable BEFORE a transaction is sent (an order
 * intent, the position it opens) are copied as one JSON line into a memory-mapped file (MAP_SHARED):
 * no system call on the hot path, and as safe against kill -9 as a synchronous=NORMAL SQLite commit
 * (both sit in the kernel's page cache when the call returns; neither is fsynced). The writer commits
 * them to SQLite right after the send, replays the file's lines when the database is opened again (the
 * replay is idempotent), and zeroes the file once everything in it is in the database.
 *
 * Layout: a fixed-size file (never truncated while mapped: a mapped file must not shrink) holding JSON
 * lines from offset 0, then zero bytes. JSON escapes every control character inside strings, so a raw
 * zero byte only ever marks the end. A torn last line (the process died inside the copy) is counted
 * and skipped: its send never happened.
 */
import { closeSync, fstatSync, ftruncateSync, openSync } from "node:fs";
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

/** Default size of the file: ~1000 intents between two clears, far more than one synchronous turn writes. */
export const AHEAD_FILE_BYTES = 1 << 20;
/** Size of the scratch memory a rehearsal encodes into (a line is ~1 KB). */
const REHEARSAL_BYTES = 1 << 16;
/** The smallest page size of the systems Bun runs on (a larger page is touched more than once: harmless). */
const PAGE_BYTES = 4096;

const encoder = new TextEncoder();

/**
 * Encodes `writes` as one line into `target` (UTF-8). Returns the bytes written, or -1 when the line
 * does not fit: `target` then holds zeros where the cut line began.
 */
function encodeLine(writes: readonly HistoryWrite[], target: Uint8Array): number {
  const line = stringifyExact(writes) + "\n";
  // A line never takes fewer bytes than UTF-16 units: longer than the room, it cannot fit.
  if (line.length > target.length) return -1;
  const r = encoder.encodeInto(line, target);
  if (r.read !== line.length) {
    target.fill(0, 0, r.written);
    return -1;
  }
  return r.written;
}

/**
 * Writes every page of `map` with the byte it holds (content unchanged), so each page is allocated in the
 * file and mapped writable now: otherwise the first append into a page of the new (sparse) file takes a
 * page fault that allocates its blocks, measured here at ~4 us a page and up to ~0.46 ms for the first.
 */
function prefault(map: Uint8Array): void {
  for (let i = 0; i < map.length; i += PAGE_BYTES) map[i] = map[i]!;
}

/** The memory-mapped file of writes that must be durable before a send (see the file comment). */
export class AheadLog {
  private map: Uint8Array | null;
  private end: number;
  private scratch: Uint8Array | null = null;

  constructor(
    readonly path: string,
    readonly size = AHEAD_FILE_BYTES,
  ) {
    const fd = openSync(path, "a+", 0o600);
    try {
      if (fstatSync(fd).size < size) ftruncateSync(fd, size);
    } finally {
      closeSync(fd);
    }
    this.map = Bun.mmap(path, { shared: true });
    const zero = this.map.indexOf(0);
    this.end = zero < 0 ? this.map.length : zero;
    prefault(this.map);
  }

  /** Bytes of lines in the file now. */
  get bytes(): number {
    return this.end;
  }

  /**
   * Copies `writes` as one line into the file; durable against a process crash when it returns true.
   * False (nothing written) when the line does not fit in what is left: commit and clear, then retry.
   */
  append(writes: readonly HistoryWrite[]): boolean {
    const map = this.mapped();
    // Leave at least one zero byte after the last line: it marks the end.
    const n = encodeLine(writes, map.subarray(this.end, map.length - 1));
    if (n < 0) return false;
    this.end += n;
    return true;
  }

  /**
   * Encodes `writes` as `append` would, into scratch memory: the file is not touched. The warm-up's
   * rehearsal of a write ahead (keeps its code compiled and cached). Returns the bytes encoded (0: too large).
   */
  rehearse(writes: readonly HistoryWrite[]): number {
    this.scratch ??= new Uint8Array(REHEARSAL_BYTES);
    return Math.max(0, encodeLine(writes, this.scratch));
  }

  /** Every line now in the file. */
  read(): AheadLines {
    const text = new TextDecoder().decode(this.mapped().subarray(0, this.end));
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
    this.mapped().fill(0, 0, this.end);
    this.end = 0;
  }

  /** Drops the mapping (the memory is released when it is collected). */
  close(): void {
    this.map = null;
  }

  private mapped(): Uint8Array {
    if (this.map === null) throw new Error("write-ahead file is closed");
    return this.map;
  }
}
