import { describe, expect, test } from "bun:test";
import type { AnyActorRef, InspectionEvent } from "xstate";
import { createSupervisor, deliver, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import type { RestartRecord } from "../../src/domain/restart-record.ts";
import { TestClock, worker } from "./helpers.ts";

describe("restart records", () => {
  test("every restart in the tree is journalled with actor, supervisor, clock time, reason and count", async () => {
    const log: string[] = [];
    const clock = new TestClock();
    clock.set(1_700_000_000_000);
    const journal: RestartRecord[] = [];
    const inner = createSupervisor({
      id: "inner",
      strategy: "rest_for_one",
      backoff: { initialMs: 10, factor: 2, maxMs: 100 },
      children: [
        { id: "p", logic: worker("p", log), restart: "permanent" },
        { id: "q", logic: worker("q", log), restart: "transient" },
      ],
    });
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        backoff: { initialMs: 10, factor: 2, maxMs: 100 },
        children: [
          { id: "a", logic: worker("a", log), restart: "permanent" },
          { id: "inner", logic: inner, restart: "permanent" },
        ],
      }),
      { clock, onError: () => {}, onRestart: (r) => journal.push(r) },
    );
    const t0 = clock.now();
    deliver(root, "a", { type: "crash" });
    clock.increment(10);
    deliver(root, "a", { type: "crash" });
    clock.increment(20);
    deliver(root, ["inner", "p"], { type: "crash" });
    clock.increment(10);
    expect(journal).toEqual([
      { actorId: "a", supervisorId: "root", at: t0, reason: "boom a", count: 1 },
      { actorId: "a", supervisorId: "root", at: t0 + 10, reason: "boom a", count: 2 },
      { actorId: "p", supervisorId: "inner", at: t0 + 30, reason: "boom p", count: 1 },
      { actorId: "q", supervisorId: "inner", at: t0 + 30, reason: "sibling p: boom p", count: 1 },
    ]);
    const ctx = root.getSnapshot().context;
    expect(ctx.restartLog).toEqual(journal.slice(0, 2));
    expect(ctx.restartCounts).toEqual({ a: 2, inner: 0 });
    const innerCtx = ((root.getSnapshot().children as Record<string, AnyActorRef>).inner!.getSnapshot() as { context: typeof ctx }).context;
    expect(innerCtx.restartCounts).toEqual({ p: 1, q: 1 });
    expect(innerCtx.restartLog).toEqual(journal.slice(2));
    await shutdownTree(root);
  });

  test("the kept log is bounded, newest last", async () => {
    const clock = new TestClock();
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        recordBound: 3,
        intensity: { maxRestarts: 100, withinMs: 1000 },
        backoff: { initialMs: 1, factor: 1, maxMs: 1 },
        children: [{ id: "a", logic: worker("a", []), restart: "permanent" }],
      }),
      { clock, onError: () => {} },
    );
    for (let i = 0; i < 5; i++) {
      deliver(root, "a", { type: "crash" });
      clock.increment(1);
    }
    const ctx = root.getSnapshot().context;
    expect(ctx.restartLog.map((r) => r.count)).toEqual([3, 4, 5]);
    expect(ctx.restartCounts.a).toBe(5);
    await shutdownTree(root);
  });

  test("recordRestart is a named effect the caller can rebind with provide()", async () => {
    const clock = new TestClock();
    const seen: RestartRecord[] = [];
    const logic = createSupervisor({
      id: "root",
      children: [{ id: "a", logic: worker("a", []), restart: "permanent" }],
    }).provide({ actions: { recordRestart: (_, record: RestartRecord) => void seen.push(record) } });
    const root = startRootSupervisor(logic, { clock, onError: () => {} });
    deliver(root, "a", { type: "crash" });
    expect(seen.map((r) => [r.actorId, r.count])).toEqual([["a", 1]]);
    expect(root.getSnapshot().context.restartLog).toEqual([]);
    expect(root.getSnapshot().context.restartCounts.a).toBe(1);
    await shutdownTree(root);
  });

  test("the inspect option sees the child error events that carry crashes", async () => {
    const clock = new TestClock();
    const events: string[] = [];
    const root = startRootSupervisor(
      createSupervisor({ id: "root", children: [{ id: "a", logic: worker("a", []), restart: "permanent" }] }),
      { clock, onError: () => {}, inspect: (e: InspectionEvent) => void (e.type === "@xstate.event" && events.push(e.event.type)) },
    );
    deliver(root, "a", { type: "crash" });
    expect(events).toContain("supervisor.child.failed");
    await shutdownTree(root);
  });
});
