/**
 * Simulator capacity benchmark (issue "Simulated cluster", item 8): never a timed test.
 *
 *   bun run bench:sim [--trades 60000] [--batch 100] [--traders 200] [--mints 20] [--sends 5000]
 *                     [--concurrency 32] [--runs 3] [--max-tx-records N]
 *
 * Three measurements, each `--runs` times on a fresh cluster; the medians (and every run) go to
 * bench/results-sim.json with the load and the machine:
 * 1. market -> subscriber, end to end: the main thread executes real market trades through
 *    `SimClusterApi.trade` (ledger, curve math, fees, TradeEvent logs, records for backfill), `--batch`
 *    trades per event-loop task, buys and sells over `--traders` x `--mints`; one websocket subscriber
 *    (logsSubscribe mentions the pump program) in a worker thread stamps every frame. Reported:
 *    trades/s produced, notifications/s received (frames / time from the first trade to the last frame),
 *    the per-frame delivery delay (frame arrival - its trade's completion) p50 / p99 / max, and CPU per
 *    trade (main thread from /proc, and the whole process): the machine is shared, so wall-clock rates
 *    move with other load while CPU per trade does not.
 * 2. fan-out only: already landed records re-delivered through the subscription hub (no execution).
 * 3. sendTransaction/s: signed buys over HTTP with `--concurrency` in flight, from the worker.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { encodeBase58Key } from "../src/chain/base58.ts";
import { buildSignedBuyTransaction, PUMP_PROGRAM_ID } from "../src/chain/pump/index.ts";
import { createSigner } from "../src/chain/signer.ts";
import { seededRng } from "../src/rng.ts";
import { startSimCluster } from "../src/sim/cluster/index.ts";
import { FEE_RECIPIENT } from "../src/sim/pump/genesis.ts";
import { numArg } from "./lib/args.ts";


const TRADES = numArg("--trades", 60_000);
const BATCH = numArg("--batch", 100);
const TRADERS = numArg("--traders", 200);
const MINTS = numArg("--mints", 20);
const SENDS = numArg("--sends", 5_000);
const CONCURRENCY = numArg("--concurrency", 32);
const RUNS = numArg("--runs", 3);
/** Landed records the cluster keeps for backfill; 0 = the cluster's default (50,000). */
const MAX_TX_RECORDS = numArg("--max-tx-records", 0);
const CREATOR = "C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN";

/** Absolute milliseconds, comparable across threads (the worker stamps the same way). */
const now = (): number => performance.timeOrigin + performance.now();

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

/** CPU seconds of this process's main thread (Linux /proc; NaN elsewhere): robust to other load on the machine. */
function mainThreadCpuSec(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100/s)
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds of the whole process (every thread: main, subscriber worker, GC helpers). */
const processCpuSec = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Worker clock minus main clock (ms), from the quickest of a few round trips. */
async function clockOffset(w: Worker): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 20; i++) {
    const t0 = now();
    const reply = nextMessage<{ clock: number }>(w, (m) => m.clock !== undefined);
    w.postMessage({ kind: "clock" });
    const { clock } = await reply;
    const t1 = now();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: clock - (t0 + t1) / 2 };
  }
  return best.offset;
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const round = (x: number, digits = 0): number => Number(x.toFixed(digits));

interface MarketRun {
  tradesPerSec: number;
  notificationsPerSec: number;
  fanoutOnlyNotificationsPerSec: number;
  /** Main-thread CPU per trade while producing (trade + ledger + notification serialization and write). */
  mainThreadCpuUsPerTrade: number;
  /** All threads of the process per trade, until the last frame arrived (includes the subscriber worker and GC). */
  processCpuUsPerTrade: number;
  /** What the main thread could sustain with a core to itself (1e6 / mainThreadCpuUsPerTrade). */
  tradesPerMainThreadCpuSec: number;
  delayMsP50: number;
  delayMsP99: number;
  delayMsMax: number;
  buys: number;
  sells: number;
  framesChecked: number;
  framesBad: number;
  slowConsumerDrops: number;
}

type Done = { received: number; checked: number; bad: number; withTrade: number; arrivals: Float64Array };

