import { describe, expect, test } from "bun:test";
import { accessSync, constants } from "node:fs";
import { currentIdleLatencyUs, holdIdleLatency, idleNote } from "../../bench/lib/idle-latency.ts";

const writable = (() => {
  try {
    accessSync("/dev/cpu_dma_latency", constants.W_OK);
    return true;
  } catch {
    return false;
  }
})();

describe("bench: idle cores poll during latency runs", () => {
  test("BENCH_POLL_IDLE=0 holds nothing and says so", () => {
    const h = holdIdleLatency(0, { BENCH_POLL_IDLE: "0" });
    expect(h.held).toBe(false);
    expect(idleNote(h)).toContain("BENCH_POLL_IDLE=0");
    h.release();
  });

  // Needs write access to the device (root): the kernel's aggregate request reads 0 while held, its old value after.
  test.skipIf(!writable)("the request is in force while held and gone once released", () => {
    const before = currentIdleLatencyUs();
    const h = holdIdleLatency(0, {});
    try {
      expect(h.held).toBe(true);
      expect(currentIdleLatencyUs()).toBe(0);
      expect(idleNote(h)).toContain("held at 0 us");
    } finally {
      h.release();
      h.release();
    }
    expect(currentIdleLatencyUs()).toBe(before);
  });
});
