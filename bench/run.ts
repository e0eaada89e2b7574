/**
 * `bun run bench`: the benchmark suite of issue "Benchmarks and reliability proof", item 1.
 *
 *   bun run bench [--launches 2000] [--launch-rate 20] [--trade-rate 2000] [--soak-min 10]
 *                 [--runs 1] [--fast-runs 3] [--seed 1] [--only hot,floor,rare,ingest,store,micro] [--out bench/results.json]
 *                 [--rare-launches 200] [--rare-rate 1] [--no-pin] [--flow-executed]
 *
 * - hot path + exit path + memory: the cluster host (bench/lib/cluster-host.ts) and the bot
 *   (bench/lib/bot-runner.ts = src/main.ts's composition, live mode with live.confirm on the host's URLs)
 *   each in their own process; `--trade-rate` TradeEvents/s of background flow, an SSE client on the
 *   status stream, history on; `--launches` launches at `--launch-rate`/s, each bought, then dumped by its
 *   creator (crossing the stop-loss) and sold. The soak keeps that load until `--soak-min` minutes.
 *   `--runs` sessions; percentiles are medians over runs (n summed). The flow is replayed (executed
 *   background trades re-delivered under fresh signatures; see cluster-host.ts replayTrade) unless
 *   `--flow-executed`.
 * - floor: after each hot-path run, bench/floor.ts under the same load: the minimal bot's end to end.
 * - rare: the hot path with launches at `--rare-rate`/s (default 1; `--rare-launches` 200) and the same
 *   trade flow, no soak: what a bot that buys now and then pays, its launch path colder than at 20/s.
 * - ingest: stepped TradeEvent rates until the bot falls behind (`--fast-runs` times, median).
 * - store: history rows/s and the shutdown flush with 10,000 rows pending (`--fast-runs` times, median).
 * - micro: in-process pieces of the hot path (decode, PDAs, the launch gate's microtask).
 * Processes are pinned (bench/lib/pinning.ts): the bot on the last core, the rest on the others;
 * `--no-pin` measures them sharing every core.
 * Writes `--out` (JSON: results, every run, the load, the machine) and prints a table.
 */
import { writeFileSync } from "node:fs";
import { FIRST_LAUNCHES, runHotPath, type HotPathResult } from "./hot-path.ts";
import { runIngest, type IngestResult } from "./ingest.ts";
import { runStore, type StoreResult } from "./store.ts";
import { runFloor, type FloorResult } from "./floor.ts";
import { machine, median, medianPercentiles, round } from "./lib/stats.ts";
import { pinningNote, runOnClusterCores, unpinned } from "./lib/pinning.ts";
import { numArg, strArg } from "./lib/args.ts";

if (Bun.argv.includes("--help")) {
  console.log(
    "bun run bench [--launches 2000] [--launch-rate 20] [--trade-rate 2000] [--soak-min 10] [--runs 1] [--fast-runs 3] [--seed 1] [--only hot,floor,rare,ingest,store,micro] [--out bench/results.json] [--rare-launches 200] [--rare-rate 1] [--no-pin] [--flow-executed]",
  );
  process.exit(0);
}

await runOnClusterCores();
const flow = Bun.argv.includes("--flow-executed") ? "executed" : "replayed";
const load = {
  launches: numArg("--launches", 2000),
  launches_per_s: numArg("--launch-rate", 20),
  trade_events_per_s: numArg("--trade-rate", 2000),
  trade_flow: flow === "executed"
    ? "executed: every TradeEvent is a trade the cluster runs"
    : "replayed: executed background trades re-delivered under fresh signatures (the cluster, which is the instrument, stays free to stamp our requests)",
  // Item 1e: RSS over a 10-minute soak at the hot path's load, and its slope (null for a soak shorter than the warm-up + 3 minutes).
  soak_min: numArg("--soak-min", 10),
  runs: Math.max(1, numArg("--runs", 1)),
  fast_runs: Math.max(1, numArg("--fast-runs", 3)),
  seed: numArg("--seed", 1),
  rare_launches: numArg("--rare-launches", 200),
  rare_launches_per_s: numArg("--rare-rate", 1),
  sse_clients: 1,
  history: "on (launches, decisions, positions, fills, CSV)",
  processes: "cluster host, bot, orchestrator (SSE client) on 127.0.0.1",
  cpu_pinning: `hot/exit path and soak: ${pinningNote()}; ingest: not pinned`,
  bot_mode: "live + live.confirm on the host's URLs; buy 0.01 SOL; stop-loss 10 %",
};
const only = new Set(strArg("--only", "hot,floor,rare,ingest,store,micro").split(","));
const out = strArg("--out", "bench/results.json");
const log = (s: string): void => console.error(s);
const machineBefore = machine();
const started = Date.now();

