import { describe, expect, jest, test, afterEach } from "bun:test";
import { createActor, fromPromise } from "xstate";
import { createLifecycle, type LifecycleOptions } from "../../src/actors/lifecycle.actor.ts";
import { systemClock } from "../../src/clock.ts";
import { lifecycleMachine } from "../../src/machines/lifecycle.machine.ts";
import { advance, hangUntilAborted, settle, simulatedTime } from "./helpers.ts";

type Base = Omit<LifecycleOptions, "stopIntake" | "stopActors"> & Partial<Pick<LifecycleOptions, "stopIntake" | "stopActors">>;

/** A lifecycle on simulated time that logs every effect in `order`. */
function setup(opts: Base = {}) {
  const t = simulatedTime();
  const order: string[] = [];
  const lc = createLifecycle({
    stopIntake: (reason) => void order.push(`stopIntake:${reason}`),
    stopActors: async () => void order.push("stopActors"),
    timeouts: { drainTimeoutMs: 1_000, flusherTimeoutMs: 1_000, deadlineMs: 10_000 },
    clock: t.clock,
    xstateClock: t.sim,
    ...opts,
  });
  return { ...t, order, lc };
}

const phaseOf = (lc: ReturnType<typeof createLifecycle>) => lc.actor.getSnapshot().context.phase;

describe("lifecycle: happy path", () => {
  test("stopIntake, then drainers, then flushers in registration order, then stopActors; exit 0", async () => {
    const { sim, sleep, order, lc } = setup();
    for (const [name, ms] of [["sender-a", 30], ["sender-b", 10]] as const) {
      lc.registerDrainer({
        name,
        drain: async (signal) => {
          order.push(`drain-start:${name}`);
          await sleep(ms, signal);
          order.push(`drain-end:${name}`);
        },
      });
    }
    for (const name of ["history", "csv", "logs"]) {
      lc.registerFlusher({
        name,
        flush: async (signal) => {
          order.push(`flush-start:${name}`);
          await sleep(5, signal);
          order.push(`flush-end:${name}`);
        },
      });
    }
    expect(phaseOf(lc)).toBe("running");
    lc.shutdown("SIGTERM");
    await settle();
    expect(phaseOf(lc)).toBe("draining");
    await advance(sim, 30);
    expect(phaseOf(lc)).toBe("flushing");
    await advance(sim, 15);
    const { exitCode, report } = await lc.whenStopped();

    expect(order).toEqual([
      "stopIntake:SIGTERM",
      "drain-start:sender-a",
      "drain-start:sender-b",
      "drain-end:sender-b",
      "drain-end:sender-a",
      "flush-start:history",
      "flush-end:history",
      "flush-start:csv",
      "flush-end:csv",
      "flush-start:logs",
      "flush-end:logs",
      "stopActors",
    ]);
    expect(exitCode).toBe(0);
    expect(report.reason).toBe("SIGTERM");
    expect(report.flushers.map((f) => [f.name, f.status, f.ms])).toEqual([
      ["history", "ok", 5],
      ["csv", "ok", 5],
      ["logs", "ok", 5],
    ]);
    expect(report.drainers.map((d) => [d.name, d.status, d.ms])).toEqual([
      ["sender-b", "ok", 10],
      ["sender-a", "ok", 30],
    ]);
    expect(report.timings.draining?.ms).toBe(30);
    expect(report.timings.flushing?.ms).toBe(15);
    expect(report.timings.total?.ms).toBe(45);
    const snap = lc.actor.getSnapshot();
    expect(snap.status).toBe("done");
    expect(snap.value).toBe("stopped");
    expect(snap.context.phase).toBe("stopped");
    expect(snap.context.exitCode).toBe(0);
  });

  test("with nothing registered it goes straight to stopped with exit 0", async () => {
    const { order, lc } = setup();
    lc.shutdown("control");
    const { exitCode } = await lc.whenStopped();
    expect(exitCode).toBe(0);
    expect(order).toEqual(["stopIntake:control", "stopActors"]);
  });
});

