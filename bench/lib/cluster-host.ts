/**
 * The simulated cluster in its own process, driven by a benchmark / chaos / fault orchestrator over IPC
 * (Bun.spawn `ipc`). It adds only load generation and observation around `startSimCluster`:
 * - background trade flow (real `api.trade` executions by simulated traders on pre-launched mints) at a
 *   controlled rate;
 * - launches at a controlled rate (each with a dev buy), and for the exit path: once the bot's buy of a
 *   launch lands, the creator dumps its dev tokens (a TradeEvent that crosses the bot's stop-loss);
 * - synthetic re-delivery of landed trade records with fresh signatures (ingest capacity, no execution);
 * - the referee's own report (notify -> first tx, RPC calls in between) plus the receive time of every
 *   sell, read from the referee's `onTransactionReceived` stamps.
 * Every timestamp is this process's monotonic clock (the referee's).
 */
import { createHash } from "node:crypto";
import { encodeBase58Key } from "../../src/chain/base58.ts";
import { DISC_KEY, discKey, PUMP_PROGRAM_ID } from "../../src/chain/pump/constants.ts";
import { creatorVaultOf } from "../../src/sim/pump/pdas.ts";
import { seededRng } from "../../src/rng.ts";
import { startSimCluster, type SimCluster } from "../../src/sim/cluster/index.ts";
import { createFaultPolicy, type FaultPolicyHandle } from "../../src/sim/faults/index.ts";
import type { ParsedTx } from "../../src/sim/exec/parse.ts";
import type { TxRecord } from "../../src/sim/ledger/transactions.ts";
import { buildReport } from "../../src/sim/referee/report.ts";
import { liveHeapTypes } from "./heap-types.ts";
import type { HostCommand, HostOptions, HostReply, LaunchSample } from "./host-protocol.ts";

const opts = JSON.parse(process.env.BENCH_HOST ?? "{}") as HostOptions;
const key = (s: string): string => encodeBase58Key(createHash("sha256").update(s).digest());
const now = (): number => performance.now();
const rng = seededRng(opts.seed ?? 7);

const faults: FaultPolicyHandle | undefined = opts.faults && opts.faults.length > 0 ? createFaultPolicy({ rules: opts.faults, seed: opts.seed ?? 7 }) : undefined;
const cluster: SimCluster = await startSimCluster({
  seed: opts.seed ?? 7,
  slotMs: opts.slotMs ?? 400,
  httpPort: opts.httpPort ?? 0,
  ...(opts.wsPort ? { wsPort: opts.wsPort } : {}),
  ...(faults ? { faults } : {}),
  ...(opts.bounds ? { maxTxRecords: opts.bounds.txRecords, maxTradeShapes: opts.bounds.tradeShapes } : {}),
});
const api = cluster.api;

// ---- observation: every sell / buy received per (wallet, mint), from the referee's own stamps.
const received = new Map<string, { buy?: number; sell?: number; sells: number; buys: number }>();
const receivedOf = (wallet: string, mint: string) => {
  const k = `${wallet}:${mint}`;
  let r = received.get(k);
  if (!r) received.set(k, (r = { sells: 0, buys: 0 }));
  return r;
};
const origReceived = cluster.referee.onTransactionReceived.bind(cluster.referee);
cluster.referee.onTransactionReceived = (tx: ParsedTx, at) => {
  origReceived(tx, at);
  const wallet = tx.accountKeys[0]!;
  for (const ix of tx.instructions) {
    if (tx.accountKeys[ix.programIdIndex] !== PUMP_PROGRAM_ID || ix.data.length < 8) continue;
    const d = discKey(ix.data);
    const mint = tx.accountKeys[ix.accounts[2] ?? -1];
    if (!mint) continue;
    const r = receivedOf(wallet, mint);
    if (d === DISC_KEY.sell) {
      r.sells++;
      r.sell ??= at.mono;
    } else if (d === DISC_KEY.buy || d === DISC_KEY.buyExactSolIn) {
      r.buys++;
      r.buy ??= at.mono;
    }
  }
};

