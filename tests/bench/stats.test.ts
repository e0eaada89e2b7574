import { describe, expect, test } from "bun:test";
import { byMinute, byQuarter, firstAndRest, percentiles, rssParts, slopeFit, slopeFrom } from "../../bench/lib/stats.ts";
import { heapTypeGrowth, steadyStateOf } from "../../bench/hot-path.ts";

describe("bench statistics", () => {
  test("byQuarter keeps the run's order: each quarter's percentiles are its own", () => {
    // 1..100 in order: quarters hold 1-25, 26-50, 51-75, 76-100.
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(byQuarter(xs)).toEqual([
      { p50: 13, p99: 25, n: 25 },
      { p50: 38, p99: 50, n: 25 },
      { p50: 63, p99: 75, n: 25 },
      { p50: 88, p99: 100, n: 25 },
    ]);
    // Reversed, the first quarter is the slow one.
    expect(byQuarter([...xs].reverse())[0]).toEqual({ p50: 88, p99: 100, n: 25 });
  });

  test("byQuarter gives the remainder to the last quarter, and sorting would lose the order", () => {
    const xs = [5, 1, 1, 1, 1, 1, 1, 1, 1, 9];
    const q = byQuarter(xs);
    expect(q.map((x) => x.n)).toEqual([2, 2, 2, 4]);
    expect(q[0]!.p99).toBe(5);
    expect(q[3]!.p99).toBe(9);
    expect(percentiles(xs).p99).toBe(9);
  });

  test("firstAndRest splits the run in launch order: a slow start shows in `first` and leaves `rest` clean", () => {
    // 10 slow launches (5 ms) first, then 190 fast ones (1..190 us as ms/1000).
    const xs = [...Array.from({ length: 10 }, () => 5), ...Array.from({ length: 190 }, (_, i) => (i + 1) / 1000)];
    const s = firstAndRest(xs, 10);
    expect(s.first).toEqual({ p50: 5, p99: 5, n: 10 });
    expect(s.rest).toEqual({ p50: 0.095, p99: 0.189, n: 190 });
    // The whole run's p99 is the slow start's.
    expect(percentiles(xs).p99).toBe(5);
    // Fewer values than `first`: all of them are the first, none the rest.
    expect(firstAndRest([1, 2], 10).first.n).toBe(2);
    expect(firstAndRest([1, 2], 10).rest.n).toBe(0);
  });

  test("byMinute gives each whole minute its median and leaves a trailing partial minute out", () => {
    // Minute 0: 1, 2, 100 (a spike); minute 1: 5, 7; minute 2 (partial, up to 2.5): 50.
    const pts = [0, 0.3, 0.6, 1.1, 1.5, 2.5].map((x, i) => ({ x, y: [1, 2, 100, 5, 7, 50][i]! }));
    expect(byMinute(pts)).toEqual([2, 6]);
    expect(byMinute([])).toEqual([]);
  });

  test("slopeFrom fits only the minutes after the warm-up, and declines when too few follow it", () => {
    // A warm-up climb of 10 MB/min for 5 minutes, then flat with a wobble: the whole run slopes, the rest does not.
    const perMinute = [150, 160, 170, 180, 190, 200, 201, 199, 200, 201, 199];
    expect(slopeFrom(perMinute, 0)!.slope).toBeGreaterThan(4);
    expect(Math.abs(slopeFrom(perMinute, 5)!.slope)).toBeLessThan(0.2);
    // A steady 0.5 MB/min after it is found as such, and exactly: no residual, so the bound is the slope.
    const steady = slopeFrom([100, 120, 140, 150, 150.5, 151, 151.5, 152], 3)!;
    expect(steady.slope).toBeCloseTo(0.5, 6);
    expect(steady.upper95).toBeCloseTo(0.5, 6);
    expect(steady.n).toBe(5);
    expect(slopeFrom(perMinute.slice(0, 7), 5)).toBeNull();
  });

  test("the slope's 95 % upper bound: the textbook value, wide over few noisy minutes, narrow over many", () => {
    // y = 1, 3, 2, 4 at x = 0..3: slope 0.8, residuals -0.3 / 0.9 / -0.9 / 0.3, se = sqrt(1.8 / 2 / 5); t(0.95, 2) = 2.920.
    const fit = slopeFit([1, 3, 2, 4].map((y, x) => ({ x, y })))!;
    expect(fit.slope).toBeCloseTo(0.8, 9);
    expect(fit.upper95).toBeCloseTo(0.8 + 2.92 * Math.sqrt(0.18), 6);
    // The same +-3 MB wobble around a flat line: 5 minutes cannot show the slope is under 0.25 MB/min, 25 can.
    const wobble = (minutes: number) => Array.from({ length: minutes }, (_, x) => ({ x, y: 185 + (x % 2 === 0 ? 3 : -3) }));
    expect(slopeFit(wobble(5))!.upper95).toBeGreaterThan(0.25);
    expect(slopeFit(wobble(25))!.upper95).toBeLessThan(0.25);
    // Past 30 degrees of freedom the table's last quantile is used (a little wide, never narrow).
    const many = slopeFit(wobble(60))!;
    expect(many.upper95 - many.slope).toBeGreaterThan(0);
    expect(slopeFit([{ x: 0, y: 1 }, { x: 1, y: 2 }])).toBeNull();
  });
});

