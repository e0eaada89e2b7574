import { closeSync, fsync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/** Options of a FileWriter. */
export interface FileWriterOptions {
  /** File to append to (its directory is created). */
  path: string;
  /** A batch is written at the next turn of the event loop once this many bytes are pending (default 64 KiB). */
  batchBytes?: number;
  /** Otherwise pending lines are written after this delay (default 25 ms). */
  lingerMs?: number;
  /** Bound on bytes queued and not yet written; beyond it `write` appends at once, itself (default 8 MiB). */
  maxQueuedBytes?: number;
  /** Called on a write error (the batch is retried synchronously once, then counted in `errors`). */
  onError?: (err: unknown) => void;
}

const encoder = new TextEncoder();

/**
 * Appends lines to a file in batches, off the caller's path: `write` only queues, and a timer appends
 * the batch (after `lingerMs`, or at the next turn of the event loop once `batchBytes` are pending).
 *
 * The file is opened in append mode (O_APPEND): the kernel puts each write at the end of the file as it
 * is then, so another process appending to the same file (a second bot refused at start, logging its
 * fatal line) neither loses its lines under ours nor overwrites them. Writes at our own offset did both.
 * Each batch is one synchronous append, so nothing is ever in flight: batches land in order, and
 * `flushSync` at exit writes exactly what is still queued (an asynchronous append left in the thread pool
 * at exit can be neither told landed from lost nor safely written twice, and Bun drops it at exit).
 * Policy when full: past `maxQueuedBytes` queued, `write` appends synchronously (blocks).
 */
export class FileWriter {
  readonly path: string;
  private readonly fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the timer is the short one of a full batch (not the linger). */
  private timerIsBatch = false;
  private closed = false;
  private readonly batchBytes: number;
  private readonly lingerMs: number;
  private readonly maxQueuedBytes: number;
  private readonly onError: (err: unknown) => void;
  /** Lines accepted so far. */
  lines = 0;
  /** Batches that failed to write even after a synchronous retry. */
  errors = 0;

  constructor(options: FileWriterOptions) {
    this.path = options.path;
    this.batchBytes = options.batchBytes ?? 64 * 1024;
    this.lingerMs = options.lingerMs ?? 25;
    this.maxQueuedBytes = options.maxQueuedBytes ?? 8 * 1024 * 1024;
    this.onError = options.onError ?? (() => {});
    mkdirSync(dirname(this.path), { recursive: true });
    this.fd = openSync(this.path, "a");
  }

  /** Queues one line (it should end with "\n"). Never does I/O itself unless the queue bound is hit. */
  write(line: string): void {
    if (this.closed) throw new Error(`log file ${this.path} is closed`);
    this.pending.push(line);
    this.pendingBytes += line.length;
    this.lines++;
    if (this.pendingBytes >= this.maxQueuedBytes) this.cut();
    else if (this.pendingBytes >= this.batchBytes) this.schedule(0, true);
    else if (this.timer === undefined) this.schedule(this.lingerMs, false);
  }

  /** Writes everything queued so far and resolves once it is on disk (fsync). */
  async flush(): Promise<void> {
    this.cut();
    if (this.closed) return;
    await new Promise<void>((resolve) => fsync(this.fd, () => resolve()));
  }

  /** Synchronous flush for `process.on("exit")`: appends what is queued, fsyncs. */
  flushSync(): void {
    if (this.closed) return;
    this.cut();
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

  private schedule(ms: number, batch: boolean): void {
    if (this.timer !== undefined) {
      if (this.timerIsBatch || !batch) return;
      clearTimeout(this.timer);
    }
    this.timerIsBatch = batch;
    this.timer = setTimeout(() => this.cut(), ms);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Appends every queued line as one batch. */
  private cut(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0 || this.closed) return;
    const buf = encoder.encode(this.pending.join(""));
    this.pending = [];
    this.pendingBytes = 0;
    this.append(buf);
  }

  /** One batch at the end of the file; a failed write is retried once (from where it stopped). */
  private append(buf: Uint8Array): void {
    let done = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        while (done < buf.length) done += writeSync(this.fd, buf, done, buf.length - done);
        return;
      } catch (err) {
        this.onError(err);
        if (attempt >= 1) {
          this.errors++;
          return;
        }
      }
    }
  }
}
