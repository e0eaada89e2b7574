import { describe, expect, test } from "bun:test";
import { BUY, harness } from "./harness.ts";

describe("reserve then activate (the snipe path's split open)", () => {
  test("reserve only makes the opening position (nothing written before the send); activate saves and starts it; both are idempotent", () => {
    const h = harness();
    const id = h.port.reserve(BUY, { name: "N", symbol: "S" });
    expect(h.store.loadPosition(id)).toBeUndefined();
    expect(h.store.saves).toBe(0);
    expect(h.port.list().some((r) => r.positionId === id)).toBe(false);
    expect(h.port.reserve(BUY)).toBe(id);
    h.port.activate(id);
    expect(h.store.loadPosition(id)).toMatchObject({ status: "opening", name: "N", symbol: "S" });
    h.port.activate(id);
    expect(h.port.list().filter((r) => r.positionId === id)).toHaveLength(1);
    h.manager.stop();
  });

  test("a store that fails in activate still leaves the position managed, and the caller hears of it", () => {
    const h = harness();
    h.store.savePositionAhead = () => {
      throw new Error("disk full");
    };
    const id = h.port.reserve(BUY);
    expect(() => h.port.activate(id)).toThrow("disk full");
    expect(h.port.list().map((r) => [r.positionId, r.status])).toEqual([[id, "opening"]]);
    h.manager.stop();
  });
});
