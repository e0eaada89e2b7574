/**
 * A table of short texts (signatures, mints) kept in typed arrays, with an open-addressing index over
 * them; what is built on it (text-set.ts, text-ring.ts) decides which slot to use.
 *
 * Why typed arrays and not a `Set<string>`: a JS Set of strings that is written while the bot runs sits
 * in the collector's remembered set and is rescanned whole at every young collection (isolated with
 * `BUN_JSC_logGC=1`: 1.75 ms a collection instead of 0.18 ms for a 20,000-string set written at the
 * bot's frame rate). Bytes in typed arrays are not scanned at all.
 *
 * Each slot keeps its text's first `width` code units (low bytes), its length and a 32-bit FNV-1a hash.
 * Texts of at most `width` characters, none above U+00FF, are compared exactly ({@link fitsShortText});
 * longer or wider ones only on those three.
 */

/** FNV-1a over the UTF-16 code units of `s`. */
export function hashText(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** True when a table of `width` keeps `s` exactly: at most `width` characters, none above U+00FF. */
export function fitsShortText(s: string, width: number): boolean {
  if (s.length > width) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

/** Slots of short texts plus their index; the caller owns the choice of slots (ring, free list). */
export class ShortTextTable {
  /** Slot i's text: bytes [i*width, i*width + min(length, width)). */
  private text: Uint8Array;
  /** Slot i's text length + 1; 0 = empty slot. */
  private lengths: Uint32Array;
  private hashes: Int32Array;
  /** Open addressing, linear probing: slot + 1, or 0 for empty. Load factor <= 0.5. */
  private index: Int32Array;
  private mask: number;

  constructor(
    private slots: number,
    readonly width: number,
  ) {
    if (!(Number.isInteger(slots) && slots > 0)) throw new RangeError("table size must be a positive integer");
    this.text = new Uint8Array(slots * width);
    this.lengths = new Uint32Array(slots);
    this.hashes = new Int32Array(slots);
    this.index = new Int32Array(indexSize(slots));
    this.mask = this.index.length - 1;
  }

  /** Slots the table holds (used or not). */
  get capacity(): number {
    return this.slots;
  }

  /** True when `slot` holds a text. */
  used(slot: number): boolean {
    return this.lengths[slot] !== 0;
  }

  /** The slot holding `s` (hash `h` = hashText(s)), or -1. */
  find(s: string, h: number): number {
    const len = s.length + 1;
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const e = this.index[at]!;
      if (e === 0) return -1;
      const slot = e - 1;
      if (this.hashes[slot] === h && this.lengths[slot] === len && this.sameText(slot, s)) return slot;
    }
  }

  /** Writes `s` (hash `h`) into the empty `slot` and indexes it. */
  put(slot: number, s: string, h: number): void {
    const base = slot * this.width;
    const n = Math.min(s.length, this.width);
    for (let i = 0; i < n; i++) this.text[base + i] = s.charCodeAt(i);
    this.lengths[slot] = s.length + 1;
    this.hashes[slot] = h;
    this.link(slot, h);
  }

  /** Empties `slot` and removes it from the index (backward-shift deletion: no tombstones). */
  clear(slot: number): void {
    const index = this.index;
    const mask = this.mask;
    let hole = this.hashes[slot]! & mask;
    while (index[hole] !== slot + 1) hole = (hole + 1) & mask;
    this.lengths[slot] = 0;
    let j = hole;
    for (;;) {
      index[hole] = 0;
      for (;;) {
        j = (j + 1) & mask;
        const e = index[j]!;
        if (e === 0) return;
        const home = this.hashes[e - 1]! & mask;
        // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
        const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
        if (stays) continue;
        index[hole] = e;
        hole = j;
        break;
      }
    }
  }

  /** Grows to `slots` slots, keeping every text in its slot. */
  grow(slots: number): void {
    if (slots <= this.slots) return;
    const text = new Uint8Array(slots * this.width);
    text.set(this.text);
    const lengths = new Uint32Array(slots);
    lengths.set(this.lengths);
    const hashes = new Int32Array(slots);
    hashes.set(this.hashes);
    this.text = text;
    this.lengths = lengths;
    this.hashes = hashes;
    this.index = new Int32Array(indexSize(slots));
    this.mask = this.index.length - 1;
    for (let slot = 0; slot < this.slots; slot++) if (lengths[slot] !== 0) this.link(slot, hashes[slot]!);
    this.slots = slots;
  }

  private link(slot: number, h: number): void {
    let at = h & this.mask;
    while (this.index[at] !== 0) at = (at + 1) & this.mask;
    this.index[at] = slot + 1;
  }

  private sameText(slot: number, s: string): boolean {
    const base = slot * this.width;
    const n = Math.min(s.length, this.width);
    for (let i = 0; i < n; i++) if (this.text[base + i] !== (s.charCodeAt(i) & 0xff)) return false;
    return true;
  }
}

/** Index length for `slots`: a power of two at least twice the slots (load factor <= 0.5). */
function indexSize(slots: number): number {
  let size = 2;
  while (size < slots * 2) size *= 2;
  return size;
}
