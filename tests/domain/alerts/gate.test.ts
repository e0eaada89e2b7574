import { describe, expect, test } from "bun:test";
import { newGate, stepGate, type GateState } from "../../../src/domain/alerts/index.ts";

type Step = [at: number, breached: boolean, rearmed: boolean, fires: boolean];

const cases: Array<{ name: string; cooldownMs: number; steps: Step[] }> = [
  {
    name: "fires once on crossing, stays quiet while breached",
    cooldownMs: 0,
    steps: [[0, false, true, false], [1, true, false, true], [2, true, false, false], [3, true, false, false]],
  },
  {
    name: "inside the band (neither breached nor re-armed) does not re-arm",
    cooldownMs: 0,
    steps: [[0, true, false, true], [1, false, false, false], [2, true, false, false], [3, false, false, false], [4, true, false, false]],
  },
  {
    name: "re-arms past the re-arm threshold and fires on the next crossing",
    cooldownMs: 0,
    steps: [[0, true, false, true], [1, false, true, false], [2, true, false, true]],
  },
  {
    name: "flapping across both thresholds is held back by the cooldown",
    cooldownMs: 100,
    steps: [[0, true, false, true], [10, false, true, false], [20, true, false, false], [30, false, true, false], [40, true, false, false], [100, true, false, true]],
  },
  {
    name: "a crossing held back by the cooldown fires when the cooldown ends if still breached",
    cooldownMs: 50,
    steps: [[0, true, false, true], [5, false, true, false], [10, true, false, false], [49, true, false, false], [50, true, false, true], [60, true, false, false]],
  },
  {
    name: "a crossing held back by the cooldown is forgotten if the value recovers",
    cooldownMs: 50,
    steps: [[0, true, false, true], [5, false, true, false], [10, true, false, false], [20, false, true, false], [60, false, true, false]],
  },
];

describe("stepGate: hysteresis and cooldown", () => {
  for (const c of cases) {
    test(c.name, () => {
      let state: GateState = newGate();
      const fired: boolean[] = [];
      for (const [at, breached, rearmed] of c.steps) {
        const r = stepGate(state, { breached, rearmed }, at, c.cooldownMs);
        state = r.state;
        fired.push(r.fire);
      }
      expect(fired).toEqual(c.steps.map((s) => s[3]));
    });
  }
});
