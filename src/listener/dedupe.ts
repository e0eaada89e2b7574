/**
 * Bounded de-duplication by signature: a ring of the last N signatures plus a Set for O(1) lookups.
 * Policy when full: the oldest signature is forgotten (drop-oldest). N must exceed what one burst of
 * duplicates can span (the other endpoints' lag plus one backfill window); the default 20 000 covers
 * minutes of pump.fun traffic.
 */
export class SignatureRing {
  private readonly ring: (string | undefined)[];
  private readonly set = new Set<string>();
  private next = 0;
  /** Signatures forgotten because the ring was full. */
  evicted = 0;

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError("dedupe capacity must be a positive integer");
    this.ring = new Array<string | undefined>(capacity);
  }

  /** True when `signature` was seen among the last N. */
  has(signature: string): boolean {
    return this.set.has(signature);
  }

  /** Records `signature`; false (nothing changed) when it was already there. */
  add(signature: string): boolean {
    if (this.set.has(signature)) return false;
    const old = this.ring[this.next];
    if (old !== undefined) {
      this.set.delete(old);
      this.evicted++;
    }
    this.ring[this.next] = signature;
    this.set.add(signature);
    this.next = (this.next + 1) % this.capacity;
    return true;
  }

  /** Signatures remembered now. */
  get size(): number {
    return this.set.size;
  }
}
