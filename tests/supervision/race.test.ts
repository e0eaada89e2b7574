import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { createMachine, spawnChild, type AnyEventObject } from "xstate";
import { supervisedCallback } from "../../src/actors/supervised-callback.ts";
import { createSupervisor, deliver, deliveryEvent, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import type { RestartRecord } from "../../src/domain/restart-record.ts";
import type { RestartType, Strategy } from "../../src/domain/supervision.ts";
import { liveDescendants } from "../../src/machines/actor-tree.ts";
import { TestClock } from "./helpers.ts";

const RUNS = Number(process.env.RACE_RUNS ?? 20);

const TARGETS = [["c0"], ["c1"], ["c2"], ["m0"], ["sub", "s0"], ["sub", "s1"]] as const;
type Target = (typeof TARGETS)[number];
type Op =
  | { k: "crash"; to: Target }
  | { k: "async"; to: Target }
  | { k: "msg"; to: Target }
  | { k: "fanout"; via: Target; to: Target }
  | { k: "tick"; ms: number }
  | { k: "shutdown" };

const target = fc.constantFrom(...TARGETS);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant("crash" as const), to: target }),
  fc.record({ k: fc.constant("async" as const), to: target }),
  fc.record({ k: fc.constant("msg" as const), to: target }),
  fc.record({ k: fc.constant("msg" as const), to: target }),
  // via a direct child of the root: its sendBack reaches the root, which routes the root-relative path
  fc.record({ k: fc.constant("fanout" as const), via: fc.constantFrom(TARGETS[0], TARGETS[1], TARGETS[2]), to: target }),
  fc.record({ k: fc.constant("tick" as const), ms: fc.integer({ min: 0, max: 400 }) }),
);
const restartArb = fc.constantFrom<RestartType>("permanent", "transient", "temporary");

/** What the children saw, to check invariants after the run. */
class World {
  live = new Map<string, number>();
  instances: Array<{ id: string; cleanups: number }> = [];
  handled = new Map<string, number>();
  received = new Map<number, number>();
  /** Deliveries the root accepted, per direct child id. */
  sent = new Map<string, number>();
  nextSeq = 100_000;
  count(to: Target): void {
    if (to.length === 1) this.sent.set(to[0], (this.sent.get(to[0]) ?? 0) + 1);
  }
  violations: string[] = [];
}

function child(id: string, world: World, s: fc.Scheduler) {
  return supervisedCallback<AnyEventObject>(({ receive, guard, sendBack }) => {
    const now = world.live.get(id) ?? 0;
    if (now !== 0) world.violations.push(`two live instances of ${id}`);
    world.live.set(id, now + 1);
    const instance = { id, cleanups: 0 };
    world.instances.push(instance);
    receive((event) => {
      world.handled.set(id, (world.handled.get(id) ?? 0) + 1);
      if (event.type === "crash") throw new Error(`crash ${id}`);
      if (event.type === "async") {
        // the throw lands whenever the scheduler decides: before or after restarts, deliveries, shutdown
        void s.schedule(Promise.resolve(), `async crash ${id}`).then(
          guard(() => {
            throw new Error(`async crash ${id}`);
          }),
        );
      }
      if (event.type === "fanout") {
        // two deliveries queued behind each other inside the supervisor's step: the first crashes the
        // target, the second must not be lost on the dead instance
        const to = (event as unknown as { to: Target }).to;
        const path = to.length === 1 ? to[0] : [...to];
        world.count(to);
        sendBack(deliveryEvent(path, { type: "crash" }));
        world.count(to);
        sendBack(deliveryEvent(path, { type: "msg", seq: world.nextSeq++ }));
      }
      if (event.type === "msg") {
        const seq = (event as unknown as { seq: number }).seq;
        world.received.set(seq, (world.received.get(seq) ?? 0) + 1);
      }
    });
    return () => {
      instance.cleanups++;
      world.live.set(id, (world.live.get(id) ?? 0) - 1);
    };
  });
}

// A machine child with a spawned grandchild; its action throws on `crash`, which orphans the grandchild
// unless the supervisor stops the subtree (a second live g0 would show up as a violation).
function machineChild(world: World, s: fc.Scheduler) {
  return createMachine({
    entry: spawnChild(child("g0", world, s), { id: "g0" }),
    on: {
      "*": {
        actions: ({ event }) => {
          world.handled.set("m0", (world.handled.get("m0") ?? 0) + 1);
          if (event.type === "crash") throw new Error("crash m0");
          if (event.type === "msg") {
            const seq = (event as unknown as { seq: number }).seq;
            world.received.set(seq, (world.received.get(seq) ?? 0) + 1);
          }
        },
      },
    },
  });
}

