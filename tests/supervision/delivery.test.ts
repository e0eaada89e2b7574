import { afterEach, describe, expect, test } from "bun:test";
import { createMachine, sendParent, sendTo, type AnyActorRef, type AnyEventObject } from "xstate";
import { supervisedCallback } from "../../src/actors/supervised-callback.ts";
import { createSupervisor, deliver, deliveryEvent, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import { TestClock, worker } from "./helpers.ts";

const roots: AnyActorRef[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await shutdownTree(root);
});

function start(log: string[], mailboxBound?: number) {
  const clock = new TestClock();
  const errors: unknown[] = [];
  const root = startRootSupervisor(
    createSupervisor({
      id: "root",
      backoff: { initialMs: 100, factor: 2, maxMs: 1000 },
      ...(mailboxBound === undefined ? {} : { mailboxBound }),
      children: [
        { id: "a", logic: worker("a", log), restart: "permanent" },
        { id: "t", logic: worker("t", log), restart: "temporary" },
      ],
    }),
    { clock, onError: (e) => errors.push(e) },
  );
  roots.push(root);
  return { root, clock, errors };
}

describe("delivery to a restarting child", () => {
  test("live child: delivered at once", () => {
    const log: string[] = [];
    const { root } = start(log);
    deliver(root, "a", { type: "m1" });
    expect(log).toContain("got:a:m1");
    expect(root.getSnapshot().context.children.a!.delivered).toBe(1);
  });

  test("buffered during backoff, delivered in order right after the restart", () => {
    const log: string[] = [];
    const { root, clock, errors } = start(log);
    deliver(root, "a", { type: "crash" });
    deliver(root, "a", { type: "m1" });
    deliver(root, "a", { type: "m2" });
    expect(log.filter((e) => e.startsWith("got:"))).toEqual([]);
    expect(root.getSnapshot().context.children.a!.mailbox.map((e) => e.type)).toEqual(["m1", "m2"]);
    clock.increment(100);
    expect(log.slice(-3)).toEqual(["start:a", "got:a:m1", "got:a:m2"]);
    const entry = root.getSnapshot().context.children.a!;
    expect(entry.mailbox).toEqual([]);
    expect(entry.delivered).toBe(3);
    expect(entry.dropped).toBe(0);
    expect(errors).toEqual([]);
  });

  test("the mailbox is bounded: oldest dropped first, drops counted", () => {
    const log: string[] = [];
    const { root, clock } = start(log, 3);
    deliver(root, "a", { type: "crash" });
    for (let i = 1; i <= 5; i++) deliver(root, "a", { type: `m${i}` });
    expect(root.getSnapshot().context.children.a!.dropped).toBe(2);
    clock.increment(100);
    expect(log.filter((e) => e.startsWith("got:"))).toEqual(["got:a:m3", "got:a:m4", "got:a:m5"]);
    expect(root.getSnapshot().context.children.a!.delivered).toBe(4);
  });

  test("a child that will not come back counts its mail as dropped; an unknown id is counted, never thrown", () => {
    const log: string[] = [];
    const { root, errors } = start(log);
    deliver(root, "t", { type: "crash" });
    deliver(root, "t", { type: "m1" });
    deliver(root, "nobody", { type: "m1" });
    const ctx = root.getSnapshot().context;
    expect(ctx.children.t!.status).toBe("removed");
    expect(ctx.children.t!.dropped).toBe(1);
    expect(ctx.undeliverable).toBe(1);
    expect(errors).toEqual([]);
    expect(root.getSnapshot().status).toBe("active");
  });

  test("a path through a restarting nested supervisor is buffered at the outer level", () => {
    const log: string[] = [];
    const clock = new TestClock();
    const inner = createSupervisor({
      id: "inner",
      intensity: { maxRestarts: 0, withinMs: 1000 },
      children: [{ id: "leaf", logic: worker("leaf", log), restart: "permanent" }],
    });
    const root = startRootSupervisor(
      createSupervisor({ id: "root", backoff: { initialMs: 50, factor: 2, maxMs: 500 }, children: [{ id: "inner", logic: inner, restart: "permanent" }] }),
      { clock, onError: () => {} },
    );
    roots.push(root);
    deliver(root, ["inner", "leaf"], { type: "crash" });
    deliver(root, ["inner", "leaf"], { type: "hello" });
    expect(root.getSnapshot().context.children.inner!.mailbox).toHaveLength(1);
    clock.increment(50);
    expect(log).toEqual(["start:leaf", "stop:leaf", "start:leaf", "got:leaf:hello"]);
  });

  test("a sibling routes through the supervisor while the target restarts, where plain sendTo would crash", () => {
    const log: string[] = [];
    const clock = new TestClock();
    const producer = createMachine({
      on: { produce: { actions: sendParent({ type: "supervisor.deliver", to: "consumer", event: { type: "item" } }) } },
    });
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        children: [
          { id: "producer", logic: producer, restart: "permanent" },
          { id: "consumer", logic: worker("consumer", log), restart: "permanent" },
        ],
      }),
      { clock, onError: () => {} },
    );
    roots.push(root);
    deliver(root, "consumer", { type: "crash" });
    deliver(root, "producer", { type: "produce" });
    expect(root.getSnapshot().context.restartCounts.producer).toBe(0);
    clock.increment(100);
    expect(log.slice(-2)).toEqual(["start:consumer", "got:consumer:item"]);

    // the pitfall this replaces: sendTo a child id that is not there throws inside the sender
    const errors: unknown[] = [];
    const naive = createMachine({ on: { go: { actions: sendTo("missing", { type: "x" }) } } });
    const actor = startRootSupervisor(
      createSupervisor({ id: "naive", intensity: { maxRestarts: 0, withinMs: 1 }, children: [{ id: "n", logic: naive, restart: "permanent" }] }),
      { clock, onError: (e) => errors.push(e) },
    );
    deliver(actor, "n", { type: "go" });
    expect(errors).toHaveLength(1);
  });
});