// ---- background mints and traders
const bgMints: string[] = [];
const traders: string[] = [];
const holdings = new Map<number, bigint>();
const tradePool: TxRecord[] = [];
let poolWanted = 0;
cluster.chain.onLanded(({ record, effects }, origin) => {
  if (origin === "wallet") onWalletLanded(record, effects);
  else if (tradePool.length < poolWanted && effects.length === 1 && effects[0]!.kind === "trade") tradePool.push(record);
});

let flowRate = 0;
let flowDone = 0;
let flowStart = 0;
let flowTimer: ReturnType<typeof setInterval> | undefined;
let flowFailures = 0;
let flowReplayed = false;
let flowReplays = 0;
function oneTrade(): void {
  const pair = Math.floor(rng.next() * traders.length * bgMints.length);
  const trader = traders[pair % traders.length]!;
  const mint = bgMints[Math.floor(pair / traders.length)]!;
  const held = holdings.get(pair) ?? 0n;
  const sell = held > 0n && rng.next() < 0.45;
  const r = sell
    ? api.trade({ trader, mint, side: "sell", tokens: held / 2n + 1n })
    : api.trade({ trader, mint, side: "buy", lamports: BigInt(100_000 + Math.floor(rng.next() * 2_000_000)) });
  if (!r.ok) {
    flowFailures++;
    return;
  }
  holdings.set(pair, held + (sell ? -r.tokenAmount : r.tokenAmount));
}
/**
 * A TradeEvent frame for the bot without executing a trade: one of the pool's executed trades delivered
 * again under a fresh signature (the bot decodes, prices and counts it like any other). The hot-path
 * bench uses it so the cluster, which is also the instrument, spends its time reading our requests
 * rather than executing 2,000 trades a second (its own work and garbage collection delayed the
 * referee's stamps by milliseconds).
 */
function replayTrade(i: number): void {
  const base = tradePool[i % tradePool.length]!;
  const sig = cluster.chain.randomSignature();
  cluster.hub.onLanded({ ...base, signature: sig, signatures: [sig] }, []);
}
function setFlow(rate: number, replayed = false): void {
  flowReplayed = replayed;
  if (flowTimer) clearInterval(flowTimer);
  flowTimer = undefined;
  flowRate = rate;
  flowDone = 0;
  flowOwed = 0;
  flowStart = now();
  if (rate <= 0) return;
  flowTimer = setInterval(() => {
    const due = Math.floor(((now() - flowStart) / 1000) * flowRate) - flowDone;
    // Never more than 200 ms of backlog owed (keeps launches timely if this process stalls).
    flowOwed = Math.min(flowOwed + due, Math.ceil(flowRate / 5));
    flowDone += due;
    if (!flowStepping && flowOwed > 0) {
      flowStepping = true;
      setImmediate(flowStep);
    }
  }, 2);
}
// One trade per macrotask: the event loop reads sockets between any two, so a request of the bot is
// stamped by the referee when it arrives, not after a batch of catch-up trades (a late tick used to run
// dozens in one go: 8-16 ms during which every request waited and counted as the bot's latency).
let flowOwed = 0;
let flowStepping = false;
function flowStep(): void {
  if (flowOwed <= 0 || flowRate <= 0) {
    flowStepping = false;
    return;
  }
  flowOwed--;
  if (flowReplayed && tradePool.length > 0) replayTrade(flowReplays++);
  else oneTrade();
  setImmediate(flowStep);
}

