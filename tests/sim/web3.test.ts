import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram, Transaction, type Logs } from "@solana/web3.js";
import type { SimCluster } from "../../src/sim/cluster/index.ts";
import { decodePumpEvent, PUMP_PROGRAM_ID } from "../../src/chain/pump/index.ts";
import { startTestCluster, waitFor } from "./helpers.ts";

let c: SimCluster;
let conn: Connection;
const creator = Keypair.generate().publicKey.toBase58();

beforeAll(async () => {
  c = await startTestCluster();
  // No wsEndpoint: web3.js uses the HTTP port + 1, which is the simulator's default websocket port.
  conn = new Connection(c.httpUrl, { commitment: "confirmed" });
  expect(c.wsUrl).toBe(c.httpUrl.replace("http", "ws").replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`));
});
afterAll(async () => {
  await c.stop();
});

async function airdrop(to: PublicKey, lamports: number): Promise<string> {
  const sig = await conn.requestAirdrop(to, lamports);
  const bh = await conn.getLatestBlockhash();
  const res = await conn.confirmTransaction({ signature: sig, ...bh }, "confirmed");
  expect(res.value.err).toBeNull();
  return sig;
}

describe("web3.js Connection against the simulator", () => {
  test("getLatestBlockhash, getSlot, getBlockHeight", async () => {
    const bh = await conn.getLatestBlockhash();
    expect(bh.blockhash.length).toBeGreaterThan(30);
    expect(bh.lastValidBlockHeight).toBe((await conn.getBlockHeight()) + 150);
    expect(await conn.getSlot()).toBeGreaterThan(0);
  });

  test("requestAirdrop + confirmTransaction + getBalance", async () => {
    const kp = Keypair.generate();
    await airdrop(kp.publicKey, 2 * LAMPORTS_PER_SOL);
    expect(await conn.getBalance(kp.publicKey)).toBe(2 * LAMPORTS_PER_SOL);
  });

  test("sendRawTransaction + confirmTransaction; fee is 5000 per signature; getTransaction and getSignaturesForAddress", async () => {
    const from = Keypair.generate();
    const to = Keypair.generate().publicKey;
    await airdrop(from.publicKey, LAMPORTS_PER_SOL);
    const bh = await conn.getLatestBlockhash();
    const tx = new Transaction({ feePayer: from.publicKey, ...bh }).add(SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports: 12345 }));
    tx.sign(from);
    const sig = await conn.sendRawTransaction(tx.serialize());
    const res = await conn.confirmTransaction({ signature: sig, ...bh }, "confirmed");
    expect(res.value.err).toBeNull();
    expect(await conn.getBalance(to)).toBe(12345);
    expect(await conn.getBalance(from.publicKey)).toBe(LAMPORTS_PER_SOL - 12345 - 5000);
    const sigs = await conn.getSignaturesForAddress(from.publicKey, { limit: 10 }, "confirmed");
    expect(sigs[0]!.signature).toBe(sig);
    expect(sigs.length).toBe(2); // the airdrop and the transfer
    const got = await conn.getTransaction(sig, { maxSupportedTransactionVersion: 0, commitment: "confirmed" });
    expect(got!.meta!.err).toBeNull();
    expect(got!.meta!.fee).toBe(5000);
    expect(got!.meta!.preBalances[0]! - got!.meta!.postBalances[0]!).toBe(12345 + 5000);
    expect(got!.meta!.logMessages).toEqual(["Program 11111111111111111111111111111111 invoke [1]", "Program 11111111111111111111111111111111 success"]);
    // A duplicate send returns the same signature and has no second effect.
    expect(await conn.sendRawTransaction(tx.serialize())).toBe(sig);
    expect(await conn.getBalance(to)).toBe(12345);
    const status = await conn.getSignatureStatus(sig);
    expect(status.value?.confirmationStatus).toMatch(/confirmed|finalized/);
  });

  test("onSlotChange, onAccountChange and onLogs (a launch carries a decodable CreateEvent)", async () => {
    const slots: number[] = [];
    const slotSub = conn.onSlotChange((s) => slots.push(s.slot));
    const kp = Keypair.generate();
    const changes: number[] = [];
    const accSub = conn.onAccountChange(kp.publicKey, (info) => changes.push(info.lamports), { commitment: "processed" });
    const logs: Logs[] = [];
    const logSub = conn.onLogs(new PublicKey(PUMP_PROGRAM_ID), (l) => logs.push(l), "processed");
    await waitFor(() => c.stats().subscriptions >= 3, 5000, "subscriptions");
    c.api.fund(kp.publicKey.toBase58(), 777n);
    const launch = c.api.launchToken({ creator, name: "Dog", symbol: "DOG", uri: "https://x/y.json" });
    await waitFor(() => slots.length >= 2 && changes.length >= 1 && logs.length >= 1, 5000, "notifications");
    expect(changes[0]).toBe(777);
    const l = logs.find((x) => x.signature === launch.signature)!;
    expect(l.err).toBeNull();
    const data = l.logs.find((x) => x.startsWith("Program data: "))!;
    const ev = decodePumpEvent(Buffer.from(data.slice("Program data: ".length), "base64"));
    expect(ev.kind).toBe("create");
    if (ev.kind === "create") {
      expect(ev.mint).toBe(launch.mint);
      expect(ev.name).toBe("Dog");
      expect(ev.creator).toBe(creator);
      expect(ev.virtualSolReserves).toBe(30_000_000_000n);
    }
    await Promise.all([conn.removeSlotChangeListener(slotSub), conn.removeAccountChangeListener(accSub), conn.removeOnLogsListener(logSub)]);
  });

  test("web3.js reconnects and resubscribes by itself after the server drops the socket", async () => {
    const logs: Logs[] = [];
    const sub = conn.onLogs(new PublicKey(PUMP_PROGRAM_ID), (l) => logs.push(l), "processed");
    await waitFor(() => c.stats().subscriptions >= 1, 5000, "subscription");
    c.control.dropWebsockets();
    await waitFor(() => c.stats().connections === 0, 2000, "drop");
    const before = logs.length;
    let launched = 0;
    await waitFor(
      () => {
        c.api.launchToken({ creator, name: `r${launched++}`, symbol: "R", uri: "u" });
        return logs.length > before;
      },
      10_000,
      "a notification after the reconnect",
    );
    expect(c.stats().connections).toBeGreaterThanOrEqual(1);
    await conn.removeOnLogsListener(sub);
  }, 15_000);
});
