/**
 * Bounded de-duplication by signature: a ring of the last N signatures with an open-addressing index,
 * all of it in typed arrays. Policy when full: the oldest signature is forgotten (drop-oldest). N must
 * exceed what one burst of duplicates can span (the other endpoints' lag plus one backfill window); the
 * default 20 000 covers minutes of pump.fun traffic.
 *
 * Why typed arrays and not a `Set<string>`: the ring is written at every frame, so a JS Set and array
 * of 20 000 strings sit in the collector's remembered set and are rescanned whole at every young
 * collection (isolated with `BUN_JSC_logGC=1`, at the bot's frame rate: 1.75 ms a collection instead of
 * 0.18 ms; the bot makes 3-4 a second under load). Bytes in typed arrays are not scanned at all.
 *
 * Exactness: a signature is kept as its text (base58, at most 88 characters), so two signatures are
 * equal only when their texts are. Text that is not a signature (longer than 88 characters, or with
 * characters above U+00FF) keeps only its first 88 low bytes, its length and a 32-bit hash; two such
 * texts that agree on all three count as one.
 */
const WIDTH = 88;

/** FNV-1a over the UTF-16 code units of `s`. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Drop-oldest set of the last `capacity` signatures seen. */
export class SignatureRing {
  /** Slot i's text: bytes [i*88, i*88 + min(length, 88)). */
  private readonly text: Uint8Array;
  /** Slot i's text length + 1; 0 = empty slot. */
  private readonly lengths: Uint32Array;
  private readonly hashes: Int32Array;
  /** Open addressing, linear probing: slot + 1, or 0 for empty. Load factor <= 0.5. */
  private readonly index: Int32Array;
  private readonly mask: number;
  private next = 0;
  private count = 0;
  /** Signatures forgotten because the ring was full. */
  evicted = 0;

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError("dedupe capacity must be a positive integer");
    this.text = new Uint8Array(capacity * WIDTH);
    this.lengths = new Uint32Array(capacity);
    this.hashes = new Int32Array(capacity);
    let size = 2;
    while (size < capacity * 2) size *= 2;
    this.index = new Int32Array(size);
    this.mask = size - 1;
  }

  /** True when `signature` was seen among the last N. */
  has(signature: string): boolean {
    return this.find(signature, hashOf(signature)) >= 0;
  }

  /** Records `signature`; false (nothing changed) when it was already there. */
  add(signature: string): boolean {
    const h = hashOf(signature);
    if (this.find(signature, h) >= 0) return false;
    const slot = this.next;
    if (this.lengths[slot] !== 0) {
      this.unindex(slot);
      this.evicted++;
    } else this.count++;
    const base = slot * WIDTH;
    const n = Math.min(signature.length, WIDTH);
    for (let i = 0; i < n; i++) this.text[base + i] = signature.charCodeAt(i);
    this.lengths[slot] = signature.length + 1;
    this.hashes[slot] = h;
    let at = h & this.mask;
    while (this.index[at] !== 0) at = (at + 1) & this.mask;
    this.index[at] = slot + 1;
    this.next = (slot + 1) % this.capacity;
    return true;
  }

  /** Signatures remembered now. */
  get size(): number {
    return this.count;
  }

  /** Index position of `signature` (hash `h`), or -1. */
  private find(signature: string, h: number): number {
    const len = signature.length + 1;
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const s = this.index[at]!;
      if (s === 0) return -1;
      const slot = s - 1;
      if (this.hashes[slot] === h && this.lengths[slot] === len && this.sameText(slot, signature)) return at;
    }
  }

  private sameText(slot: number, signature: string): boolean {
    const base = slot * WIDTH;
    const n = Math.min(signature.length, WIDTH);
    for (let i = 0; i < n; i++) if (this.text[base + i] !== (signature.charCodeAt(i) & 0xff)) return false;
    return true;
  }

  /** Removes `slot` from the index (backward-shift deletion: no tombstones, probes stay short). */
  private unindex(slot: number): void {
    const index = this.index;
    const mask = this.mask;
    let hole = this.hashes[slot]! & mask;
    while (index[hole] !== slot + 1) hole = (hole + 1) & mask;
    let j = hole;
    for (;;) {
      index[hole] = 0;
      for (;;) {
        j = (j + 1) & mask;
        const s = index[j]!;
        if (s === 0) return;
        const home = this.hashes[s - 1]! & mask;
        // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
        const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
        if (stays) continue;
        index[hole] = s;
        hole = j;
        break;
      }
    }
  }
}
