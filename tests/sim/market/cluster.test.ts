import { describe, expect, test } from "bun:test";
import { startSimCluster } from "../../../src/sim/cluster/index.ts";
import { ManualScheduler } from "../../../src/sim/ledger/scheduler.ts";
import { createFaultPolicy } from "../../../src/sim/faults/index.ts";
import { createMarket, MarketPlanner } from "../../../src/sim/market/index.ts";

describe("market + faults plugged into the simulated cluster", () => {
  test("launches land as curves and the market's trades execute on a stepped clock", async () => {
    const s = new ManualScheduler();
    const errors: unknown[] = [];
    const market = createMarket({ seed: 3, launchRatePerSec: 2, tradeRatePerToken: 5, onError: (e) => errors.push(e) });
    const faults = createFaultPolicy({ now: () => s.now(), rules: ["log-truncate:rate=0.1"] });
    const cluster = await startSimCluster({ clock: s, scheduler: s, market, faults });
    try {
      for (let i = 0; i < 10; i++) s.advance(1_000);
      const st = market.stats();
      expect(errors).toEqual([]);
      expect(st.launches).toBeGreaterThan(5);
      expect(st.tradesOk).toBeGreaterThan(50);
      // The first planned launch's creator was funded on the cluster's ledger.
      const first = new MarketPlanner({ seed: 3, launchRatePerSec: 2, tradeRatePerToken: 5 }).next();
      expect(first?.kind).toBe("launch");
      if (first?.kind === "launch") expect(cluster.api.balance(first.launch.creator)).toBeGreaterThan(0n);
      expect(faults.stats().consulted.logs).toBeGreaterThan(st.tradesOk);
      expect(faults.stats().injected["log-truncate"]).toBeGreaterThan(0);
    } finally {
      await cluster.stop();
    }
  });
});
