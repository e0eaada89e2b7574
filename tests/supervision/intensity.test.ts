import { afterEach, describe, expect, test } from "bun:test";
import type { AnyActorRef } from "xstate";
import { createSupervisor, deliver, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import { backoffDelay } from "../../src/domain/supervision.ts";
import { seededRng } from "../../src/rng.ts";
import { TestClock, worker } from "./helpers.ts";

const roots: AnyActorRef[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await shutdownTree(root);
});

function starts(log: string[], name: string): number {
  return log.filter((e) => e === `start:${name}`).length;
}

describe("restart intensity", () => {
  test("maxRestarts restarts within the window are fine; one more escalates after stopping every child", () => {
    const log: string[] = [];
    const errors: unknown[] = [];
    const clock = new TestClock();
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        intensity: { maxRestarts: 3, withinMs: 10_000 },
        backoff: { initialMs: 10, factor: 1, maxMs: 10 },
        children: [
          { id: "a", logic: worker("a", log), restart: "permanent" },
          { id: "b", logic: worker("b", log), restart: "permanent" },
          { id: "c", logic: worker("c", log), restart: "permanent" },
        ],
      }),
      { clock, onError: (e) => errors.push({ error: e, logAtError: [...log] }) },
    );
    roots.push(root);
    for (let i = 0; i < 3; i++) {
      deliver(root, "b", { type: "crash" });
      clock.increment(10);
    }
    expect(starts(log, "b")).toBe(4);
    expect(errors).toEqual([]);
    expect(root.getSnapshot().status).toBe("active");
    log.length = 0;
    deliver(root, "b", { type: "crash" });
    expect(errors).toHaveLength(1);
    const { error, logAtError } = errors[0] as { error: Error; logAtError: string[] };
    expect(error.message).toContain("supervisor root: 4 restarts within 10000 ms exceed 3");
    expect(((error as Error).cause as Error).message).toBe("boom b");
    // step one (stop every child in reverse start order) happened before step two (fail)
    expect(logAtError).toEqual(["stop:c", "stop:b", "stop:a"]);
    expect(root.getSnapshot().status).toBe("error");
    clock.increment(10_000);
    expect(log).toEqual(["stop:c", "stop:b", "stop:a"]);
  });

  test("restarts older than the window no longer count", () => {
    const log: string[] = [];
    const errors: unknown[] = [];
    const clock = new TestClock();
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        intensity: { maxRestarts: 2, withinMs: 1_000 },
        backoff: { initialMs: 10, factor: 1, maxMs: 10 },
        children: [{ id: "a", logic: worker("a", log), restart: "permanent" }],
      }),
      { clock, onError: (e) => errors.push(e) },
    );
    roots.push(root);
    for (let i = 0; i < 10; i++) {
      deliver(root, "a", { type: "crash" });
      clock.increment(600);
    }
    expect(errors).toEqual([]);
    expect(starts(log, "a")).toBe(11);
  });

  test("escalation travels through two nested levels to the root's error observer", () => {
    const log: string[] = [];
    const errors: Error[] = [];
    const clock = new TestClock();
    const inner = createSupervisor({
      id: "inner",
      intensity: { maxRestarts: 1, withinMs: 10_000 },
      backoff: { initialMs: 10, factor: 1, maxMs: 10 },
      children: [
        { id: "leaf", logic: worker("leaf", log), restart: "permanent" },
        { id: "leaf2", logic: worker("leaf2", log), restart: "permanent" },
      ],
    });
    const middle = createSupervisor({
      id: "middle",
      intensity: { maxRestarts: 0, withinMs: 10_000 },
      children: [
        { id: "m1", logic: worker("m1", log), restart: "permanent" },
        { id: "inner", logic: inner, restart: "permanent" },
      ],
    });
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        intensity: { maxRestarts: 0, withinMs: 10_000 },
        children: [
          { id: "r1", logic: worker("r1", log), restart: "permanent" },
          { id: "middle", logic: middle, restart: "permanent" },
        ],
      }),
      { clock, onError: (e) => errors.push(e as Error) },
    );
    roots.push(root);
    expect(log).toEqual(["start:r1", "start:m1", "start:leaf", "start:leaf2"]);
    deliver(root, ["middle", "inner", "leaf"], { type: "crash" });
    clock.increment(10);
    expect(errors).toEqual([]);
    log.length = 0;
    deliver(root, ["middle", "inner", "leaf"], { type: "crash" });
    expect(errors).toHaveLength(1);
    const top = errors[0]!;
    expect(top.message).toContain("supervisor root");
    expect(top.message).toContain("last: middle");
    const mid = top.cause as Error;
    expect(mid.message).toContain("supervisor middle");
    expect((mid.cause as Error).message).toContain("supervisor inner");
    expect(((mid.cause as Error).cause as Error).message).toBe("boom leaf");
    // every level stopped its children before failing: nothing is left running
    expect(log.sort()).toEqual(["stop:leaf", "stop:leaf2", "stop:m1", "stop:r1"]);
  });

  test("a parent restarts an escalated child supervisor per its own policy", () => {
    const log: string[] = [];
    const errors: unknown[] = [];
    const clock = new TestClock();
    const inner = createSupervisor({
      id: "inner",
      intensity: { maxRestarts: 0, withinMs: 10_000 },
      children: [{ id: "leaf", logic: worker("leaf", log), restart: "permanent" }],
    });
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        backoff: { initialMs: 50, factor: 2, maxMs: 500 },
        children: [{ id: "inner", logic: inner, restart: "permanent" }],
      }),
      { clock, onError: (e) => errors.push(e) },
    );
    roots.push(root);
    deliver(root, ["inner", "leaf"], { type: "crash" });
    expect(log).toEqual(["start:leaf", "stop:leaf"]);
    clock.increment(50);
    expect(log).toEqual(["start:leaf", "stop:leaf", "start:leaf"]);
    const ctx = root.getSnapshot().context;
    expect(ctx.restartCounts.inner).toBe(1);
    expect(ctx.restartLog[0]!.reason).toContain("supervisor inner");
    expect(errors).toEqual([]);
  });
});