// ---- launches and the exit path
interface LaunchState {
  mint: string;
  creator: string;
  devTokens: bigint;
  launchedAt: number;
  dumpAt?: number;
  dumpScheduled?: boolean;
  dumpFailed?: string;
  botBuyLanded?: boolean;
  botBuyErr?: unknown;
  botSellLanded: number;
}
const launches = new Map<string, LaunchState>();
let launchSeq = 0;
let botWallet: string | undefined;
let dumpAfterMs = -1;
/** Share of bought launches whose creator dumps (the rest stay open positions). */
let dumpShare = 1;
function onWalletLanded(record: TxRecord, effects: { kind: string }[]): void {
  if (record.accountKeys[0] !== botWallet) return;
  for (const e of effects as { kind: string; mint?: string; isBuy?: boolean }[]) {
    if (e.kind !== "trade" || !e.mint) continue;
    const l = launches.get(e.mint);
    if (!l) continue;
    if (e.isBuy) {
      l.botBuyLanded = true;
      if (dumpAfterMs >= 0 && l.dumpAt === undefined && !l.dumpScheduled && rng.next() < dumpShare) {
        l.dumpScheduled = true;
        setTimeout(() => dump(l), dumpAfterMs);
      }
    } else l.botSellLanded++;
  }
  if (record.err !== null) {
    // A failed buy: find its mint in the instruction accounts.
    for (const ix of record.instructions) {
      if (record.accountKeys[ix.programIdIndex] !== PUMP_PROGRAM_ID) continue;
      const l = launches.get(record.accountKeys[ix.accounts[2] ?? -1] ?? "");
      if (l && !l.botBuyLanded) l.botBuyErr = record.err;
    }
  }
}
// ---- bounds: a finished launch leaves the ledger (its mint, curve, token accounts, metadata, creator)
const forgetAfterMs = opts.bounds?.forgetLaunchesAfterMs;
const forgetQueue: { mint: string; due: number }[] = [];
let forgetHead = 0;
let launchesForgotten = 0;
function forgetLater(mint: string): void {
  if (forgetAfterMs !== undefined) forgetQueue.push({ mint, due: now() + forgetAfterMs });
}
/** Forgets the launches due; one still held by the bot is looked at again later while its sell is to come. */
function forgetDue(): void {
  const t = now();
  while (forgetHead < forgetQueue.length && forgetQueue[forgetHead]!.due <= t) {
    const l = launches.get(forgetQueue[forgetHead++]!.mint)!;
    if (l.botSellLanded > 0 || !l.botBuyLanded) {
      cluster.control.forgetToken(l.mint, botWallet ? [l.creator, botWallet] : [l.creator]);
      cluster.control.forgetAccounts([l.creator, creatorVaultOf(l.creator)]);
      launchesForgotten++;
    } else if (l.dumpScheduled) forgetLater(l.mint);
  }
  if (forgetHead > 1024 && forgetHead * 2 > forgetQueue.length) {
    forgetQueue.splice(0, forgetHead);
    forgetHead = 0;
  }
}
if (forgetAfterMs !== undefined) setInterval(forgetDue, 1000);

function dump(l: LaunchState): void {
  if (l.dumpAt !== undefined || l.devTokens <= 0n) return;
  const r = api.trade({ trader: l.creator, mint: l.mint, side: "sell", tokens: l.devTokens });
  if (r.ok) l.dumpAt = now();
  else l.dumpFailed = r.reason;
}
let launchTimer: ReturnType<typeof setTimeout> | undefined;
let launchesWanted = 0;
let launchesDone = 0;
function launchOne(devBuyLamports: bigint): void {
  const i = launchSeq++;
  const creator = key(`bench-creator-${opts.seed ?? 7}-${i}`);
  const r = api.launchToken({ creator, name: `Bench ${i}`, symbol: `B${i % 1000}`, uri: `https://example.invalid/${i}.json`, devBuyLamports });
  launches.set(r.mint, { mint: r.mint, creator, devTokens: r.devTokens, launchedAt: now(), botSellLanded: 0 });
  forgetLater(r.mint);
  launchesDone++;
}
function runLaunches(count: number, perSec: number, devBuyLamports: bigint): void {
  launchesWanted += count;
  if (launchTimer) clearTimeout(launchTimer);
  const gap = 1000 / perSec;
  const tick = (): void => {
    if (launchesDone >= launchesWanted) return;
    launchOne(devBuyLamports);
    // +-40 % jitter around the mean gap, so launches fall at every phase of the slot and of the flow.
    launchTimer = setTimeout(tick, gap * (0.6 + 0.8 * rng.next()));
  };
  tick();
}