describe("heapTypeGrowth", () => {
  test("ranks types by their rise, counting a type absent on one side as 0", () => {
    const a = { objects: 10, heapMb: 1, extraMb: 2, byType: { Object: 5, string: 4, Gone: 1 } };
    const b = { objects: 30, heapMb: 3, extraMb: 4, byType: { Object: 6, string: 14, BigInt: 10 } };
    const g = heapTypeGrowth(4, a, b, 3);
    expect(g.top_growth).toEqual([["string", 4, 14], ["BigInt", 0, 10], ["Object", 5, 6]]);
    expect(g.objects).toEqual([10, 30]);
    expect(g.from_min).toBe(4);
  });
});

describe("steadyStateOf", () => {
  const sample = (mint: string, ms: number | null, rpcCalls = 0) => ({ mint, notifiedAt: ms === null ? null : 1, notifyToSendMs: ms, rpcCalls, rpcMethods: {}, buyLanded: true, buyErr: null, buysReceived: 1, sellsReceived: 0, dumpToSellMs: null, dumped: false, sellsLanded: 0 });
  test("only launches the referee timed; in-process from the bot's own record of the same mints", () => {
    const s = steadyStateOf([sample("a", 2), sample("b", null), sample("c", 4, 1)], new Map([["a", 0.5], ["b", 9], ["c", 0.25]]), 6000)!;
    expect(s.after_launches).toBe(6000);
    expect(s.e2e_ms.n).toBe(2);
    expect(s.e2e_ms.max).toBe(4);
    expect(s.in_process_ms.n).toBe(2);
    expect(s.in_process_ms.max).toBe(0.5);
    expect(s.rpc_calls_in_window).toBe(1);
  });
  test("undefined when the referee timed none (a short run)", () => {
    expect(steadyStateOf([sample("a", null)], new Map(), 6000)).toBeUndefined();
  });
});

describe("rssParts", () => {
  test("this process's RSS and its anonymous and file-backed parts, which add up to it (Linux)", async () => {
    const m = await rssParts(process.pid);
    expect(m.rss).toBeGreaterThan(1);
    expect(m.anon).toBeGreaterThan(0);
    expect(m.file).toBeGreaterThan(0);
    expect(Math.abs(m.anon + m.file - m.rss)).toBeLessThan(m.rss * 0.05 + 1); // the rest is shared memory
  });
  test("an unreadable process gives NaN, not a throw", async () => {
    expect((await rssParts(2 ** 22 + 12345)).rss).toBeNaN();
  });
});
