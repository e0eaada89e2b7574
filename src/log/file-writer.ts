import { closeSync, fstatSync, fsync, fsyncSync, mkdirSync, openSync, write, writeSync } from "node:fs";
import { dirname } from "node:path";

/** Options of a FileWriter. */
export interface FileWriterOptions {
  /** File to append to (its directory is created). */
  path: string;
  /** A batch is written as soon as this many bytes are pending (default 64 KiB). */
  batchBytes?: number;
  /** Otherwise pending lines are written after this delay (default 25 ms). */
  lingerMs?: number;
  /** Bound on bytes handed to the OS but not yet confirmed; beyond it writes block (default 8 MiB). */
  maxInFlightBytes?: number;
  /** Called on a write error (the batch is retried synchronously once, then counted in `errors`). */
  onError?: (err: unknown) => void;
}

const encoder = new TextEncoder();

interface Batch {
  buf: Uint8Array;
  pos: number;
}

/**
 * Appends lines to a file in batches with asynchronous writes, off the caller's path.
 *
 * Each batch reserves its byte range when it is cut (positional writes), so batches land in order even
 * when several writes are in flight, and a synchronous write (when the in-flight bound is reached, or in
 * `flushSync` at exit) can never reorder or lose lines. Policy when full: block (write synchronously).
 */
export class FileWriter {
  readonly path: string;
  private readonly fd: number;
  private offset: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  private readonly inFlight = new Map<Batch, Promise<void>>();
  private inFlightBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly batchBytes: number;
  private readonly lingerMs: number;
  private readonly maxInFlightBytes: number;
  private readonly onError: (err: unknown) => void;
  /** Lines accepted so far. */
  lines = 0;
  /** Batches that failed to write even after a synchronous retry. */
  errors = 0;

  constructor(options: FileWriterOptions) {
    this.path = options.path;
    this.batchBytes = options.batchBytes ?? 64 * 1024;
    this.lingerMs = options.lingerMs ?? 25;
    this.maxInFlightBytes = options.maxInFlightBytes ?? 8 * 1024 * 1024;
    this.onError = options.onError ?? (() => {});
    mkdirSync(dirname(this.path), { recursive: true });
    closeSync(openSync(this.path, "a"));
    this.fd = openSync(this.path, "r+");
    this.offset = fstatSync(this.fd).size;
  }

  /** Queues one line (it should end with "\n"). Never does I/O itself unless the in-flight bound is hit. */
  write(line: string): void {
    if (this.closed) throw new Error(`log file ${this.path} is closed`);
    this.pending.push(line);
    this.pendingBytes += line.length;
    this.lines++;
    if (this.pendingBytes >= this.batchBytes) this.cut();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.cut(), this.lingerMs);
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  /** Writes everything queued so far and resolves once it is on disk (fsync). */
  async flush(): Promise<void> {
    this.cut();
    await Promise.all(this.inFlight.values());
    if (this.closed) return;
    await new Promise<void>((resolve) => fsync(this.fd, () => resolve()));
  }

  /** Synchronous flush for `process.on("exit")`: writes pending and in-flight batches at their places, fsyncs. */
  flushSync(): void {
    if (this.closed) return;
    this.cut(true);
    for (const batch of this.inFlight.keys()) this.writeBatchSync(batch);
    try {
      fsyncSync(this.fd);
    } catch {
      // not every file system supports fsync
    }
  }

  /** Flushes and closes the file; later writes throw. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    closeSync(this.fd);
  }

  private cut(sync = false): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const buf = encoder.encode(this.pending.join(""));
    this.pending = [];
    this.pendingBytes = 0;
    const batch: Batch = { buf, pos: this.offset };
    this.offset += buf.length;
    if (sync || this.inFlightBytes + buf.length > this.maxInFlightBytes) {
      this.writeBatchSync(batch);
      return;
    }
    this.inFlightBytes += buf.length;
    const done = this.writeBatch(batch).finally(() => {
      this.inFlight.delete(batch);
      this.inFlightBytes -= buf.length;
    });
    this.inFlight.set(batch, done);
  }

  private writeBatch(batch: Batch): Promise<void> {
    return new Promise<void>((resolve) => {
      let done = 0;
      const step = (): void => {
        write(this.fd, batch.buf, done, batch.buf.length - done, batch.pos + done, (err, n) => {
          if (err !== null && err !== undefined) {
            this.onError(err);
            this.writeBatchSync(batch);
            resolve();
            return;
          }
          done += n;
          if (done < batch.buf.length) step();
          else resolve();
        });
      };
      step();
    });
  }

  private writeBatchSync(batch: Batch): void {
    try {
      let done = 0;
      while (done < batch.buf.length) done += writeSync(this.fd, batch.buf, done, batch.buf.length - done, batch.pos + done);
    } catch (err) {
      this.errors++;
      this.onError(err);
    }
  }
}
