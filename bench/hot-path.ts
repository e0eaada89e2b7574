/**
 * Hot path (issue item 1a), exit path (1b) and memory soak (1e): the cluster host and the bot each in
 * their own process on loopback, a background TradeEvent flow, an SSE client on the status stream, the
 * history writing every launch / decision / position. Launch latencies come from the referee
 * (notification written -> buy received), the in-process share from positions.snipe_latency_ms.
 */
import { Database } from "bun:sqlite";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../src/runtime/free-port.ts";
import { botEnv } from "./lib/bot-env.ts";
import type { HeapTypes } from "./lib/heap-types.ts";
import { sseClient, startBotProc, waitListening, type ListenerSnap } from "./lib/bot-proc.ts";
import { startMarketHost, type Host, type InstrumentBounds, type LaunchSample } from "./lib/host-protocol.ts";
import { numArg } from "./lib/args.ts";
import { byMinute, byQuarter, firstAndRest, median, percentiles, round, rssParts, slope, slopeFrom, type Percentiles } from "./lib/stats.ts";
import { placeHelperThreads, runOnClusterCores } from "./lib/pinning.ts";
import { holdForRun, idleNote } from "./lib/idle-latency.ts";

/**
 * Launches before the bot's memory settles: its bounded caches fill (curves of 4,096 mints, 8,192 address
 * derivations) and the heap finds its size. Two 30-minute soaks (2026-11-29) levelled off by minute 5 at
 * 20 launches/s; the memory slope is taken after it.
 */
const WARMUP_LAUNCHES = 6_000;
/** The launches `first_launches` splits off (5 s at 20/s). */
export const FIRST_LAUNCHES = 100;

export interface HotPathOptions {
  launches: number;
  launchesPerSec: number;
  tradesPerSec: number;
  /** How the flow is made: `replayed` (default) re-delivers executed trades, `executed` runs each one on the cluster. */
  flow?: "replayed" | "executed";
  /** Extra environment for the bot (config overrides such as SNIPER_LISTENER__BUSY_POLL=true). */
  botEnv?: Record<string, string>;
  /** Minutes of soak (launches and flow continue after the measured launches); 0 = none. */
  soakMin: number;
  seed: number;
  log?: (line: string) => void;
  keepDir?: boolean;
}

