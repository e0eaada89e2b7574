import { join } from "node:path";
import type { Clock } from "../clock.ts";
import { FileWriter, type FileWriterOptions } from "./file-writer.ts";

const DAY_MS = 86_400_000;

/** `sniper-YYYY-MM-DD.log` for a wall-clock time (UTC day). */
export function dailyLogName(nowMs: number, prefix = "sniper"): string {
  return `${prefix}-${new Date(nowMs).toISOString().slice(0, 10)}.log`;
}

/**
 * JSON lines appended to `<dir>/sniper-YYYY-MM-DD.log`, rolling to a new file at UTC midnight (by the
 * injected clock). The previous day's file is flushed and closed in the background; `flush()` waits for it.
 */
export class DailyLogFile {
  private current: FileWriter;
  private rollAt: number;
  private closing: Promise<void>[] = [];

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly writerOptions: Omit<FileWriterOptions, "path"> = {},
  ) {
    const now = clock.now();
    this.current = this.open(now);
    this.rollAt = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  }

  /** Path of the file being written. */
  get path(): string {
    return this.current.path;
  }

  /** Appends one line to today's file. */
  write(line: string): void {
    const now = this.clock.now();
    if (now >= this.rollAt) {
      const old = this.current;
      this.current = this.open(now);
      this.rollAt = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
      this.closing.push(old.close());
    }
    this.current.write(line);
  }

  /** Resolves when every line written so far is on disk (today's file and any file being closed). */
  async flush(): Promise<void> {
    const closing = this.closing;
    this.closing = [];
    await Promise.all([...closing, this.current.flush()]);
  }

  /** Synchronous best effort for `process.on("exit")`. */
  flushSync(): void {
    this.current.flushSync();
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    await this.current.close();
  }

  private open(now: number): FileWriter {
    return new FileWriter({ ...this.writerOptions, path: join(this.dir, dailyLogName(now)) });
  }
}