const hot: HotPathResult[] = [];
const floor: FloorResult[] = [];
for (let r = 0; r < load.runs; r++) {
  if (only.has("hot")) {
    log(`hot path run ${r + 1}/${load.runs}: ${load.launches} launches at ${load.launches_per_s}/s, ${load.trade_events_per_s} TradeEvents/s, soak ${load.soak_min} min`);
    hot.push(await runHotPath({ launches: load.launches, launchesPerSec: load.launches_per_s, tradesPerSec: load.trade_events_per_s, flow, soakMin: r === 0 ? load.soak_min : 0, seed: load.seed + r, log }));
  }
  // Right after each hot run, so both meet the same phase of a shared machine.
  if (only.has("floor")) {
    log(`floor run ${r + 1}/${load.runs}: the minimal bot (bench/lib/floor-bot.ts) under the same load`);
    floor.push(await runFloor({ launches: load.launches, launchesPerSec: load.launches_per_s, tradesPerSec: load.trade_events_per_s, seed: load.seed + r, log }));
  }
}
let rare: HotPathResult | undefined;
if (only.has("rare")) {
  log(`rare buys: ${load.rare_launches} launches at ${load.rare_launches_per_s}/s, ${load.trade_events_per_s} TradeEvents/s`);
  rare = await runHotPath({ launches: load.rare_launches, launchesPerSec: load.rare_launches_per_s, tradesPerSec: load.trade_events_per_s, flow, soakMin: 0, seed: load.seed, log });
}
const ingest: IngestResult[] = [];
if (only.has("ingest")) {
  for (let r = 0; r < load.fast_runs; r++) {
    log(`ingest run ${r + 1}/${load.fast_runs}`);
    // Throughput, not latency: the bot and the cluster may use every core (pinned, the cluster's one core caps it).
    ingest.push(await unpinned(() => runIngest({ seed: load.seed + r, log })));
  }
}
const store: StoreResult[] = [];
if (only.has("store")) {
  for (let r = 0; r < load.fast_runs; r++) {
    log(`store run ${r + 1}/${load.fast_runs}`);
    store.push(await runStore());
  }
}
let micro: unknown;
if (only.has("micro")) {
  log("micro-benchmarks");
  const p = Bun.spawn([process.execPath, "run", new URL("./micro.ts", import.meta.url).pathname, "--json"], { stdout: "pipe", stderr: "inherit" });
  micro = JSON.parse(await new Response(p.stdout).text());
}