export interface HotPathResult {
  e2e_ms: Percentiles;
  in_process_ms: Percentiles;
  /** The same, per quarter of the launches in launch order (the first quarter runs while the bot warms up). */
  e2e_by_quarter_ms: { p50: number; p99: number; n: number }[];
  in_process_by_quarter_ms: { p50: number; p99: number; n: number }[];
  /**
   * The first FIRST_LAUNCHES launches against the rest: the part of the launch path the warm-up does not
   * rehearse reaches the optimizing compilers only after ~100 real launches, so they make most of the tail.
   */
  first_launches: { launches: number; e2e_ms: ReturnType<typeof firstAndRest>; in_process_ms: ReturnType<typeof firstAndRest> };
  rpc_calls_in_window: { total: number; launches_with_calls: number; by_method: Record<string, number>; expected_by_chance: number; background_requests_per_s: number };
  exit_e2e_ms: Percentiles;
  launches: { sent: number; notified: number; bought: number; buy_landed: number; buy_failed: number; double_buys: number; dumped: number; sold: number };
  memory: {
    rss_mb_max: number;
    rss_mb_start: number;
    rss_mb_end: number;
    /** Slope of `rss_mb_by_minute` from minute `slope_from_min` (the warm-up's end) on; null when the soak ends too soon for 3 such minutes. */
    slope_mb_per_min: number | null;
    /** That slope's one-sided 95 % upper bound (see stats.ts slopeFit): what the soak shows the slope to be under. */
    slope_upper95_mb_per_min: number | null;
    slope_from_min: number;
    /** Slope of every 2 s sample from the first minute on, warm-up included. */
    slope_whole_run_mb_per_min: number;
    slope_second_half_mb_per_min: number;
    heap_series: { min: number; rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number }[];
    /** BENCH_TYPES=1 only: live JS objects by type (after a full collection) a minute before the slope's start and at the soak's end. */
    heap_types?: HeapTypeGrowth;
    /** The same for the cluster host (the bench's stand-in for the RPC node). */
    cluster_host_heap_types?: HeapTypeGrowth;
    /** Median RSS of each whole minute of the run (MB), from the 2 s samples: the soak's shape without its sawtooth. */
    rss_mb_by_minute: number[];
    /** The same for RSS's two parts: anonymous memory (heaps, allocators) and file-backed pages (the executable's code as it is first run, mapped files). */
    rss_anon_mb_by_minute: number[];
    rss_file_mb_by_minute: number[];
    soak_min: number;
    samples: number;
  };
  /** The cluster host (the instrument) at the end: its bounds, RSS per minute, ledger size. */
  cluster_host: { bounds: InstrumentBounds | string; rss_mb_by_minute: number[]; accounts: number; tx_addresses: number; launches_forgotten: number };
  /**
   * Soaks only: the same percentiles over the soak's launches after the warm-up that the referee still
   * holds at the end (its last 10,000 mints): a bot that has run for minutes, not one just started.
   */
  steady_state?: SteadyState;
  sse_bytes: number;
  trade_events_seen: number;
  shutdown_ms: number;
  /** How the cores idled during the run (lib/idle-latency.ts). */
  idle_states: string;
  /** BENCH_PROBE only: end to end cut at the bot's own stamps (see {@link splitEndToEnd}). */
  e2e_split_ms?: EndToEndSplit;
}

/** Live objects a minute before the slope's start and at the end, and the types that grew most between. */
export interface HeapTypeGrowth {
  from_min: number;
  objects: [number, number];
  heap_mb: [number, number];
  extra_mb: [number, number];
  /** [type, count before, count at the end], the 15 largest rises first. */
  top_growth: [string, number, number][];
}

/** The types whose live count rose most from `a` to `b`. */
export function heapTypeGrowth(fromMin: number, a: HeapTypes, b: HeapTypes, top = 15): HeapTypeGrowth {
  const types = new Set([...Object.keys(a.byType), ...Object.keys(b.byType)]);
  const rows = [...types].map((t): [string, number, number] => [t, a.byType[t] ?? 0, b.byType[t] ?? 0]);
  rows.sort((x, y) => y[2] - y[1] - (x[2] - x[1]));
  return { from_min: fromMin, objects: [a.objects, b.objects], heap_mb: [a.heapMb, b.heapMb], extra_mb: [a.extraMb, b.extraMb], top_growth: rows.slice(0, top) };
}

/** Percentiles of the launches after the warm-up (`soaked`, those past `after`) the referee still timed; undefined when none. */
export function steadyStateOf(soaked: readonly LaunchSample[], inProcessByMint: ReadonlyMap<string, number>, after: number): SteadyState | undefined {
  const timed = soaked.filter((s) => s.notifyToSendMs !== null);
  if (timed.length === 0) return undefined;
  return {
    after_launches: after,
    e2e_ms: percentiles(timed.map((s) => s.notifyToSendMs!)),
    in_process_ms: percentiles(timed.flatMap((s) => (inProcessByMint.has(s.mint) ? [inProcessByMint.get(s.mint)!] : []))),
    rpc_calls_in_window: timed.reduce((n, s) => n + s.rpcCalls, 0),
  };
}

/** A soak's launches after the warm-up: see {@link HotPathResult.steady_state}. */
export interface SteadyState {
  after_launches: number;
  e2e_ms: Percentiles;
  in_process_ms: Percentiles;
  rpc_calls_in_window: number;
}

