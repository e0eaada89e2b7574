/**
 * An exact set of strings that only grows, kept in typed arrays (short-text-table.ts) so the collector
 * never scans it: for sets written while the bot trades and never emptied, such as the mints ever bought
 * (the double-buy check). Measured: a `Set<string>` of 24,000 mints adds 24,000 strings and 4.5 MB to
 * the JS heap, which every young collection after a write rescans; this adds none (52 bytes of typed
 * array a slot plus 8 of index, outside the heap; the slots double as they fill). Texts the table
 * cannot keep exactly (longer than `width`, or above U+00FF) go to a plain Set.
 */
import { fitsShortText, hashText, ShortTextTable } from "./short-text-table.ts";

/** A Set<string> without delete, for short Latin-1 texts (base58 keys by default: up to 44 characters). */
export class TextSet {
  private readonly table: ShortTextTable;
  /** Slots filled, in order: the next text goes to slot `used`. */
  private used = 0;
  private readonly wide = new Set<string>();

  constructor(values: Iterable<string> = [], width = 44, initialSlots = 256) {
    this.table = new ShortTextTable(initialSlots, width);
    for (const v of values) this.add(v);
  }

  /** Texts held. */
  get size(): number {
    return this.used + this.wide.size;
  }

  /** Slots the table holds now: every slot number given out is below it. */
  get capacity(): number {
    return this.table.capacity;
  }

  has(s: string): boolean {
    return fitsShortText(s, this.table.width) ? this.table.find(s, hashText(s)) >= 0 : this.wide.has(s);
  }

  add(s: string): this {
    this.slotFor(s);
    return this;
  }

  /** The slot of `s`, or -1 when it is not held in a slot (absent, or kept in the plain Set). */
  slotOf(s: string): number {
    return fitsShortText(s, this.table.width) ? this.table.find(s, hashText(s)) : -1;
  }

  /** The slot of `s`, given the next one (the table doubling when full) if new; -1 when it goes to the plain Set. */
  slotFor(s: string): number {
    if (!fitsShortText(s, this.table.width)) {
      this.wide.add(s);
      return -1;
    }
    const h = hashText(s);
    const found = this.table.find(s, h);
    if (found >= 0) return found;
    if (this.used === this.table.capacity) this.table.grow(this.used * 2);
    const slot = this.used++;
    this.table.put(slot, s, h);
    return slot;
  }
}
