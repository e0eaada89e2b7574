import { describe, expect, test } from "bun:test";
import { BUY, harness } from "./harness.ts";

describe("reserve then activate (the snipe path's split open)", () => {
  test("reserve saves the opening position at once; activate starts it; both are idempotent", () => {
    const h = harness();
    const id = h.port.reserve(BUY, { name: "N", symbol: "S" });
    expect(h.store.loadPosition(id)?.status).toBe("opening");
    expect(h.port.list().some((r) => r.positionId === id)).toBe(false);
    expect(h.port.reserve(BUY)).toBe(id);
    h.port.activate(id);
    h.port.activate(id);
    expect(h.port.list().filter((r) => r.positionId === id)).toHaveLength(1);
    h.manager.stop();
  });
});
