import { describe, expect, test } from "bun:test";
import { installSignalHandlers, REPEAT_GRACE_MS, type SignalSource } from "../../src/runtime/signals.ts";

/** A stand-in for `process`: just enough of an event emitter. */
function fakeProcess() {
  const listeners = new Map<string, Set<() => void>>();
  const proc: SignalSource = {
    on: (event, fn) => listeners.set(event, (listeners.get(event) ?? new Set()).add(fn)),
    off: (event, fn) => listeners.get(event)?.delete(fn),
  };
  const emitter = {
    emit: (event: string) => [...(listeners.get(event) ?? [])].forEach((fn) => fn()),
    listenerCount: (event: string) => listeners.get(event)?.size ?? 0,
  };
  return { emitter, proc };
}

/** A monotonic clock the test moves by hand. */
function manualClock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("signal handlers", () => {
  test("first SIGTERM calls onShutdown once; a second signal exits 143 at once", () => {
    const { emitter, proc } = fakeProcess();
    const clock = manualClock();
    const shutdowns: string[] = [];
    const exits: number[] = [];
    installSignalHandlers({ onShutdown: (r) => shutdowns.push(r), exit: (c) => exits.push(c), process: proc, now: clock.now });
    emitter.emit("SIGTERM");
    expect(shutdowns).toEqual(["SIGTERM"]);
    expect(exits).toEqual([]);
    clock.advance(REPEAT_GRACE_MS);
    emitter.emit("SIGTERM");
    expect(shutdowns).toEqual(["SIGTERM"]);
    expect(exits).toEqual([143]);
  });

  test("SIGINT then SIGINT exits 130; the code follows the second signal", () => {
    const { emitter, proc } = fakeProcess();
    const clock = manualClock();
    const shutdowns: string[] = [];
    const exits: number[] = [];
    installSignalHandlers({ onShutdown: (r) => shutdowns.push(r), exit: (c) => exits.push(c), process: proc, now: clock.now });
    emitter.emit("SIGINT");
    clock.advance(REPEAT_GRACE_MS + 500);
    emitter.emit("SIGINT");
    expect(shutdowns).toEqual(["SIGINT"]);
    expect(exits).toEqual([130]);

    const b = fakeProcess();
    const exitsB: number[] = [];
    installSignalHandlers({ onShutdown: () => {}, exit: (c) => exitsB.push(c), process: b.proc, now: clock.now });
    b.emitter.emit("SIGINT");
    clock.advance(REPEAT_GRACE_MS);
    b.emitter.emit("SIGTERM");
    expect(exitsB).toEqual([143]);
  });

  test("a signal within the grace period of the first (Ctrl-C from the terminal and from `bun run`) is the same request: logged, not an exit", () => {
    const { emitter, proc } = fakeProcess();
    const clock = manualClock();
    const shutdowns: string[] = [];
    const exits: number[] = [];
    const logs: string[] = [];
    installSignalHandlers({ onShutdown: (r) => shutdowns.push(r), exit: (c) => exits.push(c), log: (m) => logs.push(m), process: proc, now: clock.now, repeatGraceMs: 300 });
    emitter.emit("SIGINT");
    clock.advance(1);
    emitter.emit("SIGINT");
    clock.advance(298);
    emitter.emit("SIGTERM");
    expect(shutdowns).toEqual(["SIGINT"]);
    expect(exits).toEqual([]);
    expect(logs.filter((l) => l.includes("within the grace period"))).toHaveLength(2);
    // Past the grace period, the operator's second signal still leaves at once.
    clock.advance(1);
    emitter.emit("SIGINT");
    expect(exits).toEqual([130]);
  });

  test("uninstall removes both listeners", () => {
    const { emitter, proc } = fakeProcess();
    const shutdowns: string[] = [];
    const uninstall = installSignalHandlers({ onShutdown: (r) => shutdowns.push(r), exit: () => {}, process: proc });
    expect(emitter.listenerCount("SIGINT")).toBe(1);
    expect(emitter.listenerCount("SIGTERM")).toBe(1);
    uninstall();
    expect(emitter.listenerCount("SIGINT")).toBe(0);
    expect(emitter.listenerCount("SIGTERM")).toBe(0);
    emitter.emit("SIGTERM");
    expect(shutdowns).toEqual([]);
  });

  test("if onShutdown throws, exit at once with the signal's code and log why", () => {
    const { emitter, proc } = fakeProcess();
    const exits: number[] = [];
    const logs: string[] = [];
    installSignalHandlers({
      onShutdown: () => {
        throw new Error("actor gone");
      },
      exit: (c) => exits.push(c),
      log: (m) => logs.push(m),
      process: proc,
    });
    emitter.emit("SIGINT");
    expect(exits).toEqual([130]);
    expect(logs.some((l) => l.includes("exiting now"))).toBe(true);
  });
});
