import { describe, expect, test } from "bun:test";
import { buildSignedBuyTransaction, PUMP_PROGRAM_ID } from "../../src/chain/pump/index.ts";
import { FEE_RECIPIENT } from "../../src/sim/pump/genesis.ts";
import { call, clusterPerFile, openWs, startTestCluster, testSigner, waitFor } from "./helpers.ts";

const cluster = clusterPerFile();

const CREATOR = "C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN";

describe("referee", () => {
  test("times launch notification -> first send per wallet, counts the RPC calls in between, records landed trades", async () => {
    const w = await openWs(cluster().wsUrl);
    await w.request(1, "logsSubscribe", [{ mentions: [PUMP_PROGRAM_ID] }, { commitment: "processed" }]);
    const signer = testSigner(21);
    cluster().api.fund(signer.address, 2_000_000_000n);
    const launch = cluster().api.launchToken({ creator: CREATOR, name: "ref", symbol: "REF", uri: "u" });
    await waitFor(() => w.messages.some((m) => m.method === "logsNotification"), 3000, "launch notification");
    // The "bot" makes two RPC calls after the notification, then sends (twice: a duplicate).
    await call(cluster().httpUrl, "getSlot");
    const bh = (await call(cluster().httpUrl, "getLatestBlockhash")).result.value.blockhash;
    const tx = buildSignedBuyTransaction({
      signer, recentBlockhash: bh, computeUnitLimit: 100_000, microLamportsPerCu: 0n,
      mint: launch.mint, creator: CREATOR, feeRecipient: FEE_RECIPIENT, spendableSolIn: 100_000_000n, minTokensOut: 1n,
    });
    await call(cluster().httpUrl, "sendTransaction", [tx.base64, { encoding: "base64" }]);
    await call(cluster().httpUrl, "sendTransaction", [tx.base64, { encoding: "base64" }]);
    const report = (await (await fetch(`${cluster().httpUrl}/_sim/referee`)).json()) as any;
    const m = report.mints.find((x: any) => x.mint === launch.mint);
    expect(m.launch.signature).toBe(launch.signature);
    expect(m.notifications.length).toBe(1);
    expect(m.notifications[0].at.wall).toBeGreaterThan(1_600_000_000_000);
    const mine = m.wallets.find((x: any) => x.wallet === signer.address);
    expect(mine.firstTxSignature).toBe(tx.signature);
    expect(mine.notifyToSendMs).toBeGreaterThanOrEqual(0);
    expect(mine.launchToSendMs).toBeGreaterThanOrEqual(mine.notifyToSendMs);
    expect(mine.rpcCallsBetween).toEqual({ count: 2, methods: { getSlot: 1, getLatestBlockhash: 1 } });
    const trades = report.wallets[signer.address];
    expect(trades.length).toBe(1);
    expect(trades[0].side).toBe("buy");
    expect(trades[0].mint).toBe(launch.mint);
    expect(BigInt(trades[0].sol)).toBeGreaterThan(0n);
    expect(trades[0].signature).toBe(tx.signature);
    expect(report.requests.byMethod.sendTransaction).toBeGreaterThanOrEqual(2);
    w.ws.close();
  });

  test("the report is written to refereeOut on stop", async () => {
    const path = `${process.env.TMPDIR ?? "/tmp"}/sim-referee-${process.pid}.json`;
    const other = await startTestCluster({ refereeOut: path });
    other.api.launchToken({ creator: CREATOR, name: "f", symbol: "F", uri: "u" });
    await other.stop();
    const body = JSON.parse(await Bun.file(path).text());
    expect(body.mints.length).toBe(1);
    await Bun.file(path).delete();
  });
});
