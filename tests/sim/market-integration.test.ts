import { describe, expect, test } from "bun:test";
import { Connection, PublicKey, type Logs } from "@solana/web3.js";
import { decodePumpEvent, PUMP_PROGRAM_ID } from "../../src/chain/pump/index.ts";
import { ManualScheduler } from "../../src/sim/ledger/scheduler.ts";
import { createMarket } from "../../src/sim/market/index.ts";
import { createFaultPolicy } from "../../src/sim/faults/index.ts";
import { startTestCluster, waitFor } from "./helpers.ts";

async function stepped(seed: number): Promise<string[]> {
  const s = new ManualScheduler();
  const c = await startTestCluster({ seed, clock: s, scheduler: s, slotMs: 400, market: createMarket({ seed, launchRatePerSec: 4 }) });
  s.advance(10_000);
  const sigs = c.chain.ledger.txs.signaturesFor(PUMP_PROGRAM_ID, { limit: 1000 }).map((r) => r.signature);
  await c.stop();
  return sigs;
}

describe("with the market model and the fault policy", () => {
  test("a stepped cluster with the same seed lands the same transactions", async () => {
    const a = await stepped(5);
    expect(a.length).toBeGreaterThan(10);
    expect(await stepped(5)).toEqual(a);
    expect(await stepped(6)).not.toEqual(a);
  });

  test("web3.js sees the market's launches and trades in real formats, through a fault plan", async () => {
    const faults = createFaultPolicy({ rules: ["malformed:rate=0.05"], seed: 2 });
    const c = await startTestCluster({ faults, market: createMarket({ seed: 2, launchRatePerSec: 20 }) });
    const conn = new Connection(c.httpUrl, { commitment: "confirmed", wsEndpoint: c.wsUrl });
    const logs: Logs[] = [];
    const sub = conn.onLogs(new PublicKey(PUMP_PROGRAM_ID), (l) => logs.push(l), "processed");
    const kinds = (): Set<string> =>
      new Set(logs.flatMap((l) => l.logs.filter((x) => x.startsWith("Program data: ")).map((x) => decodePumpEvent(Buffer.from(x.slice(14), "base64")).kind)));
    await waitFor(() => kinds().has("create") && kinds().has("trade"), 8000, "market launches and trades");
    await conn.removeOnLogsListener(sub);
    await c.stop();
  }, 12_000);
});
