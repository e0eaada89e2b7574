import { describe, expect, test } from "bun:test";
import { createActor, createMachine, fromPromise } from "xstate";
import { createSupervisor, deliver, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import { liveDescendants } from "../../src/machines/actor-tree.ts";
import { TestClock, worker } from "./helpers.ts";

function nestedTree(log: string[]) {
  const sub2 = createSupervisor({
    id: "sub2",
    children: [
      { id: "p", logic: worker("p", log), restart: "permanent" },
      { id: "q", logic: worker("q", log), restart: "permanent" },
    ],
  });
  const sub1 = createSupervisor({
    id: "sub1",
    children: [
      { id: "x", logic: worker("x", log), restart: "permanent" },
      { id: "y", logic: worker("y", log), restart: "transient" },
      { id: "sub2", logic: sub2, restart: "permanent" },
    ],
  });
  return createSupervisor({
    id: "root",
    strategy: "one_for_all",
    backoff: { initialMs: 10, factor: 2, maxMs: 100 },
    children: [
      { id: "a", logic: worker("a", log), restart: "permanent" },
      { id: "sub1", logic: sub1, restart: "permanent" },
      { id: "b", logic: worker("b", log), restart: "temporary" },
    ],
  });
}

describe("shutdown in reverse start order", () => {
  test("shutdownTree stops every level in reverse start order, then the root", async () => {
    const log: string[] = [];
    const root = startRootSupervisor(nestedTree(log), { clock: new TestClock(), onError: () => {} });
    expect(log).toEqual(["start:a", "start:x", "start:y", "start:p", "start:q", "start:b"]);
    log.length = 0;
    await shutdownTree(root);
    expect(log).toEqual(["stop:b", "stop:q", "stop:p", "stop:y", "stop:x", "stop:a"]);
    expect(root.getSnapshot().status).toBe("stopped");
    expect(liveDescendants(root)).toEqual([]);
  });

  test("supervisor.shutdown leaves the supervisor idle: nothing restarts, deliveries count as dropped", () => {
    const log: string[] = [];
    const clock = new TestClock();
    const root = startRootSupervisor(nestedTree(log), { clock, onError: () => {} });
    root.send({ type: "supervisor.shutdown" });
    expect(root.getSnapshot().value).toBe("stopped");
    log.length = 0;
    deliver(root, "a", { type: "hello" });
    clock.increment(1_000);
    expect(log).toEqual([]);
    const ctx = root.getSnapshot().context;
    expect(ctx.children.a!.dropped).toBe(1);
    expect(Object.values(ctx.children).map((c) => c.status)).toEqual(["stopped", "stopped", "stopped"]);
    root.stop();
  });

  test("a sibling supervisor stopped by one_for_all stops its own children in reverse order first", async () => {
    const log: string[] = [];
    const clock = new TestClock();
    const root = startRootSupervisor(nestedTree(log), { clock, onError: () => {} });
    log.length = 0;
    deliver(root, "a", { type: "crash" });
    // b is temporary: stopped with the group, not restarted (OTP)
    expect(log).toEqual(["stop:a", "stop:b", "stop:q", "stop:p", "stop:y", "stop:x"]);
    clock.increment(10);
    expect(log.slice(6)).toEqual(["start:a", "start:x", "start:y", "start:p", "start:q"]);
    expect(root.getSnapshot().context.children.b!.status).toBe("removed");
    await shutdownTree(root);
  });

  test("fromPromise children are aborted on shutdown", async () => {
    const aborted: string[] = [];
    const hang = (name: string) =>
      fromPromise<void>(({ signal }) => new Promise<void>(() => signal.addEventListener("abort", () => aborted.push(name))));
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        children: ["one", "two", "three"].map((id) => ({ id, logic: hang(id), restart: "permanent" as const })),
      }),
      { onError: () => {} },
    );
    await shutdownTree(root);
    expect(aborted).toEqual(["three", "two", "one"]);
  });

  test("shutdownTree on a plain machine root stops its children in reverse order too", async () => {
    const log: string[] = [];
    const machine = createMachine({
      invoke: [
        { id: "first", src: worker("first", log) },
        { id: "second", src: worker("second", log) },
        { id: "third", src: worker("third", log) },
      ],
    });
    const root = createActor(machine);
    root.subscribe({ error: () => {} });
    root.start();
    log.length = 0;
    await shutdownTree(root);
    expect(log).toEqual(["stop:third", "stop:second", "stop:first"]);
  });
});
