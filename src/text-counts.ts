/**
 * A count per short text (rugs per creator), kept in typed arrays (short-text-table.ts): a map that only
 * grows with its keys, written while the bot trades, that the collector never scans. The bench closes a
 * position of a new creator at every launch, and as a `Map<string, number>` this held one more string
 * per launch, rescanned whole at every young collection after a close. Keys the table cannot keep
 * exactly (longer than `width`, or above U+00FF) go to a plain Map.
 */
import { fitsShortText, hashText, ShortTextTable } from "./short-text-table.ts";

/** Counts by key (base58 keys by default: up to 44 characters); a key never added counts 0. */
export class TextCounts {
  private readonly table: ShortTextTable;
  private counts: Float64Array;
  private used = 0;
  private readonly wide = new Map<string, number>();

  constructor(entries: Iterable<readonly [string, number]> = [], width = 44, initialSlots = 256) {
    this.table = new ShortTextTable(initialSlots, width);
    this.counts = new Float64Array(initialSlots);
    for (const [key, n] of entries) this.add(key, n);
  }

  /** Keys held. */
  get size(): number {
    return this.used + this.wide.size;
  }

  /** The count of `key` (0 when never added). */
  get(key: string): number {
    if (!fitsShortText(key, this.table.width)) return this.wide.get(key) ?? 0;
    const slot = this.table.find(key, hashText(key));
    return slot < 0 ? 0 : this.counts[slot]!;
  }

  /** Adds `n` to the count of `key`; returns the new count. */
  add(key: string, n = 1): number {
    if (!fitsShortText(key, this.table.width)) {
      const next = (this.wide.get(key) ?? 0) + n;
      this.wide.set(key, next);
      return next;
    }
    const h = hashText(key);
    let slot = this.table.find(key, h);
    if (slot < 0) {
      if (this.used === this.table.capacity) {
        this.table.grow(this.used * 2);
        const counts = new Float64Array(this.used * 2);
        counts.set(this.counts);
        this.counts = counts;
      }
      slot = this.used++;
      this.table.put(slot, key, h);
      this.counts[slot] = 0;
    }
    const next = this.counts[slot]! + n;
    this.counts[slot] = next;
    return next;
  }
}
