import { describe, expect, test } from "bun:test";
import { fromCallback } from "xstate";
import { createSupervisor, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import { SniperError } from "../../src/errors.ts";
import { flush, TestClock, worker } from "./helpers.ts";

describe("root supervisor", () => {
  test("a failure that reaches the top goes to onError (never an unhandled rethrow), even during start", async () => {
    const errors: unknown[] = [];
    // a plain fromCallback that throws synchronously: XState reports it as xstate.error.actor.bad
    const bad = fromCallback(() => {
      throw new Error("cannot start");
    });
    const root = startRootSupervisor(
      createSupervisor({ id: "root", intensity: { maxRestarts: 0, withinMs: 1000 }, children: [{ id: "bad", logic: bad, restart: "permanent" }] }),
      { clock: new TestClock(), onError: (e) => errors.push(e) },
    );
    await flush();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toContain("last: bad: cannot start");
    expect(root.getSnapshot().status).toBe("error");
    await shutdownTree(root);
  });

  test("shutdownTree is safe on a root that already failed or stopped", async () => {
    const root = startRootSupervisor(
      createSupervisor({ id: "root", children: [{ id: "a", logic: worker("a", []), restart: "permanent" }] }),
      { clock: new TestClock(), onError: () => {} },
    );
    await shutdownTree(root);
    await shutdownTree(root);
    expect(root.getSnapshot().status).toBe("stopped");
  });

  test("policy errors are configuration errors naming the field", () => {
    const child = { id: "a", logic: worker("a", []), restart: "permanent" as const };
    const table: Array<[Parameters<typeof createSupervisor>[0], string]> = [
      [{ id: "s", children: [child, child] }, "s.children"],
      [{ id: "s", children: [child], intensity: { maxRestarts: -1, withinMs: 10 } }, "s.intensity.maxRestarts"],
      [{ id: "s", children: [child], intensity: { maxRestarts: 1, withinMs: 0 } }, "s.intensity.withinMs"],
      [{ id: "s", children: [child], backoff: { initialMs: 10, factor: 0.5, maxMs: 100 } }, "s.backoff.factor"],
      [{ id: "s", children: [child], backoff: { initialMs: 10, factor: 2, maxMs: 5 } }, "s.backoff.maxMs"],
      [{ id: "s", children: [child], backoff: { initialMs: 10, factor: 2, maxMs: 50, jitter: 2 } }, "s.backoff.jitter"],
      [{ id: "s", children: [child], mailboxBound: -1 }, "s.mailboxBound"],
    ];
    for (const [options, field] of table) {
      let thrown: unknown;
      try {
        createSupervisor(options);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(SniperError);
      expect((thrown as SniperError).kind).toBe("config");
      expect((thrown as SniperError).details.field).toBe(field);
    }
  });
});