// ---- synthetic re-delivery (ingest)
async function blast(perSec: number, seconds: number): Promise<{ sent: number; ms: number }> {
  const total = Math.floor(perSec * seconds);
  const t0 = now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((now() - t0) / 1000) * perSec));
    for (; sent < due; sent++) {
      replayTrade(sent);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  return { sent, ms: now() - t0 };
}

function samples(wallet: string): LaunchSample[] {
  const report = buildReport(cluster.referee);
  const byMint = new Map(report.mints.map((m) => [m.mint, m]));
  const out: LaunchSample[] = [];
  for (const l of launches.values()) {
    const m = byMint.get(l.mint);
    const w = m?.wallets.find((x) => x.wallet === wallet);
    const rec = received.get(`${wallet}:${l.mint}`);
    const notified = m && m.notifications.length > 0 ? Math.min(...m.notifications.map((n) => n.at.mono)) : null;
    out.push({
      mint: l.mint,
      notifiedAt: notified,
      notifyToSendMs: w?.notifyToSendMs ?? null,
      rpcCalls: w?.rpcCallsBetween.count ?? 0,
      rpcMethods: w?.rpcCallsBetween.methods ?? {},
      buyLanded: l.botBuyLanded === true,
      buyErr: l.botBuyErr === undefined ? null : JSON.stringify(l.botBuyErr),
      buysReceived: rec?.buys ?? 0,
      sellsReceived: rec?.sells ?? 0,
      dumpToSellMs: l.dumpAt !== undefined && rec?.sell !== undefined && rec.sell >= l.dumpAt ? rec.sell - l.dumpAt : null,
      dumped: l.dumpAt !== undefined,
      sellsLanded: l.botSellLanded,
    });
  }
  return out;
}

function onChain(wallet: string) {
  // The wallet's landed trades (the referee's record) and its token balance per launched mint.
  const txs = cluster.referee.walletTxs.get(wallet) ?? [];
  const landedBuys: Record<string, number> = {};
  for (const t of txs) if (t.err === null && t.side === "buy" && t.mint) landedBuys[t.mint] = (landedBuys[t.mint] ?? 0) + 1;
  const holding: string[] = [];
  for (const mint of new Set([...Object.keys(landedBuys), ...launches.keys()])) if (api.tokenBalance(wallet, mint) > 0n) holding.push(mint);
  return { landedBuys, holding, walletTxs: txs.length, dropped: cluster.referee.dropped };
}

