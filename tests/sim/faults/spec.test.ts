import { describe, expect, test } from "bun:test";
import { SniperError } from "../../../src/errors.ts";
import { faultArgs, formatFaultRule, parseFaultSpec, parseFaultSpecs } from "../../../src/sim/faults/index.ts";

describe("fault spec parser", () => {
  test("the specs of the issue", () => {
    expect(parseFaultSpecs(["ws-drop:every=5000", "http429:rate=0.2,retryAfter=1", "never-land:rate=0.05", "slow:rate=0.1,ms=300", "malformed:rate=0.01"])).toEqual([
      { kind: "ws-drop", everyMs: 5000 },
      { kind: "http429", rate: 0.2, retryAfterSec: 1 },
      { kind: "never-land", rate: 0.05 },
      { kind: "slow", rate: 0.1, ms: 300 },
      { kind: "malformed", rate: 0.01 },
    ]);
  });

  test("durations, windows, lists, aliases", () => {
    expect(parseFaultSpec("5xx:window=10s-20s,window=1m-90s,status=502|503,methods=sendTransaction|getBalance")).toEqual({
      kind: "http5xx",
      windows: [{ fromMs: 10_000, toMs: 20_000 }, { fromMs: 60_000, toMs: 90_000 }],
      statuses: [502, 503],
      methods: ["sendTransaction", "getBalance"],
    });
    expect(parseFaultSpec("429:every=10s,for=2s,offset=0,max=3")).toEqual({ kind: "http429", everyMs: 10_000, forMs: 2_000, offsetMs: 0, max: 3 });
    expect(parseFaultSpec("truncate:rate=1").kind).toBe("truncated");
    expect(parseFaultSpec("slow:rate=0.5,ms=1.5s,jitter=100ms")).toEqual({ kind: "slow", rate: 0.5, ms: 1_500, jitterMs: 100 });
  });

  test.each([
    ["ws-dorp:every=5000", 'kind "ws-dorp": unknown; expected one of ws-drop'],
    ["http429:rate=abc", '"rate=abc": rate must be a number in [0, 1]'],
    ["http429:rate=1.5", '"rate=1.5": rate must be a number in [0, 1]'],
    ["never-land:rate=0.1,ms=300", '"ms=300": unknown key "ms" for never-land'],
    ["slow:rate=0.1,ms", '"ms": expected key=value'],
    ["slow:rate=0.1,,ms=1", '"": expected key=value'],
    ["ws-drop:every=-5", '"every=-5": every must be a positive duration'],
    ["ws-drop:every=0", '"every=0": every must be a positive duration'],
    ["http5xx:window=20-10", '"window=20-10": window must be <from>-<to>'],
    ["http5xx:rate=0.1,status=404", '"status=404": status must be 500, 502 or 503'],
    ["http429:rate=0.1,rate=0.2", '"rate=0.2": "rate" given twice'],
    ["http429:rate=0.1,retryAfter=1.5", '"retryAfter=1.5": retryAfter must be whole seconds'],
    ["ws-drop:for=1000", '"for": needs every='],
    ["ws-drop:every=1000,for=2000", '"for": must not exceed every='],
    ["tx-fail", "tx-fail: needs rate=, every= or window="],
    ["tx-fail:max=2", "tx-fail: needs rate=, every= or window="],
  ])("%s fails naming the bad part", (spec, message) => {
    let caught: unknown;
    try {
      parseFaultSpec(spec);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SniperError);
    expect((caught as SniperError).kind).toBe("config");
    expect((caught as SniperError).message).toContain(`--fault "${spec}"`);
    expect((caught as SniperError).message).toContain(message);
  });

  test("formatFaultRule round-trips", () => {
    for (const spec of ["ws-drop:every=5000", "http429:rate=0.2,every=10000,for=2000,offset=0,window=0-100,max=4,methods=a|b,wallets=w,retryAfter=3", "http5xx:rate=1,status=500|503", "slow:rate=0.1,ms=300,jitter=50", "log-truncate:rate=0.5"]) {
      const rule = parseFaultSpec(spec);
      expect(formatFaultRule(rule)).toBe(spec);
      expect(parseFaultSpec(formatFaultRule(rule))).toEqual(rule);
    }
  });

  test("faultArgs collects --fault values in both forms", () => {
    expect(faultArgs(["--seed", "1", "--fault", "ws-drop:every=5000", "--fault=tx-fail:rate=0.1", "x"])).toEqual(["ws-drop:every=5000", "tx-fail:rate=0.1"]);
    expect(() => faultArgs(["--fault"])).toThrow("needs a value");
    expect(() => faultArgs(["--fault", "--seed"])).toThrow("needs a value");
  });
});