describe("mailbox flush after a restart", () => {
  test("a buffered event that crashes the new instance leaves the rest buffered for the next one", () => {
    const log: string[] = [];
    const { root, clock } = start(log);
    deliver(root, "a", { type: "crash" });
    deliver(root, "a", { type: "crash" });
    deliver(root, "a", { type: "m1" });
    deliver(root, "a", { type: "m2" });
    clock.increment(100);
    // the second crash hit the new instance; m1 and m2 wait for the third
    expect(log.filter((e) => e.startsWith("got:"))).toEqual([]);
    expect(root.getSnapshot().context.children.a!.mailbox.map((e) => e.type)).toEqual(["m1", "m2"]);
    clock.increment(200);
    expect(log.filter((e) => e.startsWith("got:"))).toEqual(["got:a:m1", "got:a:m2"]);
    const entry = root.getSnapshot().context.children.a!;
    expect(entry.delivered).toBe(4);
    expect(entry.dropped).toBe(0);
  });

  test("the same holds for a machine child (its later events would otherwise hit a dead actor)", () => {
    const got: string[] = [];
    const clock = new TestClock();
    const machine = createMachine({
      on: {
        crash: { actions: () => { throw new Error("machine crash"); } },
        "*": { actions: ({ event }) => void got.push(event.type) },
      },
    });
    const root = startRootSupervisor(
      createSupervisor({ id: "root", backoff: { initialMs: 10, factor: 1, maxMs: 10 }, children: [{ id: "m", logic: machine, restart: "permanent" }] }),
      { clock, onError: () => {} },
    );
    roots.push(root);
    deliver(root, "m", { type: "crash" });
    for (const type of ["crash", "m1", "m2"]) deliver(root, "m", { type });
    clock.increment(10);
    expect(got).toEqual([]);
    clock.increment(10);
    expect(got).toEqual(["m1", "m2"]);
  });
});

describe("events that reach a callback after it failed", () => {
  test("are handed back and delivered to the next instance, not lost", () => {
    const log: string[] = [];
    const clock = new TestClock();
    // b relays two events to a in one go: both are queued before a's failure report
    const relay = supervisedCallback<AnyEventObject>(({ receive, sendBack }) => {
      receive(() => {
        sendBack(deliveryEvent("a", { type: "crash" }));
        sendBack(deliveryEvent("a", { type: "m1" }));
      });
    });
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        backoff: { initialMs: 10, factor: 1, maxMs: 10 },
        children: [
          { id: "a", logic: worker("a", log), restart: "permanent" },
          { id: "b", logic: relay, restart: "permanent" },
        ],
      }),
      { clock, onError: () => {} },
    );
    roots.push(root);
    deliver(root, "b", { type: "go" });
    expect(root.getSnapshot().context.children.a!.mailbox.map((e) => e.type)).toEqual(["m1"]);
    clock.increment(10);
    expect(log).toEqual(["start:a", "stop:a", "start:a", "got:a:m1"]);
    const entry = root.getSnapshot().context.children.a!;
    expect(entry.delivered).toBe(2);
    expect(entry.dropped).toBe(0);
  });
});
