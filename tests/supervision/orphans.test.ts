import { describe, expect, test } from "bun:test";
import { createActor, createMachine, spawnChild } from "xstate";
import { createSupervisor, deliver, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import { liveDescendants, stopSubtree } from "../../src/machines/actor-tree.ts";
import { TestClock, worker } from "./helpers.ts";

// A machine that spawns children (one of them with its own child) and whose action can throw.
function fragile(log: string[]) {
  const middle = createMachine({ entry: spawnChild(worker("grandgrandchild", log), { id: "gg" }) });
  return createMachine({
    entry: [spawnChild(worker("g1", log), { id: "g1" }), spawnChild(middle, { id: "g2" }), spawnChild(worker("g3", log), { id: "g3" })],
    on: {
      boom: {
        actions: () => {
          throw new Error("action threw");
        },
      },
    },
  });
}

describe("orphaned grandchildren of a crashed machine (xstate #4726)", () => {
  test("without supervision the grandchildren keep running after the action throws", () => {
    const log: string[] = [];
    const actor = createActor(fragile(log));
    actor.subscribe({ error: () => {} });
    actor.start();
    actor.send({ type: "boom" });
    expect(actor.getSnapshot().status).toBe("error");
    expect(log.filter((e) => e.startsWith("stop:"))).toEqual([]);
    expect(liveDescendants(actor)).toHaveLength(4);
    stopSubtree(actor);
    expect(liveDescendants(actor)).toHaveLength(0);
  });

  test("the supervisor stops the whole subtree (deepest first, reverse order) before the restart", async () => {
    const log: string[] = [];
    const clock = new TestClock();
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        backoff: { initialMs: 10, factor: 2, maxMs: 100 },
        children: [{ id: "machine", logic: fragile(log), restart: "permanent" }],
      }),
      { clock, onError: () => {} },
    );
    expect(log).toEqual(["start:g1", "start:grandgrandchild", "start:g3"]);
    log.length = 0;
    deliver(root, "machine", { type: "boom" });
    expect(log).toEqual(["stop:g3", "stop:grandgrandchild", "stop:g1"]);
    expect(liveDescendants(root)).toHaveLength(0);
    expect(root.getSnapshot().context.restartLog[0]!.reason).toBe("action threw");
    clock.increment(10);
    expect(log.slice(3)).toEqual(["start:g1", "start:grandgrandchild", "start:g3"]);
    expect(liveDescendants(root)).toHaveLength(5);
    await shutdownTree(root);
    expect(liveDescendants(root)).toHaveLength(0);
  });
});
