/**
 * A fixed-capacity FIFO for the trading -> UI hand-off. Policy when full: the oldest item is evicted and
 * counted (`dropped`), so every item pushed is either drained or counted, never silently lost.
 */
export class DropOldestRing<T> {
  private readonly slots: (T | undefined)[];
  private head = 0;
  private count = 0;
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("ring capacity must be a positive integer");
    this.slots = new Array<T | undefined>(capacity);
  }

  /** Adds an item in O(1); evicts and counts the oldest when full. Never throws. */
  push(item: T): void {
    if (this.count === this.capacity) {
      this.slots[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
      this.droppedCount++;
      return;
    }
    this.slots[(this.head + this.count) % this.capacity] = item;
    this.count++;
  }

  /** Removes and returns every item, oldest first. */
  drain(): T[] {
    const out: T[] = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) {
      const index = (this.head + i) % this.capacity;
      out[i] = this.slots[index] as T;
      this.slots[index] = undefined;
    }
    this.head = 0;
    this.count = 0;
    return out;
  }

  /** Items waiting to be drained. */
  get size(): number {
    return this.count;
  }

  /** Items evicted because the ring was full, since creation. */
  get dropped(): number {
    return this.droppedCount;
  }
}