/** End to end in three parts, on the machine's wall clock (timeOrigin + monotonic, the same in every process to a few us). */
export interface EndToEndSplit {
  /** Notification written by the cluster -> frame received by the bot's listener. */
  cluster_to_bot: Percentiles;
  /** Frame received -> send written (the bot's JS thread). */
  in_bot: Percentiles;
  /** Send written -> the cluster's HTTP handler stamped the request (kernel + the cluster process's readiness). */
  bot_to_cluster: Percentiles;
  /** The launches at or above the end to end p99: each part's median there, and how often each part was the largest. */
  slowest: { n: number; e2e_p50: number; cluster_to_bot_p50: number; in_bot_p50: number; bot_to_cluster_p50: number; largest: { cluster_to_bot: number; in_bot: number; bot_to_cluster: number } };
}

/** Cuts each bought launch's end to end at the bot's frame-received and send-written stamps. */
export function splitEndToEnd(samples: readonly LaunchSample[], hostTimeOrigin: number, botTimes: readonly [string, number, number][]): EndToEndSplit {
  const bot = new Map(botTimes.map(([mint, received, sent]) => [mint, { received, sent }]));
  const cuts: { e2e: number; cluster_to_bot: number; in_bot: number; bot_to_cluster: number }[] = [];
  for (const s of samples) {
    const b = bot.get(s.mint);
    if (!b || s.notifiedAt === null || s.notifyToSendMs === null) continue;
    const notified = hostTimeOrigin + s.notifiedAt;
    cuts.push({ e2e: s.notifyToSendMs, cluster_to_bot: b.received - notified, in_bot: b.sent - b.received, bot_to_cluster: notified + s.notifyToSendMs - b.sent });
  }
  const part = (k: Exclude<keyof (typeof cuts)[number], "e2e">, of = cuts) => of.map((c) => c[k]);
  // From the end to end p99's nearest rank up (see percentiles).
  const slow = [...cuts].sort((a, b) => a.e2e - b.e2e).slice(Math.max(0, Math.ceil(0.99 * cuts.length) - 1));
  const largest = { cluster_to_bot: 0, in_bot: 0, bot_to_cluster: 0 };
  for (const c of slow) {
    const top = (["cluster_to_bot", "in_bot", "bot_to_cluster"] as const).reduce((a, k) => (c[k] > c[a] ? k : a));
    largest[top]++;
  }
  return {
    cluster_to_bot: percentiles(part("cluster_to_bot")),
    in_bot: percentiles(part("in_bot")),
    bot_to_cluster: percentiles(part("bot_to_cluster")),
    slowest: {
      n: slow.length,
      e2e_p50: round(median(slow.map((c) => c.e2e)), 3),
      cluster_to_bot_p50: round(median(part("cluster_to_bot", slow)), 3),
      in_bot_p50: round(median(part("in_bot", slow)), 3),
      bot_to_cluster_p50: round(median(part("bot_to_cluster", slow)), 3),
      largest,
    },
  };
}