const m = (xs: number[]): number => round(median(xs), 3);
const results = {
  at: new Date(started).toISOString(),
  duration_s: Math.round((Date.now() - started) / 1000),
  command: `bun run bench ${Bun.argv.slice(2).join(" ")}`.trim(),
  machine: { ...machineBefore, loadAverageBefore: machineBefore.loadAverage, loadAverageAfter: machine().loadAverage },
  load,
  note: "2 shared cores: other work runs beside the benchmark; percentiles are medians over runs, each run exact over its samples",
  hot_path:
    hot.length === 0
      ? undefined
      : {
          e2e_ms: medianPercentiles(hot.map((h) => h.e2e_ms)),
          in_process_ms: medianPercentiles(hot.map((h) => h.in_process_ms)),
          rpc_calls_in_window: hot.length === 1 ? hot[0]!.rpc_calls_in_window : { total: m(hot.map((h) => h.rpc_calls_in_window.total)), expected_by_chance: m(hot.map((h) => h.rpc_calls_in_window.expected_by_chance)), runs: hot.map((h) => h.rpc_calls_in_window) },
          launches: hot.map((h) => h.launches),
          sse_bytes: hot.map((h) => h.sse_bytes),
          trade_events_seen: hot.map((h) => h.trade_events_seen),
          bot_shutdown_ms: hot.map((h) => h.shutdown_ms),
          idle_states: [...new Set(hot.map((h) => h.idle_states))].join("; "),
          runs: hot.map((h) => ({ e2e_ms: h.e2e_ms, in_process_ms: h.in_process_ms, first_launches: h.first_launches })),
          ...(hot[0]!.steady_state ? { steady_state: hot[0]!.steady_state } : {}),
          cluster_host: hot[0]!.cluster_host,
        },
  // Launches now and then (`--rare-rate`/s) under the same trade flow: the launch path as a real bot meets it, colder.
  hot_path_rare: rare === undefined ? undefined : { launches: load.rare_launches, launches_per_s: load.rare_launches_per_s, e2e_ms: rare.e2e_ms, in_process_ms: rare.in_process_ms, rpc_calls_in_window: rare.rpc_calls_in_window, launches_bought: rare.launches.bought },
  // The least any sniper does on this machine under the same load (bench/floor.ts): the machine's share of the hot path's figures.
  floor: floor.length === 0 ? undefined : { e2e_ms: medianPercentiles(floor.map((f) => f.e2e_ms)), in_process_ms: medianPercentiles(floor.map((f) => f.in_process_ms)), runs: floor.map((f) => ({ e2e_ms: f.e2e_ms, in_process_ms: f.in_process_ms })), what: "bench/lib/floor-bot.ts: websocket frame -> JSON.parse -> CreateEvent -> template buy, ed25519 sign -> one HTTP write; nothing else" },
  exit_path: hot.length === 0 ? undefined : { e2e_ms: medianPercentiles(hot.map((h) => h.exit_e2e_ms)), runs: hot.map((h) => h.exit_e2e_ms) },
  ingest:
    ingest.length === 0
      ? undefined
      : { max_trade_events_per_s: m(ingest.map((i) => i.max_trade_events_per_s)), runs: ingest.map((i) => i.max_trade_events_per_s), capped_by_steps: ingest.map((i) => i.capped_by_steps), criterion: `every event taken within ${ingest[0]!.max_lag_ms} ms of the last one written, no drop/reconnect, ${ingest[0]!.step_seconds} s per step`, steps: ingest.map((i) => i.steps) },
  store:
    store.length === 0
      ? undefined
      : { rows_per_s: m(store.map((s) => s.rows_per_s)), flush_ms: m(store.map((s) => s.flush_ms)), flush_rows: store[0]!.flush_rows, close_ms: m(store.map((s) => s.close_ms)), batch_size: store[0]!.batch_size, synchronous: store[0]!.synchronous, runs: store },
  memory: hot.length === 0 ? undefined : { ...hot[0]!.memory },
  micro,
};