describe("lifecycle: failures", () => {
  test("drain timeout aborts busy drainers, still flushes, exit 1", async () => {
    let aborted = false;
    const { sim, order, lc } = setup({ timeouts: { drainTimeoutMs: 100, flusherTimeoutMs: 1_000, deadlineMs: 10_000 } });
    lc.registerDrainer({ name: "quick", drain: async () => void order.push("quick") });
    lc.registerDrainer({ name: "stuck", drain: (signal) => hangUntilAborted(signal, () => (aborted = true)) });
    lc.registerFlusher({ name: "history", flush: async () => void order.push("flush:history") });
    lc.shutdown("SIGINT");
    await advance(sim, 99);
    expect(phaseOf(lc)).toBe("draining");
    expect(aborted).toBe(false);
    await advance(sim, 1);
    const { exitCode, report } = await lc.whenStopped();
    expect(aborted).toBe(true);
    expect(report.busyDrainers).toEqual(["stuck"]);
    expect(report.drainers).toEqual([
      { name: "quick", status: "ok", ms: 0 },
      { name: "stuck", status: "timeout", ms: 100 },
    ]);
    expect(order).toEqual(["stopIntake:SIGINT", "quick", "flush:history", "stopActors"]);
    expect(exitCode).toBe(1);
  });

  test("a failing flusher is recorded and later flushers still run; exit 1", async () => {
    const { order, lc } = setup();
    lc.registerFlusher({ name: "history", flush: async () => void order.push("history") });
    lc.registerFlusher({
      name: "csv",
      flush: async () => {
        order.push("csv");
        throw new Error("disk full");
      },
    });
    lc.registerFlusher({ name: "logs", flush: async () => void order.push("logs") });
    lc.shutdown("SIGTERM");
    const { exitCode, report } = await lc.whenStopped();
    expect(order).toEqual(["stopIntake:SIGTERM", "history", "csv", "logs", "stopActors"]);
    expect(report.flushers.map((f) => [f.name, f.status, f.error])).toEqual([
      ["history", "ok", undefined],
      ["csv", "failed", "disk full"],
      ["logs", "ok", undefined],
    ]);
    expect(exitCode).toBe(1);
  });

  test("a hung flusher is aborted after its own timeout and the next one runs", async () => {
    let csvAborted = false;
    const { sim, order, lc } = setup({ timeouts: { drainTimeoutMs: 100, flusherTimeoutMs: 50, deadlineMs: 10_000 } });
    lc.registerFlusher({ name: "csv", flush: (s) => hangUntilAborted(s, () => (csvAborted = true)) });
    lc.registerFlusher({ name: "logs", flush: async () => void order.push("logs") });
    lc.shutdown("SIGTERM");
    await advance(sim, 49);
    expect(order).toEqual(["stopIntake:SIGTERM"]);
    await advance(sim, 1);
    const { exitCode, report } = await lc.whenStopped();
    expect(csvAborted).toBe(true);
    expect(order).toEqual(["stopIntake:SIGTERM", "logs", "stopActors"]);
    expect(report.flushers.map((f) => [f.name, f.status])).toEqual([
      ["csv", "timeout"],
      ["logs", "ok"],
    ]);
    expect(exitCode).toBe(1);
  });

  test("overall deadline: stopped with exit 1 naming the stuck flusher and what never ran", async () => {
    const { sim, order, lc } = setup({ timeouts: { drainTimeoutMs: 100, flusherTimeoutMs: 1_000, deadlineMs: 300 } });
    let aborted = false;
    lc.registerDrainer({ name: "sender", drain: async () => {} });
    lc.registerFlusher({ name: "history", flush: async () => {} });
    lc.registerFlusher({ name: "csv", flush: (s) => hangUntilAborted(s, () => (aborted = true)) });
    lc.registerFlusher({ name: "logs", flush: async () => void order.push("logs") });
    lc.shutdown("SIGTERM");
    await advance(sim, 299);
    expect(phaseOf(lc)).toBe("flushing");
    await advance(sim, 1);
    const { exitCode, report } = await lc.whenStopped();
    expect(exitCode).toBe(1);
    expect(aborted).toBe(true);
    expect(report.deadline).toEqual({ stuckStep: "flushing:csv", stillRunning: ["csv"], notRun: ["logs"] });
    expect(report.timings.total?.ms).toBe(300);
    expect(order).toEqual(["stopIntake:SIGTERM"]); // neither "logs" nor stopActors ran
  });

  test("overall deadline while draining names the busy drainers", async () => {
    const { sim, lc } = setup({ timeouts: { drainTimeoutMs: 5_000, flusherTimeoutMs: 1_000, deadlineMs: 200 } });
    lc.registerDrainer({ name: "ok", drain: async () => {} });
    lc.registerDrainer({ name: "sender", drain: (s) => hangUntilAborted(s) });
    lc.registerFlusher({ name: "history", flush: async () => {} });
    lc.shutdown("SIGTERM");
    await advance(sim, 200);
    const { exitCode, report } = await lc.whenStopped();
    expect(exitCode).toBe(1);
    expect(report.deadline).toEqual({ stuckStep: "draining", stillRunning: ["sender"], notRun: ["history"] });
  });

  test("overall deadline while stopping actors", async () => {
    const { sim, order, lc } = setup({
      timeouts: { drainTimeoutMs: 100, flusherTimeoutMs: 100, deadlineMs: 50 },
      stopActors: (s) => hangUntilAborted(s),
    });
    lc.registerFlusher({ name: "logs", flush: async () => void order.push("logs") });
    lc.shutdown("SIGTERM");
    await advance(sim, 50);
    const { exitCode, report } = await lc.whenStopped();
    expect(exitCode).toBe(1);
    expect(report.deadline).toEqual({ stuckStep: "stoppingActors", stillRunning: ["stopActors"], notRun: [] });
    expect(order).toEqual(["stopIntake:SIGTERM", "logs"]);
  });

  test("a fatal shutdown exits 1 even when everything flushed", async () => {
    const { lc } = setup();
    lc.registerFlusher({ name: "history", flush: async () => {} });
    lc.shutdown("fatal", { fatal: true, error: new Error("executor invariant broken") });
    const { exitCode, report } = await lc.whenStopped();
    expect(exitCode).toBe(1);
    expect(report.fatal).toBe(true);
    expect(report.error).toBe("executor invariant broken");
    expect(report.flushers[0]?.status).toBe("ok");
  });

  test("stopActors failing and stopIntake throwing are recorded and give exit 1", async () => {
    const { lc } = setup({
      stopIntake: () => {
        throw new Error("listener gone");
      },
      stopActors: async () => {
        throw new Error("supervisor stuck");
      },
    });
    lc.shutdown("SIGTERM");
    const { exitCode, report } = await lc.whenStopped();
    expect(exitCode).toBe(1);
    expect(report.intakeError).toBe("listener gone");
    expect(report.stopError).toBe("supervisor stuck");
  });
});