describe("exponential backoff", () => {
  test("delays are exactly 100, 200, 400, 800, then capped at 1000 (SimulatedClock)", () => {
    const log: string[] = [];
    const clock = new TestClock();
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        intensity: { maxRestarts: 20, withinMs: 1_000_000 },
        backoff: { initialMs: 100, factor: 2, maxMs: 1000 },
        children: [{ id: "a", logic: worker("a", log), restart: "permanent" }],
      }),
      { clock, onError: () => {} },
    );
    roots.push(root);
    for (const delay of [100, 200, 400, 800, 1000, 1000]) {
      const before = starts(log, "a");
      deliver(root, "a", { type: "crash" });
      clock.increment(delay - 1);
      expect(starts(log, "a")).toBe(before);
      expect(root.getSnapshot().context.children.a!.status).toBe("backoff");
      clock.increment(1);
      expect(starts(log, "a")).toBe(before + 1);
    }
  });

  test("jitter draws from the injected RNG and never exceeds the capped delay", () => {
    const log: string[] = [];
    const clock = new TestClock();
    const policy = { initialMs: 100, factor: 2, maxMs: 1000, jitter: 0.5 };
    const expected = seededRng(7);
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        intensity: { maxRestarts: 20, withinMs: 1_000_000 },
        backoff: policy,
        children: [{ id: "a", logic: worker("a", log), restart: "permanent" }],
      }),
      { clock, random: seededRng(7).next, onError: () => {} },
    );
    roots.push(root);
    for (let attempt = 0; attempt < 6; attempt++) {
      const delay = backoffDelay(policy, attempt, expected.next);
      expect(delay).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** attempt));
      const before = starts(log, "a");
      deliver(root, "a", { type: "crash" });
      if (delay > 0) {
        clock.increment(delay - 1);
        expect(starts(log, "a")).toBe(before);
      }
      clock.increment(1);
      expect(starts(log, "a")).toBe(before + 1);
    }
  });
});