export async function runHotPath(o: HotPathOptions): Promise<HotPathResult> {
  const log = o.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), "bench-hot-"));
  const { host, wallet: w } = await startMarketHost(o.seed);
  const probeTimes = process.env.BENCH_PROBE ? join(dir, "probe-times.json") : undefined;
  const env = botEnv({ httpUrl: host.httpUrl, wsUrl: host.wsUrl, dir, secret: w.secret, statusPort: freePort(), ...(o.botEnv ? { extra: o.botEnv } : {}) });
  const bot = await startBotProc(probeTimes ? { ...env, BENCH_PROBE_TIMES: probeTimes } : env, process.cwd());
  // Pinned runs: the bot's core left to its JS thread (and, with BENCH_IDLE_HELPERS=1, every helper thread in SCHED_IDLE).
  const idle = holdForRun();
  const stopPlacing = placeHelperThreads([
    { pid: bot.proc.pid, role: "bot" },
    { pid: host.proc.pid, role: "cluster" },
    { pid: process.pid, role: "cluster" },
  ]);
  try {
    await waitListening(bot);
    const { statusUrl } = await bot.call<{ statusUrl: string }>("stats");
    const sse = sseClient(statusUrl);
    await host.call({ cmd: "flow", perSec: o.tradesPerSec, replayed: (o.flow ?? "replayed") === "replayed" });
    await Bun.sleep(1000);
    const rss: { x: number; y: number }[] = [];
    const rssAnon: { x: number; y: number }[] = [];
    const rssFile: { x: number; y: number }[] = [];
    const hostRss: { x: number; y: number }[] = [];
    const t0 = performance.now();
    const heap: { min: number; rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number }[] = [];
    let tick = 0;
    const sampler = setInterval(() => {
      void rssParts(bot.proc.pid).then((m) => {
        const x = (performance.now() - t0) / 60_000;
        rss.push({ x, y: m.rss });
        rssAnon.push({ x, y: m.anon });
        rssFile.push({ x, y: m.file });
      });
      void rssParts(host.proc.pid).then((m) => hostRss.push({ x: (performance.now() - t0) / 60_000, y: m.rss }));
      // Every 30 s: the bot's own view (JS heap vs the rest), to tell a JS leak from allocator/sqlite growth.
      if (tick++ % 15 === 0) {
        void bot
          .call<{ rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number }>("mem", 5_000)
          .then((m) => heap.push({ min: round((performance.now() - t0) / 60_000, 2), ...m }))
          .catch(() => {});
      }
    }, 2000);
    const soakLaunches = Math.ceil(o.soakMin * 60 * o.launchesPerSec);
    const warmupMin = Math.ceil(WARMUP_LAUNCHES / o.launchesPerSec / 60);
    // BENCH_TYPES=1: the heap's object types a minute before the slope's start (its forced collection
    // falls outside the slope) and at the end, to name what grows.
    let typesBefore: Promise<HeapTypes | null> | undefined;
    let hostTypesBefore: Promise<HeapTypes | null> | undefined;
    const typesTimer =
      process.env.BENCH_TYPES && o.soakMin > warmupMin
        ? setTimeout(() => {
            typesBefore = bot.call<HeapTypes>("types", 30_000).catch(() => null);
            hostTypesBefore = host.call<HeapTypes>({ cmd: "types" }, 30_000).catch(() => null);
          }, (warmupMin - 1) * 60_000)
        : undefined;
    const measured = o.launches;
    await host.call({ cmd: "launches", count: measured, perSec: o.launchesPerSec, devBuyLamports: "3000000000", wallet: w.address, dumpAfterMs: 20 });
    await waitLaunched(host, measured, log);
    await Bun.sleep(2500); // the last buys land, their dumps and sells follow
    const { samples, requests, timeOrigin: hostTimeOrigin } = await host.call<{ samples: LaunchSample[]; requests: { total: number; firstMono: number; lastMono: number }; timeOrigin: number }>({ cmd: "samples", wallet: w.address }, 300_000);
    // Soak: the same load for the rest of the soak time (RSS sampled throughout).
    const elapsedMin = (performance.now() - t0) / 60_000;
    if (o.soakMin > elapsedMin) {
      const more = Math.max(0, soakLaunches - measured);
      log(`soak: ${more} more launches over ${(o.soakMin - elapsedMin).toFixed(1)} min`);
      await host.call({ cmd: "launches", count: more, perSec: o.launchesPerSec, devBuyLamports: "3000000000", wallet: w.address, dumpAfterMs: 20 });
      await waitLaunched(host, measured + more, log);
    }
    clearInterval(sampler);
    clearTimeout(typesTimer);
    const before = await typesBefore;
    const after = before ? await bot.call<HeapTypes>("types", 30_000).catch(() => null) : null;
    const heapTypes = before && after ? heapTypeGrowth(warmupMin - 1, before, after) : undefined;
    const hostBefore = await hostTypesBefore;
    const hostAfter = hostBefore ? await host.call<HeapTypes>({ cmd: "types" }, 30_000).catch(() => null) : null;
    const hostHeapTypes = hostBefore && hostAfter ? heapTypeGrowth(warmupMin - 1, hostBefore, hostAfter) : undefined;
    const soaked = measured + WARMUP_LAUNCHES < soakLaunches ? (await host.call<{ samples: LaunchSample[] }>({ cmd: "samples", wallet: w.address }, 300_000)).samples.slice(WARMUP_LAUNCHES) : [];
    const stats = await bot.call<{ listener: ListenerSnap }>("stats");
    const ledger = await host.call<{ accounts: number; txAddresses: number; launchesForgotten: number }>({ cmd: "ledger" });
    await host.call({ cmd: "flow", perSec: 0 });
    sse.close();
    const shut = await bot.call<{ code: number; ms: number }>("shutdown", 60_000);
    await bot.proc.exited;

    const db = new Database(join(dir, "sniper.db"), { readonly: true });
    const lat = db.query<{ mint: string; l: number }, []>("SELECT mint, snipe_latency_ms AS l FROM positions WHERE snipe_latency_ms IS NOT NULL").all();
    db.close();
    // In launch order, like the referee's samples.
    const latencyOf = new Map(lat.map((r) => [r.mint, r.l]));
    const inProc = samples.flatMap((s) => (latencyOf.has(s.mint) ? [latencyOf.get(s.mint)!] : []));

    const e2e = samples.filter((s) => s.notifyToSendMs !== null).map((s) => s.notifyToSendMs!);
    const steadyState = steadyStateOf(soaked, latencyOf, WARMUP_LAUNCHES);
    const exit = samples.filter((s) => s.dumpToSellMs !== null).map((s) => s.dumpToSellMs!);
    const byMethod: Record<string, number> = {};
    let rpcTotal = 0;
    let withCalls = 0;
    let windowMs = 0;
    for (const s of samples) {
      if (s.notifyToSendMs === null) continue;
      windowMs += s.notifyToSendMs;
      rpcTotal += s.rpcCalls;
      if (s.rpcCalls > 0) withCalls++;
      for (const [m, n] of Object.entries(s.rpcMethods)) byMethod[m] = (byMethod[m] ?? 0) + n;
    }
    const steady = rss.filter((p) => p.x >= Math.min(1, (rss.at(-1)?.x ?? 0) * 0.2));
    const rssByMinute = byMinute(rss);
    const slopeAfterWarmup = slopeFrom(rssByMinute, warmupMin);
    const lastX = rss.at(-1)?.x ?? 0;
    const secondHalf = rss.filter((p) => p.x >= lastX / 2);
    return {
      e2e_ms: percentiles(e2e),
      in_process_ms: percentiles(inProc),
      e2e_by_quarter_ms: byQuarter(e2e),
      in_process_by_quarter_ms: byQuarter(inProc),
      first_launches: { launches: FIRST_LAUNCHES, e2e_ms: firstAndRest(e2e, FIRST_LAUNCHES), in_process_ms: firstAndRest(inProc, FIRST_LAUNCHES) },
      rpc_calls_in_window: {
        total: rpcTotal,
        launches_with_calls: withCalls,
        by_method: byMethod,
        // The bot's background requests (blockhash refresh, confirmation polls, balance refreshes after
        // fills, the sells of other positions) land in a window by chance at this expected count.
        expected_by_chance: round((requests.total / Math.max(1, requests.lastMono - requests.firstMono)) * windowMs, 1),
        background_requests_per_s: round((requests.total / Math.max(1, requests.lastMono - requests.firstMono)) * 1000, 1),
      },
      exit_e2e_ms: percentiles(exit),
      launches: {
        sent: samples.length,
        notified: samples.filter((s) => s.notifiedAt !== null).length,
        bought: samples.filter((s) => s.buysReceived > 0).length,
        buy_landed: samples.filter((s) => s.buyLanded).length,
        buy_failed: samples.filter((s) => s.buyErr !== null && !s.buyLanded).length,
        double_buys: samples.filter((s) => s.buysReceived > 1).length,
        dumped: samples.filter((s) => s.dumped).length,
        sold: samples.filter((s) => s.sellsLanded > 0).length,
      },
      memory: {
        rss_mb_max: round(Math.max(...rss.map((p) => p.y)), 1),
        rss_mb_start: round(rss[0]?.y ?? NaN, 1),
        rss_mb_end: round(rss.at(-1)?.y ?? NaN, 1),
        slope_mb_per_min: slopeAfterWarmup === null ? null : round(slopeAfterWarmup.slope, 2),
        slope_upper95_mb_per_min: slopeAfterWarmup === null ? null : round(slopeAfterWarmup.upper95, 2),
        slope_from_min: warmupMin,
        slope_whole_run_mb_per_min: round(slope(steady), 2),
        slope_second_half_mb_per_min: round(slope(secondHalf), 2),
        heap_series: heap,
        ...(heapTypes ? { heap_types: heapTypes } : {}),
        ...(hostHeapTypes ? { cluster_host_heap_types: hostHeapTypes } : {}),
        rss_mb_by_minute: rssByMinute.map((y) => round(y, 1)),
        rss_anon_mb_by_minute: byMinute(rssAnon).map((y) => round(y, 1)),
        rss_file_mb_by_minute: byMinute(rssFile).map((y) => round(y, 1)),
        soak_min: round((performance.now() - t0) / 60_000, 2),
        samples: rss.length,
      },
      ...(steadyState ? { steady_state: steadyState } : {}),
      cluster_host: {
        bounds: host.bounds ?? "unbounded (BENCH_HOST_UNBOUNDED)",
        rss_mb_by_minute: byMinute(hostRss).map((y) => round(y, 1)),
        accounts: ledger.accounts,
        tx_addresses: ledger.txAddresses,
        launches_forgotten: ledger.launchesForgotten,
      },
      sse_bytes: sse.bytes(),
      trade_events_seen: stats.listener.events.trade,
      shutdown_ms: round(shut.ms, 1),
      idle_states: idleNote(idle),
      ...(probeTimes ? { e2e_split_ms: splitEndToEnd(samples, hostTimeOrigin, JSON.parse(readFileSync(probeTimes, "utf8")) as [string, number, number][]) } : {}),
    };
  } finally {
    stopPlacing();
    idle.release();
    if (bot.proc.exitCode === null) bot.proc.kill(9);
    await host.stop();
    if (!o.keepDir) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
}