const reply = (r: HostReply): void => void process.send!(r);
process.on("message", async (raw: unknown) => {
  const c = raw as HostCommand;
  try {
    switch (c.cmd) {
      case "fund":
        api.fund(c.pubkey, BigInt(c.lamports));
        return reply({ id: c.id, ok: true });
      case "background": {
        poolWanted = c.pool ?? 2000;
        for (let i = 0; i < c.mints; i++) {
          bgMints.push(api.launchToken({ creator: key(`bench-bg-creator-${i}`), name: `Background ${i}`, symbol: "BG", uri: "https://example.invalid/bg.json" }).mint);
        }
        for (let i = 0; i < c.traders; i++) traders.push(key(`bench-trader-${i}`));
        // Warm the shapes and the re-delivery pool.
        while (tradePool.length < Math.min(poolWanted, 500)) oneTrade();
        return reply({ id: c.id, ok: true, value: { mints: bgMints.length } });
      }
      case "flow":
        setFlow(c.perSec, c.replayed === true);
        return reply({ id: c.id, ok: true });
      case "launches":
        botWallet = c.wallet;
        dumpAfterMs = c.dumpAfterMs ?? -1;
        dumpShare = c.dumpShare ?? 1;
        runLaunches(c.count, c.perSec, BigInt(c.devBuyLamports));
        return reply({ id: c.id, ok: true });
      case "progress":
        return reply({ id: c.id, ok: true, value: { launched: launchesDone, wanted: launchesWanted, flowDone, flowRate, flowFailures, stats: cluster.stats(), faults: faults?.stats() } });
      case "ledger":
        return reply({ id: c.id, ok: true, value: { accounts: cluster.chain.ledger.accounts.size, txAddresses: cluster.chain.ledger.txs.addresses, launchesForgotten } });
      case "blast":
        while (tradePool.length < 500) oneTrade();
        return reply({ id: c.id, ok: true, value: { ...(await blast(c.perSec, c.seconds)), stats: cluster.stats() } });
      case "samples": {
        const reqs = cluster.referee.requests;
        const requests = { total: reqs.length, firstMono: reqs[0]?.at.mono ?? 0, lastMono: reqs.at(-1)?.at.mono ?? 0, dropped: cluster.referee.dropped.requests };
        // timeOrigin + a monotonic stamp is this machine's wall clock to a few us in every process:
        // the bench lines the referee's stamps up with the bot's own (BENCH_PROBE split).
        return reply({ id: c.id, ok: true, value: { samples: samples(c.wallet), requests, timeOrigin: performance.timeOrigin } });
      }
      case "onchain":
        return reply({ id: c.id, ok: true, value: onChain(c.wallet) });
      case "landed-buys": {
        const txs = cluster.referee.walletTxs.get(c.wallet) ?? [];
        // With the referee's amounts (decimal strings): what a fill of that signature must say.
        const pick = (side: "buy" | "sell") => txs.filter((t) => t.err === null && t.side === side && t.mint).map((t) => ({
          mint: t.mint!, signature: t.signature, sol: String(t.sol), tokens: String(t.tokens), fee: String(t.fee), creatorFee: String(t.creatorFee), txFee: String(t.txFee),
        }));
        return reply({ id: c.id, ok: true, value: { buys: pick("buy"), sells: pick("sell"), dropped: cluster.referee.dropped.walletTxs } });
      }
      case "poke": {
        // A TradeEvent below the bot's stop on every mint it still holds: the creator's dump if it has
        // not happened yet, else a tiny buy (the price stays far below the bot's entry).
        let poked = 0;
        for (const l of launches.values()) {
          if (api.tokenBalance(c.wallet, l.mint) === 0n) continue;
          if (l.dumpAt === undefined) dump(l);
          else api.trade({ trader: key("bench-poker"), mint: l.mint, side: "buy", lamports: 1_000_000n });
          poked++;
        }
        return reply({ id: c.id, ok: true, value: { poked } });
      }
      case "stop-launches":
        launchesWanted = launchesDone;
        if (launchTimer) clearTimeout(launchTimer);
        return reply({ id: c.id, ok: true, value: { launched: launchesDone } });
      case "types":
        return reply({ id: c.id, ok: true, value: liveHeapTypes() });
      case "drop-ws":
        cluster.control.dropWebsockets();
        return reply({ id: c.id, ok: true });
      case "stop":
        if (flowTimer) clearInterval(flowTimer);
        if (launchTimer) clearTimeout(launchTimer);
        await cluster.stop();
        reply({ id: c.id, ok: true });
        setTimeout(() => process.exit(0), 20);
        return;
    }
  } catch (e) {
    reply({ id: (c as { id: number }).id, ok: false, error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
  }
});
reply({ id: 0, ok: true, value: { httpUrl: cluster.httpUrl, wsUrl: cluster.wsUrl } });
