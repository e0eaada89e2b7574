import { afterEach, describe, expect, test } from "bun:test";
import { startHost, type Host } from "../../bench/lib/host-protocol.ts";

let host: Host | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

type Ledger = { accounts: number; txAddresses: number; launchesForgotten: number };

describe("the bench's cluster host", () => {
  test("with bounds, a finished launch leaves the ledger: the host does not grow with the run", async () => {
    host = await startHost({ seed: 3, slotMs: 100, bounds: { txRecords: 100, tradeShapes: 10, forgetLaunchesAfterMs: 200 } });
    const before = await host.call<Ledger>({ cmd: "ledger" });
    // No bot: nobody buys, so each launch is finished as soon as it is made.
    await host.call({ cmd: "launches", count: 40, perSec: 200, devBuyLamports: "1000000000", wallet: "11111111111111111111111111111112" });
    let after = before;
    for (let i = 0; i < 60 && after.launchesForgotten < 40; i++, await Bun.sleep(100)) after = await host.call<Ledger>({ cmd: "ledger" });
    expect(after.launchesForgotten).toBe(40);
    expect(after.accounts).toBe(before.accounts); // the creators' wallets and vaults, the mints, curves, ATAs, metadata: all gone
  });

  test("without bounds, every launch's accounts stay (the sim's own default)", async () => {
    host = await startHost({ seed: 3, slotMs: 100 });
    const before = await host.call<Ledger>({ cmd: "ledger" });
    await host.call({ cmd: "launches", count: 10, perSec: 200, devBuyLamports: "1000000000", wallet: "11111111111111111111111111111112" });
    for (let i = 0; i < 50 && (await host.call<{ launched: number }>({ cmd: "progress" })).launched < 10; i++) await Bun.sleep(50);
    await Bun.sleep(300);
    const after = await host.call<Ledger>({ cmd: "ledger" });
    expect(after.launchesForgotten).toBe(0);
    expect(after.accounts - before.accounts).toBe(10 * 7); // mint, curve, its ATA, metadata, creator, its ATA and vault
  });
});