const targets: [string, string, number | undefined, (v: number) => boolean][] = [
  ["hot path e2e p50 (ms)", "<= 0.5", results.hot_path?.e2e_ms.p50, (v) => v <= 0.5],
  ["hot path e2e p99 (ms)", "<= 1.5", results.hot_path?.e2e_ms.p99, (v) => v <= 1.5],
  ["in-process p99 (ms)", "<= 0.3", results.hot_path?.in_process_ms.p99, (v) => v <= 0.3],
  ["RPC calls in window", "0", hot[0]?.rpc_calls_in_window.total, (v) => v === 0],
  // The soak's launches after the warm-up (hot-path.ts steady_state): the same bot minutes later.
  ["after warm-up: e2e p99 (ms)", "(reported)", hot[0]?.steady_state?.e2e_ms.p99, () => true],
  ["after warm-up: in-process p99 (ms)", "(reported)", hot[0]?.steady_state?.in_process_ms.p99, () => true],
  // The first launches against the rest (hot-path.ts first_launches), medians over runs.
  [`after the first ${FIRST_LAUNCHES} launches: in-process p99 (ms)`, "(reported)", hot.length === 0 ? undefined : m(hot.map((h) => h.first_launches.in_process_ms.rest.p99)), () => true],
  [`rare buys (launches at ${load.rare_launches_per_s}/s): in-process p50 (ms)`, "(reported)", results.hot_path_rare?.in_process_ms.p50, () => true],
  [`rare buys (launches at ${load.rare_launches_per_s}/s): in-process p99 (ms)`, "(reported)", results.hot_path_rare?.in_process_ms.p99, () => true],
  [`rare buys (launches at ${load.rare_launches_per_s}/s): e2e p99 (ms)`, "(reported)", results.hot_path_rare?.e2e_ms.p99, () => true],
  ["floor e2e p50 (ms)", "(reported)", results.floor?.e2e_ms.p50, () => true],
  ["floor e2e p99 (ms)", "(reported)", results.floor?.e2e_ms.p99, () => true],
  ["floor in-process p99 (ms)", "(reported)", results.floor?.in_process_ms.p99, () => true],
  ["exit path e2e p50 (ms)", "(reported)", results.exit_path?.e2e_ms.p50, () => true],
  ["exit path e2e p99 (ms)", "(reported)", results.exit_path?.e2e_ms.p99, () => true],
  ["ingest (TradeEvents/s)", ">= 20000", results.ingest?.max_trade_events_per_s, (v) => v >= 20_000],
  ["history rows/s", ">= 100000", results.store?.rows_per_s, (v) => v >= 100_000],
  ["shutdown flush, 10k rows (ms)", "<= 250", results.store?.flush_ms, (v) => v <= 250],
  ["RSS max (MB)", "<= 250", results.memory?.rss_mb_max, (v) => v <= 250],
  // Met when the soak shows the slope under 0.25 MB/min (its 95 % upper bound), not when a noisy estimate falls under it.
  ["RSS slope after warm-up, 95 % bound (MB/min)", "<= 0.25 (no upward slope)", results.memory?.slope_upper95_mb_per_min ?? undefined, (v) => v <= 0.25],
];
writeFileSync(out, `${JSON.stringify({ ...results, targets: Object.fromEntries(targets.map(([k, t, v, ok]) => [k, { target: t, measured: v ?? null, met: v === undefined ? null : ok(v) }])) }, null, 2)}\n`);

const rows = targets.map(([k, t, v, ok]) => [k, t, v === undefined ? "-" : String(v), v === undefined ? "-" : ok(v) ? "yes" : "NO"]);
const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ["metric", "target", "measured", "met"][i]!.length));
const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
console.log(line(["metric", "target", "measured", "met"]));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of rows) console.log(line(r));
const mem = results.memory;
if (mem && mem.slope_mb_per_min === null) {
  console.log(`(RSS slope: the soak ended before ${mem.slope_from_min} minutes of warm-up plus 3; run with --soak-min 30)`);
} else if (mem && mem.slope_upper95_mb_per_min !== null) {
  const wide = mem.slope_upper95_mb_per_min > 0.25 && mem.slope_mb_per_min! <= 0.25 ? "; the bound is wide for this soak's length: --soak-min 30 narrows it" : "";
  console.log(`(RSS slope after warm-up: ${mem.slope_mb_per_min} MB/min, 95 % upper bound ${mem.slope_upper95_mb_per_min}, over ${mem.rss_mb_by_minute.length - mem.slope_from_min} minutes${wide})`);
}
if (results.hot_path) {
  const h = results.hot_path;
  console.log(`\nhot path e2e ms  ${JSON.stringify(h.e2e_ms)}\nin-process ms    ${JSON.stringify(h.in_process_ms)}\nexit path ms     ${JSON.stringify(results.exit_path!.e2e_ms)}`);
  console.log(`rpc in window    ${JSON.stringify(hot[0]!.rpc_calls_in_window)}`);
  console.log(`idle states      ${h.idle_states}`);
}
if (results.hot_path_rare) console.log(`rare e2e ms      ${JSON.stringify(results.hot_path_rare.e2e_ms)}\nrare in-proc ms  ${JSON.stringify(results.hot_path_rare.in_process_ms)}`);
if (results.floor) console.log(`floor e2e ms     ${JSON.stringify(results.floor.e2e_ms)}\nfloor in-proc ms ${JSON.stringify(results.floor.in_process_ms)}`);
console.log(`\nmachine: ${results.machine.cpu}, ${results.machine.cores} cores, bun ${results.machine.bun}, ${results.machine.os}, load ${results.machine.loadAverageBefore.join("/")} -> ${results.machine.loadAverageAfter.join("/")}`);
console.log(`written: ${out}`);
