import { describe, expect, test } from "bun:test";
import { heapStats } from "bun:jsc";
import bs58 from "bs58";
import { TextSet } from "../src/text-set.ts";
import { TextRing } from "../src/text-ring.ts";
import { fitsShortText, hashText, ShortTextTable } from "../src/short-text-table.ts";
import { seededRng } from "../src/rng.ts";

describe("TextSet against a Set", () => {
  test("seeded: 200,000 random adds and lookups agree step by step (growth from 1 slot included)", () => {
    const rng = seededRng(7);
    const mint = (): string => bs58.encode(Uint8Array.from({ length: 32 }, () => Math.floor(rng.next() * 256)));
    for (const initial of [1, 2, 16, 256]) {
      const set = new TextSet([], 44, initial);
      const ref = new Set<string>();
      const pool = Array.from({ length: 3000 }, mint);
      // Texts the table cannot keep exactly: same first 44 characters, longer, or beyond Latin-1.
      pool.push("", "x", "m".repeat(44), "m".repeat(45), "m".repeat(44) + "n", "ü€", "ü€𝄞", "ÿ".repeat(44));
      for (let i = 0; i < 50_000; i++) {
        const s = pool[Math.floor(rng.next() * pool.length)]!;
        const r = rng.next();
        if (r < 0.3) expect(set.has(s)).toBe(ref.has(s));
        else {
          set.add(s);
          ref.add(s);
        }
        expect(set.size).toBe(ref.size);
      }
      for (const s of pool) expect(set.has(s)).toBe(ref.has(s));
    }
  });

  test("exact: texts equal on their first 44 characters, or in their low bytes, are still told apart", () => {
    const base = "7".repeat(44);
    const set = new TextSet([base]);
    expect(set.has(base)).toBe(true);
    expect(set.has(`${base}x`)).toBe(false);
    set.add(`${base}x`);
    expect(set.has(`${base}y`)).toBe(false);
    // U+0141 and U+0041 share their low byte (0x41).
    set.add("\u0141bc");
    expect(set.has("Abc")).toBe(false);
    expect(set.has("\u0141bc")).toBe(true);
    expect(set.size).toBe(3);
  });

  test("slotFor gives slots in order and the same slot again; slotOf finds them; wide texts get none", () => {
    const set = new TextSet([], 44, 1);
    expect([set.slotFor("a"), set.slotFor("b"), set.slotFor("a"), set.slotFor("c")]).toEqual([0, 1, 0, 2]);
    expect(set.capacity).toBeGreaterThanOrEqual(3);
    expect([set.slotOf("c"), set.slotOf("d")]).toEqual([2, -1]);
    expect(set.slotFor("x".repeat(45))).toBe(-1);
    expect(set.slotOf("x".repeat(45))).toBe(-1);
    expect(set.has("x".repeat(45))).toBe(true);
    expect(set.size).toBe(4);
  });

  test("built from an iterable, like new Set(values)", () => {
    const set = new TextSet(["a", "b", "a"]);
    expect(set.size).toBe(2);
    expect(set.has("a") && set.has("b")).toBe(true);
  });

  test("holds no string objects: 20,000 mints added leave no strings behind for the collector", () => {
    const rng = seededRng(3);
    const strings = (): number => {
      Bun.gc(true);
      return heapStats().objectTypeCounts.string ?? 0;
    };
    const before = strings();
    const set = new TextSet();
    for (let i = 0; i < 20_000; i++) set.add(bs58.encode(Uint8Array.from({ length: 32 }, () => Math.floor(rng.next() * 256))));
    const after = strings();
    expect(set.size).toBe(20_000);
    // A Set<string> keeps all 20,000 alive; this keeps bytes only.
    expect(after - before).toBeLessThan(1_000);
  });
});

describe("ShortTextTable", () => {
  test("fitsShortText: at most `width` characters, none above U+00FF", () => {
    expect(fitsShortText("", 4)).toBe(true);
    expect(fitsShortText("abcd", 4)).toBe(true);
    expect(fitsShortText("abcde", 4)).toBe(false);
    expect(fitsShortText("ÿÿ", 4)).toBe(true);
    expect(fitsShortText("Ā", 4)).toBe(false);
  });

  test("grow keeps every text findable in its own slot, and cleared slots stay empty", () => {
    const t = new ShortTextTable(4, 8);
    const texts = ["a", "bb", "ccc", "dddd"];
    texts.forEach((s, i) => t.put(i, s, hashText(s)));
    t.clear(1);
    t.grow(64);
    expect(t.capacity).toBe(64);
    expect(t.find("a", hashText("a"))).toBe(0);
    expect(t.find("bb", hashText("bb"))).toBe(-1);
    expect(t.used(1)).toBe(false);
    expect(t.find("ccc", hashText("ccc"))).toBe(2);
    expect(t.find("dddd", hashText("dddd"))).toBe(3);
    t.put(40, "eeeee", hashText("eeeee"));
    expect(t.find("eeeee", hashText("eeeee"))).toBe(40);
  });

  test("a size that is not a positive integer is refused", () => {
    expect(() => new ShortTextTable(0, 8)).toThrow(RangeError);
    expect(() => new ShortTextTable(1.5, 8)).toThrow(RangeError);
  });
});

describe("TextRing: drop-oldest, growing on demand up to its capacity", () => {
  test("seeded: agrees with an array ring plus a Set, from a 1-slot start to capacity and around", () => {
    const rng = seededRng(11);
    for (const [capacity, initial] of [[1, 1], [5, 1], [100, 1], [100, 7], [1000, 256], [1000, 5000]] as const) {
      const ring = new TextRing(capacity, 44, initial);
      const order: string[] = [];
      const ref = new Set<string>();
      let evicted = 0;
      const pool = Array.from({ length: capacity * 2 + 5 }, (_, i) => `m${i}_${Math.floor(rng.next() * 1e9)}`);
      for (let i = 0; i < 20_000; i++) {
        const s = pool[Math.floor(rng.next() * pool.length)]!;
        if (rng.next() < 0.3) {
          expect(ring.has(s)).toBe(ref.has(s));
          continue;
        }
        const fresh = !ref.has(s);
        if (fresh) {
          order.push(s);
          ref.add(s);
          if (order.length > capacity) {
            ref.delete(order.shift()!);
            evicted++;
          }
        }
        expect(ring.add(s)).toBe(fresh);
        expect(ring.size).toBe(ref.size);
      }
      expect(ring.evicted).toBe(evicted);
      for (const s of pool) expect(ring.has(s)).toBe(ref.has(s));
    }
  });

  test("a capacity that is not a positive integer is refused", () => {
    expect(() => new TextRing(0, 44)).toThrow(RangeError);
    expect(() => new TextRing(2.5, 44)).toThrow(RangeError);
  });
});