describe("lifecycle: requests", () => {
  test("repeated shutdown events during draining and flushing are ignored", async () => {
    const { sim, sleep, order, lc } = setup();
    let flushes = 0;
    lc.registerDrainer({ name: "sender", drain: (s) => sleep(10, s) });
    lc.registerFlusher({ name: "history", flush: async (s) => { flushes++; await sleep(10, s); } });
    lc.shutdown("SIGTERM");
    await advance(sim, 5);
    lc.shutdown("control", { fatal: true, error: "late" });
    await advance(sim, 8);
    expect(phaseOf(lc)).toBe("flushing");
    lc.actor.send({ type: "lifecycle.shutdown", reason: "again" });
    await advance(sim, 10);
    const { exitCode, report } = await lc.whenStopped();
    expect(exitCode).toBe(0);
    expect(report.reason).toBe("SIGTERM");
    expect(report.fatal).toBe(false);
    expect(flushes).toBe(1);
    expect(order.filter((o) => o.startsWith("stopIntake"))).toEqual(["stopIntake:SIGTERM"]);
  });

  test("registering after shutdown began throws; duplicate names throw", async () => {
    const { lc } = setup();
    lc.registerFlusher({ name: "history", flush: async () => {} });
    expect(() => lc.registerFlusher({ name: "history", flush: async () => {} })).toThrow(/already registered/);
    lc.shutdown("SIGTERM");
    expect(() => lc.registerFlusher({ name: "late", flush: async () => {} })).toThrow(/shutdown already began/);
    expect(() => lc.registerDrainer({ name: "late", drain: async () => {} })).toThrow(/shutdown already began/);
    expect((await lc.whenStopped()).exitCode).toBe(0);
  });

  test("an unregistered flusher does not run", async () => {
    const { order, lc } = setup();
    const off = lc.registerFlusher({ name: "csv", flush: async () => void order.push("csv") });
    off();
    lc.shutdown("SIGTERM");
    await lc.whenStopped();
    expect(order).toEqual(["stopIntake:SIGTERM", "stopActors"]);
  });
});

describe("lifecycle machine with fake timers", () => {
  afterEach(() => jest.useRealTimers());

  test("the deadline is an XState delay driven by fake timers (provide() fakes)", async () => {
    jest.useFakeTimers();
    const calls: string[] = [];
    const stuck = createActor(
      lifecycleMachine.provide({
        actions: { stopIntake: () => void calls.push("stopIntake") },
        actors: {
          flushOne: fromPromise<void, { name: string }>(({ signal }) => hangUntilAborted(signal)),
        },
      }),
      {
        input: {
          timeouts: { drainTimeoutMs: 10_000, flusherTimeoutMs: 10_000, deadlineMs: 2_000 },
          now: () => systemClock.monotonic(),
          capturePlan: () => ({ drainers: [], flushers: ["history"] }),
        },
      },
    ).start();
    stuck.send({ type: "lifecycle.shutdown", reason: "SIGTERM" });
    await Promise.resolve();
    jest.advanceTimersByTime(1_999);
    expect(stuck.getSnapshot().status).toBe("active");
    expect(stuck.getSnapshot().value).toEqual({ shutdown: { flushing: "flushingOne" } });
    jest.advanceTimersByTime(1);
    const snap = stuck.getSnapshot();
    expect(snap.status).toBe("done");
    expect(snap.output?.exitCode).toBe(1);
    expect(snap.output?.report.deadline?.stuckStep).toBe("flushing:history");
    expect(snap.output?.report.timings.total?.ms).toBe(2_000);
    expect(calls).toEqual(["stopIntake"]);
  });
});