describe("race: supervisor", () => {
  test(`race: crashes, restarts, deliveries and shutdown interleaved (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.constantFrom<Strategy>("one_for_one", "one_for_all", "rest_for_one"),
        fc.constantFrom<Strategy>("one_for_one", "one_for_all", "rest_for_one"),
        fc.tuple(restartArb, restartArb, restartArb, restartArb, restartArb),
        fc.array(opArb, { minLength: 1, maxLength: 40 }),
        async (s, rootStrategy, subStrategy, types, ops) => {
          const world = new World();
          const clock = new TestClock();
          const records: RestartRecord[] = [];
          const rootErrors: unknown[] = [];
          const sub = createSupervisor({
            id: "sub",
            strategy: subStrategy,
            intensity: { maxRestarts: 3, withinMs: 500 },
            backoff: { initialMs: 10, factor: 2, maxMs: 80 },
            mailboxBound: 4,
            children: [
              { id: "s0", logic: child("s0", world, s), restart: types[3] },
              { id: "s1", logic: child("s1", world, s), restart: types[4] },
            ],
          });
          const root = startRootSupervisor(
            createSupervisor({
              id: "root",
              strategy: rootStrategy,
              intensity: { maxRestarts: 1000, withinMs: 1000 },
              backoff: { initialMs: 10, factor: 2, maxMs: 80 },
              mailboxBound: 4,
              children: [
                { id: "c0", logic: child("c0", world, s), restart: types[0] },
                { id: "c1", logic: child("c1", world, s), restart: types[1] },
                { id: "sub", logic: sub, restart: "permanent" },
                { id: "c2", logic: child("c2", world, s), restart: types[2] },
                { id: "m0", logic: machineChild(world, s), restart: "permanent" },
              ],
            }),
            { clock, onError: (e) => rootErrors.push(e), onRestart: (r) => records.push(r) },
          );

          const all: Op[] = [...ops, { k: "shutdown" }];
          let shutdown: Promise<void> | undefined;
          const apply = (op: Op, seq: number): void => {
            if (op.k === "tick") return clock.increment(op.ms);
            if (op.k === "shutdown") {
              shutdown = shutdownTree(root);
              return;
            }
            const to = op.k === "fanout" ? op.via : op.to;
            const event = op.k === "msg" ? { type: "msg", seq } : op.k === "fanout" ? { type: "fanout", to: op.to } : { type: op.k };
            // a stopped root refuses at the door (deliver returns false); everything accepted is accounted
            if (deliver(root, to.length === 1 ? to[0] : [...to], event)) world.count(to);
          };
          all.forEach((op, seq) => void s.schedule(Promise.resolve(op), `${seq}:${JSON.stringify(op)}`).then((o) => apply(o, seq)));
          await s.waitAll();
          await shutdown;
          await s.waitAll();

          expect(world.violations).toEqual([]);
          expect(rootErrors).toEqual([]);
          // after shutdown nothing is alive and every started instance was cleaned up exactly once
          expect([...world.live.values()].every((n) => n === 0)).toBe(true);
          expect(world.instances.filter((i) => i.cleanups !== 1)).toEqual([]);
          expect(liveDescendants(root)).toEqual([]);
          // every message reached at most one instance
          expect([...world.received.values()].every((n) => n === 1)).toBe(true);
          // direct children: every delivery was handled by an instance or counted as dropped
          const ctx = root.getSnapshot().context;
          for (const id of ["c0", "c1", "c2", "m0"]) {
            const entry = ctx.children[id]!;
            expect(entry.mailbox).toEqual([]);
            expect((world.handled.get(id) ?? 0) + entry.dropped).toBe(world.sent.get(id) ?? 0);
            expect(entry.delivered).toBe(world.handled.get(id) ?? 0);
          }
          // restart counts in context match the journal, and each child's counts run 1..n
          for (const id of ["c0", "c1", "sub", "c2", "m0"]) {
            const mine = records.filter((r) => r.supervisorId === "root" && r.actorId === id);
            expect(ctx.restartCounts[id]).toBe(mine.length);
            expect(mine.map((r) => r.count)).toEqual(mine.map((_, i) => i + 1));
          }
          expect(ctx.restartLog).toEqual(records.filter((r) => r.supervisorId === "root").slice(-100));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
