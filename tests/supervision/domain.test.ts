import { describe, expect, test } from "bun:test";
import {
  affectedChildren,
  backoffDelay,
  boundedPush,
  decideExit,
  exceedsIntensity,
  shouldRestart,
  shutdownOrder,
  type ChildView,
  type Decision,
  type ExitKind,
  type RestartType,
  type Strategy,
} from "../../src/domain/supervision.ts";

const kids = (...specs: Array<[string, RestartType, boolean?]>): ChildView[] =>
  specs.map(([id, restart, present]) => ({ id, restart, present: present ?? true }));
const abc = kids(["a", "permanent"], ["b", "permanent"], ["c", "permanent"]);

describe("supervision domain: restart types", () => {
  const table: Array<[RestartType, ExitKind, boolean]> = [
    ["permanent", "crash", true],
    ["permanent", "normal", true],
    ["transient", "crash", true],
    ["transient", "normal", false],
    ["temporary", "crash", false],
    ["temporary", "normal", false],
  ];
  for (const [restart, exit, expected] of table) {
    test(`${restart} after ${exit} -> ${expected ? "restart" : "no restart"}`, () => {
      expect(shouldRestart(restart, exit)).toBe(expected);
    });
  }
});

describe("supervision domain: strategies", () => {
  const table: Array<[Strategy, string, ChildView[], Decision]> = [
    ["one_for_one", "b", abc, { kind: "restart", stop: ["b"], remove: [], restart: ["b"] }],
    ["one_for_all", "b", abc, { kind: "restart", stop: ["b", "c", "a"], remove: [], restart: ["a", "b", "c"] }],
    ["rest_for_one", "b", abc, { kind: "restart", stop: ["b", "c"], remove: [], restart: ["b", "c"] }],
    ["rest_for_one", "a", abc, { kind: "restart", stop: ["a", "c", "b"], remove: [], restart: ["a", "b", "c"] }],
    ["rest_for_one", "c", abc, { kind: "restart", stop: ["c"], remove: [], restart: ["c"] }],
    // a temporary sibling is stopped with the group but not brought back (OTP)
    [
      "one_for_all",
      "a",
      kids(["a", "permanent"], ["t", "temporary"], ["c", "transient"]),
      { kind: "restart", stop: ["a", "c", "t"], remove: ["t"], restart: ["a", "c"] },
    ],
    // a removed sibling stays removed
    [
      "one_for_all",
      "a",
      kids(["a", "permanent"], ["gone", "transient", false], ["c", "permanent"]),
      { kind: "restart", stop: ["a", "c"], remove: [], restart: ["a", "c"] },
    ],
  ];
  for (const [strategy, exited, children, expected] of table) {
    test(`${strategy}: ${exited} crashes among ${children.map((c) => c.id).join(",")}`, () => {
      const decision = decideExit({
        strategy,
        intensity: { maxRestarts: 3, withinMs: 1000 },
        children,
        exited,
        exit: "crash",
        history: [],
        now: 0,
      });
      expect(decision).toEqual(expected);
    });
  }

  test("a child that is not restarted is removed alone, whatever the strategy", () => {
    for (const strategy of ["one_for_one", "one_for_all", "rest_for_one"] as const) {
      const decision = decideExit({
        strategy,
        intensity: { maxRestarts: 3, withinMs: 1000 },
        children: kids(["a", "transient"], ["b", "permanent"]),
        exited: "a",
        exit: "normal",
        history: [],
        now: 0,
      });
      expect(decision).toEqual({ kind: "remove", remove: ["a"] });
    }
  });

  test("affectedChildren keeps start order", () => {
    expect(affectedChildren("rest_for_one", abc, "b").map((c) => c.id)).toEqual(["b", "c"]);
    expect(affectedChildren("one_for_all", abc, "c").map((c) => c.id)).toEqual(["a", "b", "c"]);
  });
});

describe("supervision domain: intensity", () => {
  const table: Array<[string, number[], number, number, boolean]> = [
    ["no history, max 0", [], 100, 0, true],
    ["no history, max 1", [], 100, 1, false],
    ["2 in window, max 3", [10, 20], 100, 3, false],
    ["3 in window, max 3", [10, 20, 30], 100, 3, true],
    ["3 but one aged out (window 100, now 110)", [10, 20, 30], 110, 3, false],
    ["edge: exactly withinMs old no longer counts", [0, 50, 60], 100, 3, false],
  ];
  for (const [name, history, now, maxRestarts, expected] of table) {
    test(name, () => {
      expect(exceedsIntensity(history, now, { maxRestarts, withinMs: 100 })).toBe(expected);
    });
  }

  test("N restarts in the window pass, N+1 escalates", () => {
    const base = { strategy: "one_for_one" as const, intensity: { maxRestarts: 2, withinMs: 1000 }, children: abc, exited: "a", exit: "crash" as const };
    expect(decideExit({ ...base, history: [0], now: 10 }).kind).toBe("restart");
    expect(decideExit({ ...base, history: [0, 5], now: 10 })).toEqual({ kind: "escalate", restartsInWindow: 3 });
  });
});

describe("supervision domain: backoff", () => {
  const policy = { initialMs: 100, factor: 2, maxMs: 1000 };
  const table: Array<[number, number]> = [
    [0, 100],
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1000],
    [10, 1000],
    [5000, 1000],
  ];
  for (const [attempt, expected] of table) {
    test(`attempt ${attempt} -> ${expected} ms`, () => {
      expect(backoffDelay(policy, attempt)).toBe(expected);
    });
  }
  test("jitter only shortens, uses the injected random, and is off by default", () => {
    expect(backoffDelay({ ...policy, jitter: 0.5 }, 2)).toBe(400);
    expect(backoffDelay({ ...policy, jitter: 0.5 }, 2, () => 0)).toBe(400);
    expect(backoffDelay({ ...policy, jitter: 0.5 }, 2, () => 0.5)).toBe(300);
    expect(backoffDelay({ ...policy, jitter: 0.5 }, 9, () => 0.999)).toBeLessThanOrEqual(1000);
    expect(backoffDelay(policy, 2, () => 0.9)).toBe(400);
  });
});

describe("supervision domain: shutdown order and mailbox bound", () => {
  test("reverse start order, removed children skipped", () => {
    expect(shutdownOrder(kids(["a", "permanent"], ["b", "permanent", false], ["c", "permanent"]))).toEqual(["c", "a"]);
  });
  const table: Array<[number[], number, number, number[], number]> = [
    [[], 5, 3, [5], 0],
    [[1, 2], 3, 3, [1, 2, 3], 0],
    [[1, 2, 3], 4, 3, [2, 3, 4], 1],
    [[], 2, 0, [], 1],
  ];
  for (const [queue, item, bound, expected, dropped] of table) {
    test(`push ${item} into [${queue}] bound ${bound}`, () => {
      expect(boundedPush(queue, item, bound)).toEqual({ queue: expected, dropped });
    });
  }
});
