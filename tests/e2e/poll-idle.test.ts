/**
 * `listener.pollIdleCores`: the whole bot holds idle cores polling while it runs and drops the request
 * when it stops (or, without access to /dev/cpu_dma_latency, says why it could not).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { idleDeviceWritable } from "../runtime/idle-device.ts";
import { currentIdleLatencyUs } from "../../src/runtime/idle-latency.ts";
import { cleanupAll, startCluster, startTestBot } from "./harness.ts";

afterEach(cleanupAll);

describe("e2e: listener.pollIdleCores", () => {
  test("held from start to shutdown, logged either way", async () => {
    const before = currentIdleLatencyUs();
    const cluster = await startCluster();
    const run = await startTestBot(cluster, { mode: "paper", env: { SNIPER_LISTENER__POLL_IDLE_CORES: "true" } });
    const messages = run.logging.ring.since(0).map((r) => String(r.msg ?? ""));
    if (idleDeviceWritable) {
      expect(currentIdleLatencyUs()).toBe(0);
      expect(messages.some((m) => m.startsWith("idle cores poll"))).toBe(true);
    } else {
      expect(messages.some((m) => m.startsWith("listener.pollIdleCores: idle cores left to the kernel"))).toBe(true);
    }
    expect(await run.stop()).toBe(0);
    expect(currentIdleLatencyUs()).toBe(before);
  }, 30_000);
});
