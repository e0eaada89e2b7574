import { describe, expect, test } from "bun:test";
import { createSnipeLatency } from "../../src/bot/snipe-latency.ts";

const trade = (n: bigint) => ({
  mint: "M",
  virtualSolReserves: 30_000_000_000n + n,
  virtualTokenReserves: 1_073_000_000_000_000n - n,
  realTokenReserves: 793_100_000_000_000n - n,
  realSolReserves: n,
  // The rest of a TradeEvent, which the memory must not keep.
  user: "U",
  signature: "S",
});

describe("snipe latency: curves", () => {
  test("a launch's curve has no real SOL; each trade's reserves replace the last", () => {
    const s = createSnipeLatency(8);
    s.launch("M", { virtualSolReserves: 30n, virtualTokenReserves: 1_073n, realTokenReserves: 793n });
    expect(s.curveOf("M")).toEqual({ virtualSolReserves: 30n, virtualTokenReserves: 1_073n, realTokenReserves: 793n, realSolReserves: 0n, tokenTotalSupply: 1_000_000_000_000_000n });
    s.curve("M", trade(5n));
    s.curve("M", trade(7n));
    expect(s.curveOf("M")).toEqual({ virtualSolReserves: 30_000_000_007n, virtualTokenReserves: 1_072_999_999_999_993n, realTokenReserves: 793_099_999_999_993n, realSolReserves: 7n, tokenTotalSupply: 1_000_000_000_000_000n });
    expect(s.curveOf("other")).toBeUndefined();
  });

  test("the curve is a copy: changing the event afterwards, or the answer, changes nothing kept", () => {
    const s = createSnipeLatency(8);
    const ev = trade(5n);
    s.curve("M", ev);
    ev.virtualSolReserves = 1n;
    const answer = s.curveOf("M")!;
    answer.realSolReserves = 99n;
    expect(s.curveOf("M")!.virtualSolReserves).toBe(30_000_000_005n);
    expect(s.curveOf("M")!.realSolReserves).toBe(5n);
    expect(Object.keys(s.curveOf("M")!).sort()).toEqual(["realSolReserves", "realTokenReserves", "tokenTotalSupply", "virtualSolReserves", "virtualTokenReserves"]);
  });

  test("the events themselves are not kept alive (collected after a full collection)", async () => {
    const s = createSnipeLatency(1_000);
    const refs: WeakRef<object>[] = [];
    // Made in a function of their own so no local of this one holds them.
    const feed = (): void => {
      for (let i = 0; i < 200; i++) {
        const ev = trade(BigInt(i));
        refs.push(new WeakRef(ev));
        s.curve(`M${i}`, ev);
      }
    };
    feed();
    await Bun.sleep(0); // WeakRef targets stay alive until the end of the job that made them
    Bun.gc(true);
    await Bun.sleep(0);
    Bun.gc(true);
    const alive = refs.filter((r) => r.deref() !== undefined).length;
    // All 200 stayed alive when the map kept the events; a few may be pinned by the conservative stack scan.
    expect(alive).toBeLessThan(20);
    expect(s.curveOf("M199")!.realSolReserves).toBe(199n);
  });

  test("past the bound the first mint seen is forgotten", () => {
    const s = createSnipeLatency(2);
    s.curve("A", trade(1n));
    s.curve("B", trade(2n));
    s.curve("A", trade(3n)); // an update does not make A the newest
    s.curve("C", trade(4n));
    expect(s.curveOf("A")).toBeUndefined();
    expect(s.curveOf("B")!.realSolReserves).toBe(2n);
    expect(s.curveOf("C")!.realSolReserves).toBe(4n);
  });
});

describe("snipe latency: latencies", () => {
  test("recorded per mint, null when unknown, bounded", () => {
    const s = createSnipeLatency(2);
    s.record("A", 0.25);
    s.record("B", 0.5);
    s.record("C", 0.75);
    expect(s.of("A")).toBeNull();
    expect(s.of("B")).toBe(0.5);
    expect(s.of("C")).toBe(0.75);
  });
});
