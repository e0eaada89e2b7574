import { afterEach, describe, expect, test } from "bun:test";
import { Connection, Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction } from "@solana/web3.js";
import { PUMP_PROGRAM_ID } from "../../src/chain/pump/index.ts";
import type { SimCluster } from "../../src/sim/cluster/index.ts";
import { noFaults, type FaultPolicy } from "../../src/sim/hooks.ts";
import { call, openWs, startTestCluster, waitFor } from "./helpers.ts";

let c: SimCluster | undefined;
afterEach(async () => {
  await c?.stop();
  c = undefined;
});

const CREATOR = "C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN";

describe("the server applies the fault policy", () => {
  test("HTTP 429 with Retry-After, then a delayed answer", async () => {
    let n = 0;
    const faults: FaultPolicy = {
      ...noFaults,
      beforeHttp: () => (n++ === 0 ? { kind: "status", status: 429, retryAfterSec: 2 } : { kind: "delay", ms: 60 }),
    };
    c = await startTestCluster({ faults });
    const res = await fetch(c.httpUrl, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: "1", method: "getSlot" }) });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    const t0 = performance.now();
    expect((await call(c.httpUrl, "getSlot")).result).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
  });

  test("never-land: accepted, signature returned, status stays null; fail: lands with an error", async () => {
    const fates = ["never-land", "fail"] as const;
    let i = 0;
    c = await startTestCluster({ faults: { ...noFaults, onSendTransaction: () => fates[i++ % 2]! } });
    const conn = new Connection(c.httpUrl, { commitment: "confirmed", wsEndpoint: c.wsUrl });
    const kp = Keypair.generate();
    c.api.fund(kp.publicKey.toBase58(), BigInt(LAMPORTS_PER_SOL));
    const sigs: string[] = [];
    for (const lamports of [1, 2]) {
      const bh = await conn.getLatestBlockhash();
      const tx = new Transaction({ feePayer: kp.publicKey, ...bh }).add(SystemProgram.transfer({ fromPubkey: kp.publicKey, toPubkey: Keypair.generate().publicKey, lamports }));
      tx.sign(kp);
      sigs.push(await conn.sendRawTransaction(tx.serialize()));
    }
    const st = await conn.getSignatureStatuses(sigs);
    expect(st.value[0]).toBeNull();
    expect(st.value[1]!.err).toEqual({ InstructionError: [0, "ProgramFailedToComplete"] });
    expect(c.api.balance(kp.publicKey.toBase58())).toBe(BigInt(LAMPORTS_PER_SOL) - 5000n);
  });

  test("truncated logs: 'Log truncated' replaces the event line; getTransaction's inner instructions still carry it", async () => {
    c = await startTestCluster({ faults: { ...noFaults, truncateLogs: () => true } });
    const launch = c.api.launchToken({ creator: CREATOR, name: "t", symbol: "T", uri: "u" });
    c.control.advanceSlot();
    const got = (await call(c.httpUrl, "getTransaction", [launch.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 }])).result;
    expect(got.meta.logMessages.at(-1)).toBe("Log truncated");
    expect(got.meta.logMessages.some((l: string) => l.startsWith("Program data:"))).toBe(false);
    expect(got.meta.innerInstructions.length).toBe(1);
  });

  test("websocket frames: malformed, truncated, dropped connection (counted)", async () => {
    const plan = ["malform", "truncate", "drop-connection"] as const;
    let i = 0;
    c = await startTestCluster({ faults: { ...noFaults, beforeWsFrame: () => plan[i++] ?? "send" } });
    const w = await openWs(c.wsUrl);
    await w.request(1, "logsSubscribe", [{ mentions: [PUMP_PROGRAM_ID] }, { commitment: "processed" }]);
    let closed = false;
    w.ws.addEventListener("close", () => (closed = true));
    for (let k = 0; k < 3; k++) c.api.launchToken({ creator: CREATOR, name: `n${k}`, symbol: "N", uri: "u" });
    await waitFor(() => closed, 3000, "close");
    expect(w.raw.length).toBe(3); // the subscribe reply + 2 broken frames
    expect(w.messages.filter((m) => m.unparsable).length).toBe(2);
    const s = c.stats().ws;
    expect(s.malformedFrames).toBe(1);
    expect(s.truncatedFrames).toBe(1);
    expect(s.faultDrops).toBe(1);
  });

  test("a subscriber whose send buffer passes the bound is disconnected and counted", async () => {
    c = await startTestCluster({ maxWsBufferedBytes: -1 });
    const w = await openWs(c.wsUrl);
    await w.request(1, "slotSubscribe");
    let closed = false;
    w.ws.addEventListener("close", () => (closed = true));
    await waitFor(() => closed, 3000, "slow consumer close");
    expect(c.stats().ws.slowConsumerDrops).toBe(1);
    await waitFor(() => c!.stats().subscriptions === 0, 2000, "subscriptions dropped");
  });
});
