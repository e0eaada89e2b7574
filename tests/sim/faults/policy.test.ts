import { describe, expect, test } from "bun:test";
import { SniperError } from "../../../src/errors.ts";
import { createFaultPolicy, type FaultRule } from "../../../src/sim/faults/index.ts";

/** A manual millisecond clock. */
const clock = () => {
  const c = { t: 1_000_000, now: () => c.t };
  return c;
};

describe("fault policy: rates", () => {
  test("no rules: nothing goes wrong, consults are counted", () => {
    const p = createFaultPolicy();
    expect(p.beforeHttp("getBalance")).toEqual({ kind: "none" });
    expect(p.beforeWsFrame()).toBe("send");
    expect(p.onSendTransaction("sig")).toBe("land");
    expect(p.truncateLogs()).toBe(false);
    expect(p.stats().consulted).toEqual({ http: 1, ws: 1, send: 1, logs: 1 });
  });

  test("each fault fires at its rate over many consults (seeded, so exact)", () => {
    const p = createFaultPolicy({ seed: 3, rules: ["http429:rate=0.2,retryAfter=2", "never-land:rate=0.05", "tx-fail:rate=0.1", "malformed:rate=0.01", "truncated:rate=0.02", "log-truncate:rate=0.3"] });
    const n = 20_000;
    let h429 = 0, never = 0, fail = 0, malform = 0, trunc = 0, logs = 0;
    for (let i = 0; i < n; i++) {
      const h = p.beforeHttp("getLatestBlockhash");
      if (h.kind === "status") {
        expect(h).toEqual({ kind: "status", status: 429, retryAfterSec: 2 });
        h429++;
      }
      const s = p.onSendTransaction(`sig${i}`);
      if (s === "never-land") never++;
      if (s === "fail") fail++;
      const w = p.beforeWsFrame();
      if (w === "malform") malform++;
      if (w === "truncate") trunc++;
      if (p.truncateLogs()) logs++;
    }
    const within = (count: number, p: number, q = 1) => {
      const mean = n * p * q, sd = Math.sqrt(n * p * q * (1 - p * q));
      expect(Math.abs(count - mean)).toBeLessThan(4 * sd);
    };
    within(h429, 0.2);
    within(never, 0.05);
    within(fail, 0.1, 0.95); // consulted only when never-land did not fire first
    within(malform, 0.01);
    within(trunc, 0.02, 0.99);
    within(logs, 0.3);
    expect(p.stats().injected).toMatchObject({ http429: h429, "never-land": never, "tx-fail": fail, malformed: malform, truncated: trunc, "log-truncate": logs });
    expect(p.stats().rules.map((r) => r.injected)).toEqual([h429, never, fail, malform, trunc, logs]);
  });

  test("same seed, same faults; different seed, different faults; rules have independent streams", () => {
    const run = (seed: number, rules: string[]) => {
      const p = createFaultPolicy({ seed, rules });
      return Array.from({ length: 500 }, () => p.beforeHttp("x").kind);
    };
    expect(run(5, ["http5xx:rate=0.3"])).toEqual(run(5, ["http5xx:rate=0.3"]));
    expect(run(5, ["http5xx:rate=0.3"])).not.toEqual(run(6, ["http5xx:rate=0.3"]));
    const a = createFaultPolicy({ seed: 5, rules: ["tx-fail:rate=0.3"] });
    const b = createFaultPolicy({ seed: 5, rules: ["tx-fail:rate=0.3", "log-truncate:rate=0.5"] });
    for (let i = 0; i < 300; i++) {
      b.truncateLogs();
      expect(b.onSendTransaction("s")).toBe(a.onSendTransaction("s"));
    }
  });

  test("HTTP targeting by method and by fee payer", () => {
    const p = createFaultPolicy({ rules: ["http429:rate=1,methods=sendTransaction", "http5xx:rate=1,wallets=Payer1,status=503"] });
    expect(p.beforeHttp("getLatestBlockhash")).toEqual({ kind: "none" });
    expect(p.beforeHttp("sendTransaction", "Payer2")).toEqual({ kind: "status", status: 429, retryAfterSec: 1 });
    expect(p.beforeHttp("getBalance", "Payer1")).toEqual({ kind: "status", status: 503 });
    expect(p.beforeHttp("getBalance")).toEqual({ kind: "none" });
  });

  test("slow responses: ms plus jitter; 5xx statuses drawn from the list; earlier rules win", () => {
    const p = createFaultPolicy({ rules: ["slow:rate=1,ms=300,jitter=50"] });
    const delays = Array.from({ length: 500 }, () => p.beforeHttp("x"));
    for (const d of delays) expect(d.kind === "delay" && d.ms >= 300 && d.ms <= 350).toBe(true);
    expect(new Set(delays.map((d) => (d.kind === "delay" ? d.ms : 0))).size).toBeGreaterThan(20);
    const q = createFaultPolicy({ rules: ["http5xx:rate=1", "slow:rate=1"] });
    const statuses = new Set(Array.from({ length: 200 }, () => q.beforeHttp("x")).map((h) => (h.kind === "status" ? h.status : 0)));
    expect([...statuses].sort()).toEqual([500, 502, 503]);
    expect(q.stats().injected.slow).toBe(0);
  });

  test("object rules are validated like specs", () => {
    expect(() => createFaultPolicy({ rules: [{ kind: "never-land" } as FaultRule] })).toThrow(SniperError);
    expect(() => createFaultPolicy({ rules: [{ kind: "tx-fail", rate: 2 }] })).toThrow("rate must be a number in [0, 1]");
    expect(createFaultPolicy({ rules: [{ kind: "tx-fail", rate: 1 }] }).onSendTransaction("s")).toBe("fail");
  });
});

