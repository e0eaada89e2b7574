/**
 * A drop-oldest set of the last `capacity` texts, in typed arrays (short-text-table.ts): the collector
 * never scans it, however often it is written. Policy when full: the oldest text is forgotten. The
 * table grows on demand (doubling) up to `capacity`, so a large bound costs memory only once reached.
 * Texts of at most `width` characters, none above U+00FF, are kept exactly; longer or wider ones only
 * by their first `width` low bytes, their length and a 32-bit hash (two that agree on all three are one).
 */
import { hashText, ShortTextTable } from "./short-text-table.ts";

/** The last `capacity` texts added; `add` reports whether a text was new. */
export class TextRing {
  /** Slot i of the ring is slot i of the table; `next` is the oldest (or the first empty) one. */
  private readonly table: ShortTextTable;
  private next = 0;
  private count = 0;
  /** Texts forgotten because the ring was full. */
  evicted = 0;

  constructor(
    readonly capacity: number,
    width: number,
    initialSlots = capacity,
  ) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError("ring capacity must be a positive integer");
    this.table = new ShortTextTable(Math.max(1, Math.min(capacity, initialSlots)), width);
  }

  /** True when `s` is among the last `capacity` texts added. */
  has(s: string): boolean {
    return this.table.find(s, hashText(s)) >= 0;
  }

  /** Records `s`; false (nothing changed) when it was already there. */
  add(s: string): boolean {
    const h = hashText(s);
    if (this.table.find(s, h) >= 0) return false;
    const slot = this.next;
    // Slots fill in order before the ring first wraps, so the table only ever grows at its end.
    if (slot === this.table.capacity) this.table.grow(Math.min(this.capacity, slot * 2));
    if (this.table.used(slot)) {
      this.table.clear(slot);
      this.evicted++;
    } else this.count++;
    this.table.put(slot, s, h);
    this.next = (slot + 1) % this.capacity;
    return true;
  }

  /** Texts remembered now. */
  get size(): number {
    return this.count;
  }
}
