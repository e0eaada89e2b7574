import { afterEach, describe, expect, test } from "bun:test";
import type { AnyActorRef, AnyEventObject } from "xstate";
import { supervisedCallback } from "../../src/actors/supervised-callback.ts";
import { createSupervisor, deliver, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import { flush, TestClock } from "./helpers.ts";

const roots: AnyActorRef[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await shutdownTree(root);
});

/** Counts what is really open, so a leak shows up as a number instead of a hung process. */
class Resources {
  intervals = new Set<ReturnType<typeof setInterval>>();
  servers = new Set<{ stop(closeActive?: boolean): void }>();
  starts = 0;
  cleanups = 0;
  setInterval(fn: () => void, ms: number) {
    const id = setInterval(fn, ms);
    this.intervals.add(id);
    return id;
  }
  clearInterval(id: ReturnType<typeof setInterval>) {
    clearInterval(id);
    this.intervals.delete(id);
  }
}

async function until(condition: () => boolean, tries = 200): Promise<void> {
  for (let i = 0; i < tries && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe("supervisedCallback: crashes XState does not see", () => {
  test("a throw inside a timer is caught, reported, the cleanup runs and the child restarts", async () => {
    const res = new Resources();
    const clock = new TestClock();
    const child = supervisedCallback(({ guard }) => {
      res.starts++;
      let ticks = 0;
      const id = res.setInterval(
        guard(() => {
          ticks++;
          if (ticks === 2) throw new Error("tick failed");
        }),
        1,
      );
      return () => {
        res.cleanups++;
        res.clearInterval(id);
      };
    });
    const root = startRootSupervisor(
      createSupervisor({ id: "root", backoff: { initialMs: 10, factor: 2, maxMs: 100 }, children: [{ id: "ticker", logic: child, restart: "permanent" }] }),
      { clock, onError: () => {} },
    );
    roots.push(root);
    await until(() => root.getSnapshot().context.restartCounts.ticker === 1);
    expect(res.cleanups).toBe(1);
    expect(res.intervals.size).toBe(0);
    expect(root.getSnapshot().context.restartLog[0]!.reason).toBe("tick failed");
    clock.increment(10);
    expect(res.starts).toBe(2);
    expect(res.intervals.size).toBe(1);
    await until(() => root.getSnapshot().context.restartCounts.ticker === 2);
    expect(res.intervals.size).toBe(0);
    await shutdownTree(root);
    expect(res.cleanups).toBe(res.starts);
  });

  test("a rejected promise inside guard, a throw in the body and a throw in receive are all reported", async () => {
    const aborted: string[] = [];
    const clock = new TestClock();
    const asyncReject = supervisedCallback(({ guard, signal }) => {
      signal.addEventListener("abort", () => aborted.push("async"));
      void guard(async () => {
        await Promise.resolve();
        throw new Error("async rejection");
      })();
    });
    const bodyThrow = supervisedCallback(({ signal }) => {
      // set up before the throw; released through the signal when the supervisor stops the child
      signal.addEventListener("abort", () => aborted.push("body"));
      throw new Error("body threw");
    });
    const receiveThrow = supervisedCallback<AnyEventObject>(({ receive, signal }) => {
      signal.addEventListener("abort", () => aborted.push("receive"));
      receive(() => {
        throw new Error("receive threw");
      });
    });
    const records: string[] = [];
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        intensity: { maxRestarts: 10, withinMs: 1000 },
        children: [
          { id: "async", logic: asyncReject, restart: "transient" },
          { id: "body", logic: bodyThrow, restart: "transient" },
          { id: "receive", logic: receiveThrow, restart: "transient" },
        ],
      }),
      { clock, onError: () => {}, onRestart: (r) => records.push(`${r.actorId}:${r.reason}`) },
    );
    roots.push(root);
    deliver(root, "receive", { type: "anything" });
    await flush();
    expect(records.sort()).toEqual(["async:async rejection", "body:body threw", "receive:receive threw"]);
    expect(aborted.sort()).toEqual(["async", "body", "receive"]);
  });

  test("sendBack and timers of a failed instance are silenced until it is stopped", async () => {
    const seen: string[] = [];
    const clock = new TestClock();
    const noisy = supervisedCallback(({ fail, sendBack }) => {
      fail(new Error("first"));
      fail(new Error("second"));
      sendBack({ type: "supervisor.deliver", to: "nobody", event: { type: "late" } });
    });
    const root = startRootSupervisor(
      createSupervisor({ id: "root", children: [{ id: "noisy", logic: noisy, restart: "transient" }] }),
      { clock, onError: () => {}, onRestart: (r) => seen.push(r.reason) },
    );
    roots.push(root);
    await flush();
    const ctx = root.getSnapshot().context;
    expect(seen).toEqual(["first"]);
    expect(ctx.children.noisy!.status).toBe("backoff");
    expect(ctx.undeliverable).toBe(0);
  });
});

describe("no leaks across restarts", () => {
  test("100 crash/restart cycles: every start cleaned up once, no live timer or server, the port re-binds", async () => {
    const res = new Resources();
    const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = probe.port;
    probe.stop(true);
    const clock = new TestClock();
    const child = supervisedCallback<AnyEventObject>(({ receive }) => {
      res.starts++;
      // a fixed port: binding fails (and the cycle count goes wrong) if the last instance leaked it
      const server = Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } });
      res.servers.add(server);
      const id = res.setInterval(() => {}, 60_000);
      receive((event) => {
        if (event.type === "crash") throw new Error("crash");
      });
      return () => {
        res.cleanups++;
        res.clearInterval(id);
        server.stop(true);
        res.servers.delete(server);
      };
    });
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        intensity: { maxRestarts: 1000, withinMs: 1000 },
        backoff: { initialMs: 1, factor: 1, maxMs: 1 },
        children: [{ id: "net", logic: child, restart: "permanent" }],
      }),
      { clock, onError: () => {} },
    );
    roots.push(root);
    for (let i = 0; i < 100; i++) {
      deliver(root, "net", { type: "crash" });
      clock.increment(1);
    }
    expect(res.starts).toBe(101);
    expect(res.cleanups).toBe(100);
    expect(res.intervals.size).toBe(1);
    expect(res.servers.size).toBe(1);
    const ctx = root.getSnapshot().context;
    expect(ctx.restartCounts.net).toBe(100);
    expect(ctx.restartLog).toHaveLength(100);
    expect(ctx.restartLog.map((r) => r.count)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    await shutdownTree(root);
    expect(res.cleanups).toBe(res.starts);
    expect(res.intervals.size).toBe(0);
    expect(res.servers.size).toBe(0);
    const again = Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } });
    expect(again.port).toBe(port);
    again.stop(true);
  });
});