describe("fault policy: schedules", () => {
  test("every=5000 drops the websocket once per period, the first at 5 s, boundaries exact", () => {
    const c = clock();
    const p = createFaultPolicy({ now: c.now, rules: ["ws-drop:every=5000"] });
    const drops: number[] = [];
    for (let ms = 0; ms < 30_000; ms += 100) {
      c.t = 1_000_000 + ms;
      if (p.beforeWsFrame() === "drop-connection") drops.push(ms);
      if (p.beforeWsFrame() === "drop-connection") drops.push(-ms); // a second frame in the same tick: no drop
    }
    expect(drops).toEqual([5_000, 10_000, 15_000, 20_000, 25_000]);
    const q = createFaultPolicy({ now: c.now, rules: ["ws-drop:every=5000"] });
    c.t += 4_999;
    expect(q.beforeWsFrame()).toBe("send");
    c.t += 1;
    expect(q.beforeWsFrame()).toBe("drop-connection");
  });

  test("a periodic drop with no frames in a period fires once at the next frame", () => {
    const c = clock();
    const p = createFaultPolicy({ now: c.now, rules: ["ws-drop:every=1000"] });
    c.t += 3_500;
    expect(p.beforeWsFrame()).toBe("drop-connection");
    expect(p.beforeWsFrame()).toBe("send");
    c.t += 500;
    expect(p.beforeWsFrame()).toBe("drop-connection");
  });

  test("windows are half-open [from, to)", () => {
    const c = clock();
    const p = createFaultPolicy({ now: c.now, rules: ["http5xx:window=1000-2000,status=500"] });
    const at = (ms: number) => {
      c.t = 1_000_000 + ms;
      return p.beforeHttp("x").kind;
    };
    expect([at(0), at(999), at(1000), at(1500), at(1999), at(2000), at(5000)]).toEqual(["none", "none", "status", "status", "status", "none", "none"]);
  });

  test("every + for: a 2 s storm every 10 s, with a rate inside it", () => {
    const c = clock();
    const p = createFaultPolicy({ now: c.now, rules: ["http429:every=10s,for=2s"] });
    const hits: number[] = [];
    for (let ms = 0; ms < 30_000; ms += 500) {
      c.t = 1_000_000 + ms;
      if (p.beforeHttp("x").kind === "status") hits.push(ms);
    }
    expect(hits).toEqual([0, 500, 1000, 1500, 10_000, 10_500, 11_000, 11_500, 20_000, 20_500, 21_000, 21_500]);
    const q = createFaultPolicy({ now: c.now, seed: 2, rules: ["http429:every=10s,for=5s,offset=0,rate=0.5"] });
    let inside = 0, fired = 0;
    for (let i = 0; i < 4_000; i++) {
      c.t += 5;
      const elapsed = i * 5 + 5;
      const hit = q.beforeHttp("x").kind === "status";
      if (elapsed % 10_000 < 5_000) inside++;
      else expect(hit).toBe(false);
      if (hit) fired++;
    }
    expect(Math.abs(fired / inside - 0.5)).toBeLessThan(0.05);
  });

  test("max caps the number of firings", () => {
    const p = createFaultPolicy({ rules: ["tx-fail:rate=1,max=3"] });
    expect(Array.from({ length: 10 }, () => p.onSendTransaction("s"))).toEqual(["fail", "fail", "fail", ...Array(7).fill("land")]);
    expect(p.stats().injected["tx-fail"]).toBe(3);
  });
});
