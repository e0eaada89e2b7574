import { describe, expect, test } from "bun:test";
import { idleDeviceWritable } from "./idle-device.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/index.ts";
import { currentIdleLatencyUs, holdIdleLatency, pollIdleCores } from "../../src/runtime/idle-latency.ts";

describe("idle cores poll (/dev/cpu_dma_latency)", () => {
  // Needs write access to the device (root): the kernel's aggregate request reads 0 while held, its old value after.
  test.skipIf(!idleDeviceWritable)("the request is in force while held and gone once released", () => {
    const before = currentIdleLatencyUs();
    const h = holdIdleLatency(0);
    try {
      expect(h.held).toBe(true);
      expect(h.reason).toBeNull();
      expect(currentIdleLatencyUs()).toBe(0);
    } finally {
      h.release();
      h.release();
    }
    expect(currentIdleLatencyUs()).toBe(before);
  });

  test("listener.pollIdleCores off holds nothing and logs nothing", () => {
    const lines: string[] = [];
    const h = pollIdleCores(false, { info: (m) => lines.push(m), warn: (_f, m) => lines.push(m) });
    expect(h.held).toBe(false);
    expect(lines).toEqual([]);
  });

  test("listener.pollIdleCores on: held and logged, or refused with the device's error code", () => {
    const infos: string[] = [];
    const warns: { reason: string | null; msg: string }[] = [];
    const h = pollIdleCores(true, { info: (m) => infos.push(m), warn: (f, msg) => warns.push({ reason: f.reason, msg }) });
    try {
      if (idleDeviceWritable) {
        expect(h.held).toBe(true);
        expect(currentIdleLatencyUs()).toBe(0);
        expect(infos[0]).toContain("held at 0 us");
        expect(warns).toEqual([]);
      } else {
        expect(h.held).toBe(false);
        expect(warns[0]!.reason).toMatch(/^\/dev\/cpu_dma_latency: E[A-Z]+$/);
        expect(infos).toEqual([]);
      }
    } finally {
      h.release();
    }
  });
});

describe("listener.pollIdleCores in the config", () => {
  test("off by default; SNIPER_LISTENER__POLL_IDLE_CORES=true turns it on", () => {
    const cwd = mkdtempSync(join(tmpdir(), "idle-cfg-"));
    try {
      expect(loadConfig({ argv: [], env: {}, cwd }).config.listener.pollIdleCores).toBe(false);
      expect(loadConfig({ argv: [], env: { SNIPER_LISTENER__POLL_IDLE_CORES: "true" }, cwd }).config.listener.pollIdleCores).toBe(true);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