async function marketRun(): Promise<MarketRun> {
  const c = await startSimCluster({ httpPort: 0, slotMs: 400, ...(MAX_TX_RECORDS > 0 ? { maxTxRecords: MAX_TX_RECORDS } : {}) });
  const mints = Array.from({ length: MINTS }, (_, i) => c.api.launchToken({ creator: CREATOR, name: `b${i}`, symbol: "B", uri: "u" }).mint);
  const traders = Array.from({ length: TRADERS }, (_, i) => encodeBase58Key(createHash("sha256").update(`bench-trader-${i}`).digest()));
  const holdings = new Map<number, bigint>();
  const rng = seededRng(42);
  const w = worker();
  const offset = await clockOffset(w);
  const subscribed = nextMessage(w, (m) => m.subscribed);
  const done = nextMessage<Done>(w, (m) => m.done);
  w.postMessage({ kind: "listen", url: c.wsUrl, mention: PUMP_PROGRAM_ID, expect: TRADES });
  await subscribed;

  const produced = new Float64Array(TRADES);
  let buys = 0;
  let sells = 0;
  const cpu0 = mainThreadCpuSec();
  const pcpu0 = processCpuSec();
  const t0 = now();
  for (let i = 0; i < TRADES; ) {
    const end = Math.min(TRADES, i + BATCH);
    for (; i < end; i++) {
      const pair = Math.floor(rng.next() * TRADERS * MINTS);
      const trader = traders[pair % TRADERS]!;
      const mint = mints[Math.floor(pair / TRADERS)]!;
      const held = holdings.get(pair) ?? 0n;
      const sell = held > 0n && rng.next() < 0.3;
      const r = sell
        ? c.api.trade({ trader, mint, side: "sell", tokens: held / 2n + 1n })
        : c.api.trade({ trader, mint, side: "buy", lamports: BigInt(100_000 + Math.floor(rng.next() * 4_900_000)) });
      produced[i] = now();
      if (!r.ok) throw new Error(r.reason);
      holdings.set(pair, held + (sell ? -r.tokenAmount : r.tokenAmount));
      if (sell) sells++;
      else buys++;
    }
    await yieldToLoop();
  }
  const produceMs = now() - t0;
  const mainCpu = mainThreadCpuSec() - cpu0;
  const d = await done;
  const processCpu = processCpuSec() - pcpu0;
  const arrivals = d.arrivals;
  const delays = new Float64Array(TRADES);
  for (let k = 0; k < TRADES; k++) delays[k] = arrivals[k]! - offset - produced[k]!;
  delays.sort();
  const lastArrival = arrivals[TRADES - 1]! - offset;

  // Fan-out only: re-deliver landed trades' notifications (no execution), as fast as the socket takes them.
  const records = c.chain.ledger.txs.signaturesFor(PUMP_PROGRAM_ID, { limit: 1000 });
  const again = nextMessage<Done>(w, (m) => m.done);
  w.postMessage({ kind: "listen", url: c.wsUrl, mention: PUMP_PROGRAM_ID, expect: TRADES });
  await nextMessage(w, (m) => m.subscribed);
  const f0 = now();
  for (let sent = 0; sent < TRADES; ) {
    for (let k = 0; k < 1000 && sent < TRADES; k++, sent++) c.hub.onLanded(records[sent % records.length]!, []);
    await yieldToLoop();
  }
  const f = await again;
  const fanoutMs = f.arrivals[TRADES - 1]! - offset - f0;
  w.terminate();
  const stats = c.stats();
  await c.stop();
  if (d.received !== TRADES || d.bad > 0 || d.withTrade !== d.checked) throw new Error(`bad frames: ${JSON.stringify({ ...d, arrivals: undefined })}`);
  return {
    tradesPerSec: round((TRADES / produceMs) * 1000),
    notificationsPerSec: round((TRADES / (lastArrival - t0)) * 1000),
    fanoutOnlyNotificationsPerSec: round((TRADES / fanoutMs) * 1000),
    mainThreadCpuUsPerTrade: round((mainCpu * 1e6) / TRADES, 1),
    processCpuUsPerTrade: round((processCpu * 1e6) / TRADES, 1),
    tradesPerMainThreadCpuSec: round(TRADES / mainCpu),
    delayMsP50: round(quantile(delays, 0.5), 2),
    delayMsP99: round(quantile(delays, 0.99), 2),
    delayMsMax: round(delays[TRADES - 1]!, 2),
    buys,
    sells,
    framesChecked: d.checked,
    framesBad: d.bad,
    slowConsumerDrops: stats.ws.slowConsumerDrops,
  };
}

async function sendRun(): Promise<{ sendsPerSec: number; failed: number }> {
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
  return { sendsPerSec: round((SENDS / r.ms) * 1000), failed: r.failed };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function medians<T extends Record<string, number>>(runs: T[]): T {
  const out: Record<string, number> = {};
  for (const k of Object.keys(runs[0]!)) out[k] = median(runs.map((r) => r[k]!));
  return out as T;
}

const loadBefore = loadavg();
const market: MarketRun[] = [];
const send: { sendsPerSec: number; failed: number }[] = [];
for (let r = 0; r < RUNS; r++) {
  market.push(await marketRun());
  send.push(await sendRun());
  console.error(`run ${r + 1}/${RUNS}: ${JSON.stringify({ ...market[r], ...send[r] })}`);
}
const m = medians(market as unknown as Record<string, number>[]) as unknown as MarketRun;
const s = medians(send);
const targets = { notificationsPerSec: 20_000, sendsPerSec: 2_000 };
const result = {
  at: new Date().toISOString(),
  command: `bun run bench/sim.ts ${Bun.argv.slice(2).join(" ")}`.trim(),
  machine: {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: navigator.hardwareConcurrency,
    bun: Bun.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageBefore: loadBefore.map((x) => round(x, 2)),
    loadAverageAfter: loadavg().map((x) => round(x, 2)),
  },
  load: {
    runs: RUNS,
    tradesPerRun: TRADES,
    tradesPerEventLoopTask: BATCH,
    traders: TRADERS,
    mints: MINTS,
    maxTxRecords: MAX_TX_RECORDS > 0 ? MAX_TX_RECORDS : "default (50000)",
    subscribers: 1,
    subscriberThread: "worker",
    commitment: "processed",
    sends: SENDS,
    sendConcurrency: CONCURRENCY,
  },
  medians: { market: m, sendTransaction: s },
  runs: { market, sendTransaction: send },
  targets,
  targetsMet: {
    notificationsPerSec: m.notificationsPerSec >= targets.notificationsPerSec,
    sendsPerSec: s.sendsPerSec >= targets.sendsPerSec,
  },
};
console.log(JSON.stringify(result, null, 2));
await Bun.write(new URL("./results-sim.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
process.exit(0);
