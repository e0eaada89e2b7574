import { afterEach, describe, expect, test } from "bun:test";
import type { AnyActorRef } from "xstate";
import { createSupervisor, deliver, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import type { RestartType, Strategy } from "../../src/domain/supervision.ts";
import { flush, promiseChild, TestClock, worker, type PromiseHandle } from "./helpers.ts";

const roots: AnyActorRef[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await shutdownTree(root);
});

function tree(strategy: Strategy, log: string[], errors: unknown[] = []) {
  const clock = new TestClock();
  const logic = createSupervisor({
    id: "sup",
    strategy,
    backoff: { initialMs: 100, factor: 2, maxMs: 1000 },
    children: ["a", "b", "c", "d"].map((id) => ({ id, logic: worker(id, log), restart: "permanent" as const })),
  });
  const root = startRootSupervisor(logic, { clock, onError: (e) => errors.push(e) });
  roots.push(root);
  return { root, clock };
}

describe("supervisor strategies (observed stop and start order)", () => {
  const table: Array<[Strategy, string, string[]]> = [
    ["one_for_one", "b", ["stop:b", "start:b"]],
    ["one_for_all", "b", ["stop:b", "stop:d", "stop:c", "stop:a", "start:a", "start:b", "start:c", "start:d"]],
    ["rest_for_one", "b", ["stop:b", "stop:d", "stop:c", "start:b", "start:c", "start:d"]],
    ["rest_for_one", "d", ["stop:d", "start:d"]],
    ["rest_for_one", "a", ["stop:a", "stop:d", "stop:c", "stop:b", "start:a", "start:b", "start:c", "start:d"]],
  ];
  for (const [strategy, crashed, expected] of table) {
    test(`${strategy}: ${crashed} crashes`, () => {
      const log: string[] = [];
      const { root, clock } = tree(strategy, log);
      expect(log).toEqual(["start:a", "start:b", "start:c", "start:d"]);
      log.length = 0;
      deliver(root, crashed, { type: "crash" });
      // stopped at once, restarted only after the backoff
      expect(log).toEqual(expected.filter((e) => e.startsWith("stop:")));
      clock.increment(99);
      expect(log.some((e) => e.startsWith("start:"))).toBe(false);
      clock.increment(1);
      expect(log).toEqual(expected);
      const counts = root.getSnapshot().context.restartCounts;
      const restarted = expected.filter((e) => e.startsWith("start:")).map((e) => e.slice(6));
      for (const id of ["a", "b", "c", "d"]) expect(counts[id]).toBe(restarted.includes(id) ? 1 : 0);
    });
  }
});

describe("supervisor restart types (crash vs normal exit)", () => {
  const table: Array<[RestartType, "crash" | "normal", boolean]> = [
    ["permanent", "crash", true],
    ["permanent", "normal", true],
    ["transient", "crash", true],
    ["transient", "normal", false],
    ["temporary", "crash", false],
    ["temporary", "normal", false],
  ];
  for (const [restart, exit, restarted] of table) {
    test(`${restart} child after ${exit} ${restarted ? "is" : "is not"} restarted`, async () => {
      const log: string[] = [];
      const handles: Record<string, PromiseHandle> = {};
      const clock = new TestClock();
      const logic = createSupervisor({
        id: "sup",
        strategy: "one_for_all",
        backoff: { initialMs: 10, factor: 2, maxMs: 100 },
        children: [
          { id: "x", logic: promiseChild("x", log, handles), restart },
          { id: "other", logic: worker("other", log), restart: "permanent" },
        ],
      });
      const root = startRootSupervisor(logic, { clock, onError: () => {} });
      roots.push(root);
      log.length = 0;
      if (exit === "crash") handles.x!.reject(new Error("x failed"));
      else handles.x!.resolve("finished");
      await flush();
      clock.increment(10);
      const ctx = root.getSnapshot().context;
      if (restarted) {
        // one_for_all: the sibling goes down and comes back with it
        expect(log).toEqual(["stop:other", "start:x", "start:other"]);
        expect(ctx.children.x!.status).toBe("running");
        expect(ctx.restartLog.map((r) => r.actorId)).toEqual(["x", "other"]);
        expect(ctx.restartLog[0]!.reason).toBe(exit === "crash" ? "x failed" : "exit");
      } else {
        // not restarted: removed alone, the sibling untouched
        expect(log).toEqual([]);
        expect(ctx.children.x!.status).toBe("removed");
        expect(ctx.restartLog).toEqual([]);
        expect((root.getSnapshot().children as Record<string, AnyActorRef>).x).toBeUndefined();
      }
    });
  }

  test("a long-lived fromPromise loop is aborted through its signal and restarted", async () => {
    const log: string[] = [];
    const clock = new TestClock();
    let ticks = 0;
    const { fromPromise } = await import("xstate");
    const loop = fromPromise<void>(async ({ signal }) => {
      log.push("start:loop");
      signal.addEventListener("abort", () => log.push("stop:loop"));
      while (!signal.aborted) {
        ticks++;
        if (ticks === 3) throw new Error("loop broke");
        await new Promise((r) => setTimeout(r, 0));
      }
    });
    const root = startRootSupervisor(
      createSupervisor({ id: "sup", backoff: { initialMs: 50, factor: 2, maxMs: 100 }, children: [{ id: "loop", logic: loop, restart: "permanent" }] }),
      { clock, onError: () => {} },
    );
    roots.push(root);
    await flush();
    await flush();
    expect(root.getSnapshot().context.children.loop!.status).toBe("backoff");
    clock.increment(50);
    expect(log).toEqual(["start:loop", "start:loop"]);
    await shutdownTree(root);
    expect(log).toEqual(["start:loop", "start:loop", "stop:loop"]);
  });
});
