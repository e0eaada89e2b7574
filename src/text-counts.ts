/**
 * A count per short text (rugs per creator): the keys in a TextSet (typed arrays, never scanned by the
 * collector), the counts in a Float64Array by the keys' slots. The bench closes a position of a new
 * creator at every launch, and as a `Map<string, number>` this held one more string per launch,
 * rescanned whole at every young collection after a close. Keys the set cannot keep in a slot (longer
 * than `width`, or above U+00FF) count in a plain Map.
 */
import { TextSet } from "./text-set.ts";

/** Counts by key (base58 keys by default: up to 44 characters); a key never added counts 0. */
export class TextCounts {
  private readonly keys: TextSet;
  /** Count of the key in slot i (slots are never reused, so a new slot starts at 0). */
  private counts: Float64Array;
  private readonly wideCounts = new Map<string, number>();

  constructor(entries: Iterable<readonly [string, number]> = [], width = 44, initialSlots = 256) {
    this.keys = new TextSet([], width, initialSlots);
    this.counts = new Float64Array(this.keys.capacity);
    for (const [key, n] of entries) this.add(key, n);
  }

  /** Keys held. */
  get size(): number {
    return this.keys.size;
  }

  /** The count of `key` (0 when never added). */
  get(key: string): number {
    const slot = this.keys.slotOf(key);
    return slot >= 0 ? this.counts[slot]! : (this.wideCounts.get(key) ?? 0);
  }

  /** Adds `n` to the count of `key`; returns the new count. */
  add(key: string, n = 1): number {
    const slot = this.keys.slotFor(key);
    if (slot < 0) {
      const next = (this.wideCounts.get(key) ?? 0) + n;
      this.wideCounts.set(key, next);
      return next;
    }
    if (slot >= this.counts.length) {
      const counts = new Float64Array(this.keys.capacity);
      counts.set(this.counts);
      this.counts = counts;
    }
    const next = this.counts[slot]! + n;
    this.counts[slot] = next;
    return next;
  }
}
