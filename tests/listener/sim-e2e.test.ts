import { afterEach, describe, expect, test } from "bun:test";
import { startSimCluster, type SimCluster } from "../../src/sim/cluster/index.ts";
import type { Listener } from "../../src/listener/index.ts";
import { CREATOR, listenerFor, ready, RecordingSink, TRADER, waitFor } from "./helpers.ts";

let c: SimCluster | undefined;
let l: Listener | undefined;
afterEach(async () => {
  l?.close();
  l = undefined;
  await c?.stop();
  c = undefined;
});

describe("listener against the simulated cluster", () => {
  test("a launch reaches the sink as LaunchDetected with the event's fields", async () => {
    c = await startSimCluster({ seed: 11, slotMs: 50, httpPort: 0 });
    const sink = new RecordingSink();
    l = listenerFor(c, sink);
    await ready(l);
    const launch = c.api.launchToken({ creator: CREATOR, name: "Alpha", symbol: "ALP", uri: "https://a" });
    await waitFor(() => sink.launches.length === 1, 3_000, "launch");
    const got = sink.launches[0]!;
    expect(got.type).toBe("launch.detected");
    expect(got.signature).toBe(launch.signature);
    expect(got.slot).toBe(launch.slot);
    expect(got.source).toBe(0);
    expect(got.event.mint).toBe(launch.mint);
    expect(got.event.bondingCurve).toBe(launch.bondingCurve);
    expect(got.event.name).toBe("Alpha");
    expect(got.event.symbol).toBe("ALP");
    expect(got.event.uri).toBe("https://a");
    expect(got.event.creator).toBe(CREATOR);
    expect(got.event.virtualSolReserves).toBe(30_000_000_000n);
    expect(typeof got.receivedAt).toBe("number");
    expect(got.seenAt).toBeGreaterThan(1_600_000_000_000);
    expect(l.state.stats.totals.events.launch).toBe(1);
  });

  test("trades arrive as TradeObserved (a dev buy in the launch too)", async () => {
    c = await startSimCluster({ seed: 12, slotMs: 50, httpPort: 0 });
    const sink = new RecordingSink();
    l = listenerFor(c, sink);
    await ready(l);
    const launch = c.api.launchToken({ creator: CREATOR, name: "B", symbol: "B", uri: "u", devBuyLamports: 100_000_000n });
    const buy = c.api.trade({ mint: launch.mint, trader: TRADER, side: "buy", lamports: 500_000_000n });
    expect(buy.ok).toBe(true);
    await waitFor(() => sink.trades.length === 2, 3_000, "trades");
    expect(sink.launches.length).toBe(1);
    const [dev, t] = sink.trades;
    expect(dev!.signature).toBe(launch.signature);
    expect(dev!.event.user).toBe(CREATOR);
    expect(t!.event.mint).toBe(launch.mint);
    expect(t!.event.isBuy).toBe(true);
    expect(t!.event.user).toBe(TRADER);
    if (buy.ok) {
      expect(t!.signature).toBe(buy.signature);
      expect(t!.event.solAmount).toBe(buy.solAmount);
      expect(t!.event.tokenAmount).toBe(buy.tokenAmount);
    }
  });
});
