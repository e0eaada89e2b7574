import { describe, expect, test } from "bun:test";
import { BoundedMap } from "../src/bounded-map.ts";

describe("BoundedMap", () => {
  test("keeps at most `limit` entries, evicting the first inserted; re-setting a key keeps its place", () => {
    const m = new BoundedMap<string, number>(3);
    m.set("a", 1);
    m.set("b", 2);
    m.set("c", 3);
    m.set("a", 10);
    m.set("d", 4);
    expect(m.size).toBe(3);
    expect(m.has("a")).toBe(false);
    expect([m.get("b"), m.get("c"), m.get("d")]).toEqual([2, 3, 4]);
  });

  test("stays bounded over many insertions (its order queue is compacted)", () => {
    const m = new BoundedMap<number, number>(100);
    for (let i = 0; i < 100_000; i++) m.set(i, i);
    expect(m.size).toBe(100);
    expect(m.get(99_999)).toBe(99_999);
    expect(m.has(99_899)).toBe(false);
    expect((m as unknown as { order: unknown[] }).order.length).toBeLessThan(2_500);
  });
});