/** Polls the host until `n` launches are out, logging every 500. */
export async function waitLaunched(host: Host, n: number, log: (s: string) => void): Promise<void> {
  let last = 0;
  for (;;) {
    const p = await host.call<{ launched: number; flowDone: number }>({ cmd: "progress" });
    if (p.launched >= n) return;
    if (p.launched - last >= 500) {
      log(`  launched ${p.launched}/${n}`);
      last = p.launched;
    }
    await Bun.sleep(500);
  }
}

if (import.meta.main) {
  await runOnClusterCores();
  const r = await runHotPath({
    launches: numArg("--launches", 200),
    launchesPerSec: numArg("--launch-rate", 20),
    tradesPerSec: numArg("--trade-rate", 2000),
    flow: Bun.argv.includes("--flow-executed") ? "executed" : "replayed",
    // --bot-env KEY=VALUE (repeatable): config overrides for the bot, e.g. SNIPER_LISTENER__BUSY_POLL=true.
    botEnv: Object.fromEntries(Bun.argv.flatMap((a, i) => (Bun.argv[i - 1] === "--bot-env" && a.includes("=") ? [[a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]] : []))),
    soakMin: numArg("--soak-min", 0),
    seed: numArg("--seed", 1),
    log: (l) => console.error(l),
    keepDir: Bun.argv.includes("--keep"),
  });
  console.log(JSON.stringify(r, null, 2));
}
