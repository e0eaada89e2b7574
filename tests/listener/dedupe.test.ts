import { describe, expect, test } from "bun:test";
import bs58 from "bs58";
import { SignatureRing } from "../../src/listener/dedupe.ts";
import { seededRng } from "../../src/rng.ts";

/** The obvious implementation the typed-array ring must agree with: an array ring plus a Set. */
class ReferenceRing {
  private readonly ring: (string | undefined)[];
  private readonly set = new Set<string>();
  private next = 0;
  evicted = 0;
  constructor(readonly capacity: number) {
    this.ring = new Array<string | undefined>(capacity);
  }
  has(s: string): boolean {
    return this.set.has(s);
  }
  add(s: string): boolean {
    if (this.set.has(s)) return false;
    const old = this.ring[this.next];
    if (old !== undefined) {
      this.set.delete(old);
      this.evicted++;
    }
    this.ring[this.next] = s;
    this.set.add(s);
    this.next = (this.next + 1) % this.capacity;
    return true;
  }
  get size(): number {
    return this.set.size;
  }
}

describe("SignatureRing against a Set-based reference", () => {
  test("seeded: 300,000 random adds and lookups over small and large rings agree step by step", () => {
    const rng = seededRng(42);
    const signature = (): string => bs58.encode(Uint8Array.from({ length: 64 }, () => Math.floor(rng.next() * 256)));
    for (const capacity of [1, 2, 3, 7, 64, 1000]) {
      const ring = new SignatureRing(capacity);
      const ref = new ReferenceRing(capacity);
      // A pool a little larger than the ring, so adds hit duplicates, evicted ones and new ones alike.
      const pool = Array.from({ length: capacity * 2 + 3 }, signature);
      pool.push("", "x", "x".repeat(200), "y".repeat(200), "ü€𝄞", "ü€𝄟");
      for (let i = 0; i < 50_000; i++) {
        const s = pool[Math.floor(rng.next() * pool.length)]!;
        if (rng.next() < 0.3) expect(ring.has(s)).toBe(ref.has(s));
        else expect(ring.add(s)).toBe(ref.add(s));
        if (rng.next() < 0.01) pool[Math.floor(rng.next() * pool.length)] = signature();
      }
      for (const s of pool) expect(ring.has(s)).toBe(ref.has(s));
      expect(ring.size).toBe(ref.size);
      expect(ring.evicted).toBe(ref.evicted);
    }
  });

  test("signatures that differ only in their last character are different", () => {
    const a = "5".repeat(87) + "a";
    const b = "5".repeat(87) + "b";
    const ring = new SignatureRing(10);
    expect(ring.add(a)).toBe(true);
    expect(ring.has(b)).toBe(false);
    expect(ring.add(b)).toBe(true);
    expect(ring.add(a)).toBe(false);
  });

  test("holds no JS strings: the memory it keeps does not grow with what it has seen", () => {
    const ring = new SignatureRing(1000);
    // Signatures sliced out of large frames: a ring that kept the strings would keep the frames.
    for (let i = 0; i < 400; i++) ring.add(((i.toString(36) + "_").repeat(20_000) + i).slice(0, 88));
    Bun.gc(true);
    const before = process.memoryUsage().heapUsed;
    for (let i = 400; i < 800; i++) ring.add(((i.toString(36) + "_").repeat(20_000) + i).slice(0, 88));
    Bun.gc(true);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(5 * 1024 * 1024);
    expect(ring.size).toBe(800);
  });
});
