/**
 * Simulator throughput: TradeEvent notifications/s to one websocket subscriber, and sendTransaction/s
 * over HTTP. `bun run bench/sim.ts [--trades N] [--sends N] [--concurrency N]`; writes bench/results-sim.json.
 * The clients run in a worker thread; the server (and the market trades feeding the notifications) in
 * the main thread. Never a timed test.
 */
import { buildSignedBuyTransaction, PUMP_PROGRAM_ID } from "../src/chain/pump/index.ts";
import { createSigner } from "../src/chain/signer.ts";
import { startSimCluster } from "../src/sim/cluster/index.ts";
import { FEE_RECIPIENT } from "../src/sim/pump/genesis.ts";

function arg(name: string, dflt: number): number {
  const i = Bun.argv.indexOf(name);
  return i > 0 ? Number(Bun.argv[i + 1]) : dflt;
}

const TRADES = arg("--trades", 20_000);
const SENDS = arg("--sends", 5_000);
const CONCURRENCY = arg("--concurrency", 32);
const CREATOR = "C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN";

function worker(): Worker {
  return new Worker(new URL("./sim-client.worker.ts", import.meta.url).href);
}

function nextMessage<T>(w: Worker, pred: (m: any) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const on = (ev: MessageEvent): void => {
      if (!pred(ev.data)) return;
      w.removeEventListener("message", on);
      resolve(ev.data as T);
    };
    w.addEventListener("message", on);
  });
}

async function notifications(): Promise<Record<string, number>> {
  const c = await startSimCluster({ httpPort: 0, slotMs: 400 });
  const mints = Array.from({ length: 20 }, (_, i) => c.api.launchToken({ creator: CREATOR, name: `b${i}`, symbol: "B", uri: "u" }).mint);
  const traders = Array.from({ length: 50 }, (_, i) => createSigner(new Uint8Array(32).fill(i + 1)).address);
  const w = worker();
  const subscribed = nextMessage(w, (m) => m.subscribed);
  const done = nextMessage<{ ms: number; received: number }>(w, (m) => m.done);
  w.postMessage({ kind: "listen", url: c.wsUrl, mention: PUMP_PROGRAM_ID, expect: TRADES });
  await subscribed;
  const t0 = performance.now();
  let produced = 0;
  while (produced < TRADES) {
    const end = Math.min(TRADES, produced + 1000);
    for (; produced < end; produced++) {
      const r = c.api.trade({ trader: traders[produced % traders.length]!, mint: mints[produced % mints.length]!, side: "buy", lamports: 1_000_000n });
      if (!r.ok) throw new Error(r.reason);
    }
    await Bun.sleep(0);
  }
  const produceMs = performance.now() - t0;
  await done;
  const totalMs = performance.now() - t0;
  // Fan-out only: re-deliver the landed trades' notifications (no execution), as fast as the socket takes them.
  const records = c.chain.ledger.txs.signaturesFor(PUMP_PROGRAM_ID, { limit: 1000 });
  const again = nextMessage<{ ms: number }>(w, (m) => m.done);
  w.postMessage({ kind: "listen", url: c.wsUrl, mention: PUMP_PROGRAM_ID, expect: TRADES });
  await nextMessage(w, (m) => m.subscribed);
  const hub = c.hub;
  const f0 = performance.now();
  for (let sent = 0; sent < TRADES; ) {
    for (let k = 0; k < 1000 && sent < TRADES; k++, sent++) hub.onLanded(records[sent % records.length]!, []);
    await Bun.sleep(0);
  }
  await again;
  const fanoutMs = performance.now() - f0;
  w.terminate();
  const stats = c.stats();
  await c.stop();
  return {
    trades: TRADES,
    tradesPerSec: Math.round((TRADES / produceMs) * 1000),
    notificationsPerSec: Math.round((TRADES / totalMs) * 1000),
    fanoutOnlyNotificationsPerSec: Math.round((TRADES / fanoutMs) * 1000),
    slowConsumerDrops: stats.ws.slowConsumerDrops,
  };
}

async function sends(): Promise<Record<string, number>> {
  const c = await startSimCluster({ httpPort: 0, slotMs: 400 });
  const mint = c.api.launchToken({ creator: CREATOR, name: "s", symbol: "S", uri: "u" }).mint;
  const signers = Array.from({ length: 100 }, (_, i) => createSigner(new Uint8Array(32).fill(100 + i)));
  for (const s of signers) c.api.fund(s.address, 1_000_000_000_000n);
  const bh = c.chain.ledger.slots.latestBlockhash();
  const txs = Array.from({ length: SENDS }, (_, i) =>
    buildSignedBuyTransaction({
      signer: signers[i % signers.length]!, recentBlockhash: bh, computeUnitLimit: 100_000, microLamportsPerCu: BigInt(i),
      mint, creator: CREATOR, feeRecipient: FEE_RECIPIENT, spendableSolIn: 1_000_000n, minTokensOut: 1n,
    }).base64,
  );
  const w = worker();
  const done = nextMessage<{ ms: number; failed: number }>(w, (m) => m.ms !== undefined);
  w.postMessage({ kind: "send", url: c.httpUrl, txs, concurrency: CONCURRENCY });
  const r = await done;
  w.terminate();
  await c.stop();
  return { sends: SENDS, concurrency: CONCURRENCY, sendsPerSec: Math.round((SENDS / r.ms) * 1000), failed: r.failed };
}

const result = {
  at: new Date().toISOString(),
  bun: Bun.version,
  cores: navigator.hardwareConcurrency,
  notifications: await notifications(),
  sendTransaction: await sends(),
  targets: { notificationsPerSec: 20_000, sendsPerSec: 2_000 },
};
console.log(JSON.stringify(result, null, 2));
await Bun.write(new URL("./results-sim.json", import.meta.url), JSON.stringify(result, null, 2));
process.exit(0);
