import { describe, expect, test } from "bun:test";
import { idleDeviceWritable } from "../runtime/idle-device.ts";
import { currentIdleLatencyUs } from "../../src/runtime/idle-latency.ts";
import { holdForRun, idleNote } from "../../bench/lib/idle-latency.ts";

describe("bench: idle cores poll during the latency runs", () => {
  test.skipIf(!idleDeviceWritable)("the bench's hold says what it held", () => {
    const h = holdForRun({});
    try {
      expect(idleNote(h)).toContain("held at 0 us");
    } finally {
      h.release();
    }
  });

  test("BENCH_POLL_IDLE=0 holds nothing and the results say so", () => {
    const before = currentIdleLatencyUs();
    const h = holdForRun({ BENCH_POLL_IDLE: "0" });
    expect(h.held).toBe(false);
    expect(idleNote(h)).toContain("BENCH_POLL_IDLE=0");
    expect(currentIdleLatencyUs()).toBe(before);
    h.release();
  });
});
