/** One log record as kept in memory: pino's JSON fields plus a sequence number (1, 2, 3 ...). */
export interface LogRecord {
  readonly seq: number;
  readonly time?: number;
  readonly level?: number;
  readonly msg?: string;
  readonly [field: string]: unknown;
}

/** Where records pushed out of the ring go (one JSON line each). */
export interface SpillSink {
  write(line: string): void;
}

/**
 * The last N log records in memory, for the status page. Policy when full: the oldest record is evicted
 * and appended to the spill sink (a file), never dropped; `spilled` counts them.
 */
export class LogRing {
  private readonly slots: (LogRecord | undefined)[];
  private head = 0; // index of the oldest record
  private count = 0;
  private nextSeq = 1;
  private spilledCount = 0;

  constructor(
    readonly capacity: number,
    private readonly spill?: SpillSink,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("ring capacity must be a positive integer");
    this.slots = new Array<LogRecord | undefined>(capacity);
  }

  /** Adds one serialized pino line (invalid JSON is kept as `{ msg: line }`). */
  pushLine(line: string): LogRecord {
    let fields: Record<string, unknown>;
    try {
      const parsed = JSON.parse(line) as unknown;
      fields = parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { msg: line.trim() };
    } catch {
      fields = { msg: line.trim() };
    }
    return this.push(fields);
  }

  /** Adds one record, assigning its sequence number; evicts (spills) the oldest when full. */
  push(fields: Record<string, unknown>): LogRecord {
    const record = Object.freeze({ ...fields, seq: this.nextSeq++ }) as LogRecord;
    if (this.count === this.capacity) {
      const evicted = this.slots[this.head] as LogRecord;
      this.slots[this.head] = record;
      this.head = (this.head + 1) % this.capacity;
      this.spilledCount++;
      this.spill?.write(`${JSON.stringify(evicted)}\n`);
    } else {
      this.slots[(this.head + this.count) % this.capacity] = record;
      this.count++;
    }
    return record;
  }

  /** The newest `limit` records (all by default), oldest first. */
  recent(limit = this.capacity): LogRecord[] {
    const n = Math.max(0, Math.min(Math.floor(limit), this.count));
    const out: LogRecord[] = [];
    for (let i = this.count - n; i < this.count; i++) out.push(this.slots[(this.head + i) % this.capacity] as LogRecord);
    return out;
  }

  /** Records with a sequence number greater than `seq` still in memory, oldest first (at most `limit`). */
  since(seq: number, limit = this.capacity): LogRecord[] {
    const oldest = this.nextSeq - this.count;
    const skip = Math.max(0, Math.min(this.count, Math.floor(seq) + 1 - oldest));
    const out: LogRecord[] = [];
    for (let i = skip; i < this.count && out.length < limit; i++) out.push(this.slots[(this.head + i) % this.capacity] as LogRecord);
    return out;
  }

  /** Records in memory. */
  get size(): number {
    return this.count;
  }

  /** Records evicted to the spill file so far. */
  get spilled(): number {
    return this.spilledCount;
  }

  /** Sequence number of the newest record (0 when empty). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }
}
