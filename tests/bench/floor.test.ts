import { describe, expect, test } from "bun:test";
import { runFloor } from "../../bench/floor.ts";

describe("bench: the hot path's floor", () => {
  test("the floor bot buys every launch with a transaction the referee attributes to it", async () => {
    const r = await runFloor({ launches: 20, launchesPerSec: 20, tradesPerSec: 200, seed: 3 });
    expect(r.launches).toEqual({ sent: 20, bought: 20 });
    expect(r.e2e_ms.n).toBe(20);
    expect(r.e2e_ms.p50).toBeGreaterThan(0);
    expect(r.e2e_ms.max).toBeGreaterThanOrEqual(r.e2e_ms.p99);
    // Its own frame -> send times, one per buy. (Not bounded by the end to end: the stamp after the
    // write can come late when the floor bot is preempted right after it, on a loaded machine.)
    expect(r.in_process_ms.n).toBe(20);
    expect(r.in_process_ms.p50).toBeGreaterThan(0);
    expect(r.in_process_ms.max).toBeGreaterThanOrEqual(r.in_process_ms.p99);
    expect(r.load).toEqual({ launches_per_s: 20, trade_events_per_s: 200 });
    expect(r.warm).toEqual({ every_ms: 0, rehearsals: 0 });
    expect(r.beside_bot).toBeNull();
  }, 60_000);

  test("with a warm-up the floor bot rehearses its chain between launches, and still buys each launch once", async () => {
    const r = await runFloor({ launches: 10, launchesPerSec: 20, tradesPerSec: 200, seed: 4, warmMs: 1 });
    expect(r.launches).toEqual({ sent: 10, bought: 10 });
    expect(r.in_process_ms.n).toBe(10);
    expect(r.warm.every_ms).toBe(1);
    expect(r.warm.rehearsals).toBeGreaterThan(50);
  }, 60_000);

  test("beside the whole bot, the floor bot still buys every launch while the bot decodes each one and buys none", async () => {
    const r = await runFloor({ launches: 10, launchesPerSec: 20, tradesPerSec: 200, seed: 5, besideBot: true });
    expect(r.launches).toEqual({ sent: 10, bought: 10 });
    expect(r.beside_bot).not.toBeNull();
    expect(r.beside_bot!.launches_seen).toBe(10);
    expect(r.beside_bot!.trade_events_seen).toBeGreaterThan(0);
    expect(r.beside_bot!.bought).toBe(0);
  }, 90_000);
});
