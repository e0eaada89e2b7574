/**
 * The fault suite, short: websocket drops every 4 s, 20 % HTTP 429, 5 % of transactions never landing,
 * slow RPC (20 % of requests +150-250 ms), against the bot in its own process. About 40 s.
 * Longer: `bun run tests/faults/fault-suite.ts --seconds 120`.
 */
import { expect, test } from "bun:test";
import { runFaultSuite } from "./fault-suite.ts";

test(
  "under drops, 429s, lost transactions and slow RPC the bot keeps running, misses no launch and records every skip and failure",
  async () => {
    const r = await runFaultSuite({ seconds: Number(process.env.FAULTS_SECONDS ?? 12), launchRate: 3, seed: Number(process.env.FAULTS_SEED ?? 3) });
    // The faults really happened.
    expect(r.injected["ws-drop"]).toBeGreaterThan(0);
    expect(r.injected.http429).toBeGreaterThan(0);
    expect(r.injected.slow).toBeGreaterThan(0);
    expect(r.reconnects).toBeGreaterThan(0);
    // ... and nothing was lost to them.
    expect(r.botAliveThroughout).toBe(true);
    expect(r.missed).toEqual([]);
    expect(r.undecided).toEqual([]);
    expect(r.skipsWithoutReason).toEqual([]);
    expect(r.buysUnaccounted).toEqual([]);
    expect(r.doubleBuys).toEqual([]);
    expect(r.seen).toBe(r.launches);
    expect({ exitCode: r.exitCode, ordersInFlight: r.ordersInFlightBeforeShutdown, shutdownReport: r.shutdownReport }).toEqual({ exitCode: 0, ordersInFlight: 0, shutdownReport: null });
    expect(r.ok).toBe(true);
  },
  120_000,
);
