import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { Coalescer } from "../../src/throttle/index.ts";
import { FakeTimers } from "./fake-timers.ts";

function make(intervalMs: number, maxKeys = 10_000) {
  const t = new FakeTimers();
  const out: Array<{ key: string; value: number; at: number }> = [];
  const c = new Coalescer<string, number>({ intervalMs, maxKeys, now: t.now, timers: t, deliver: (key, value) => out.push({ key, value, at: t.time }) });
  return { t, out, c };
}

describe("Coalescer", () => {
  test("first update of a quiet key goes out at once; a burst delivers its last value on the trailing edge", () => {
    const { t, out, c } = make(100);
    c.update("a", 1);
    expect(out).toEqual([{ key: "a", value: 1, at: 0 }]);
    t.advance(10);
    c.update("a", 2);
    t.advance(10);
    c.update("a", 3);
    t.advance(79);
    expect(out).toHaveLength(1);
    t.advance(1);
    expect(out[1]).toEqual({ key: "a", value: 3, at: 100 });
    expect(c.stats()).toMatchObject({ delivered: 2, coalesced: 1 });
  });

  test("one timer for all keys", () => {
    const { t, c } = make(100);
    for (let i = 0; i < 50; i++) c.update(`k${i}`, i);
    for (let i = 0; i < 50; i++) c.update(`k${i}`, i + 1);
    expect(t.active).toBe(1);
  });

  test("evicts the least recently updated key after delivering its pending value", () => {
    const { out, c } = make(100, 2);
    c.update("a", 1);
    c.update("b", 1);
    c.update("a", 2); // pending; a is now most recent
    c.update("b", 2); // pending
    c.update("c", 1); // full: evict a (least recently updated), delivering a=2 first
    expect(out.map((d) => `${d.key}=${d.value}`)).toEqual(["a=1", "b=1", "a=2", "c=1"]);
    expect(c.stats()).toMatchObject({ keys: 2, evicted: 1 });
  });

  test("stop flushes pending values and clears the timer", () => {
    const { t, out, c } = make(1_000);
    c.update("a", 1);
    c.update("a", 2);
    c.stop();
    expect(out.map((d) => d.value)).toEqual([1, 2]);
    expect(t.active).toBe(0);
    c.update("a", 3);
    expect(out).toHaveLength(2);
  });

  test("property: every key's last value is delivered; deliveries of a key are >= interval apart", () => {
    const op = fc.record({ key: fc.constantFrom("a", "b", "c", "d"), gap: fc.integer({ min: 0, max: 250 }) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 200 }), (ops, interval) => {
        const { t, out, c } = make(interval);
        const last = new Map<string, number>();
        ops.forEach((o, i) => {
          t.advance(o.gap);
          c.update(o.key, i);
          last.set(o.key, i);
        });
        t.advance(interval * 2); // no stop(): the timer alone must deliver the trailing values
        for (const [key, value] of last) {
          const mine = out.filter((d) => d.key === key);
          expect(mine.at(-1)?.value).toBe(value);
          for (let i = 1; i < mine.length; i++) expect(mine[i]!.at - mine[i - 1]!.at).toBeGreaterThanOrEqual(interval);
          // values go out in update order
          for (let i = 1; i < mine.length; i++) expect(mine[i]!.value).toBeGreaterThan(mine[i - 1]!.value);
        }
        expect(t.active).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
