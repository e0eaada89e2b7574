/**
 * An exact set of strings that only grows with what it holds, kept in typed arrays (short-text-table.ts)
 * so the collector never scans it: for sets written while the bot trades and never emptied, such as the
 * mints ever bought (the double-buy check). Measured: a `Set<string>` of 24,000 mints adds 24,000
 * strings and 4.5 MB to the JS heap, which every young collection after a write rescans; this adds none
 * (52 bytes of typed array a slot plus 8 of index, outside the heap; the slots double as they fill).
 * Texts the table cannot keep exactly (longer than `width`, or above U+00FF) go to a plain Set.
 */
import { fitsShortText, hashText, ShortTextTable } from "./short-text-table.ts";

/** A Set<string> for short Latin-1 texts (base58 keys by default: up to 44 characters). */
export class TextSet {
  private readonly table: ShortTextTable;
  /** Slots emptied by delete, reused first (a stack). */
  private free: Int32Array = new Int32Array(16);
  private freeCount = 0;
  private nextSlot = 0;
  private count = 0;
  private readonly wide = new Set<string>();

  constructor(values: Iterable<string> = [], width = 44, initialSlots = 256) {
    this.table = new ShortTextTable(initialSlots, width);
    for (const v of values) this.add(v);
  }

  /** Texts held. */
  get size(): number {
    return this.count + this.wide.size;
  }

  has(s: string): boolean {
    if (!fitsShortText(s, this.table.width)) return this.wide.has(s);
    return this.table.find(s, hashText(s)) >= 0;
  }

  add(s: string): this {
    if (!fitsShortText(s, this.table.width)) {
      this.wide.add(s);
      return this;
    }
    const h = hashText(s);
    if (this.table.find(s, h) >= 0) return this;
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount]!;
    else {
      if (this.nextSlot === this.table.capacity) this.table.grow(this.table.capacity * 2);
      slot = this.nextSlot++;
    }
    this.table.put(slot, s, h);
    this.count++;
    return this;
  }

  /** Removes `s`; false when it was not there. */
  delete(s: string): boolean {
    if (!fitsShortText(s, this.table.width)) return this.wide.delete(s);
    const slot = this.table.find(s, hashText(s));
    if (slot < 0) return false;
    this.table.clear(slot);
    if (this.freeCount === this.free.length) {
      const grown = new Int32Array(this.free.length * 2);
      grown.set(this.free);
      this.free = grown;
    }
    this.free[this.freeCount++] = slot;
    this.count--;
    return true;
  }
}
