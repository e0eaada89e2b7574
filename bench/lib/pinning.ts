/**
 * CPU pinning of the benchmark's processes (`bun run bench` and `bench:hot` turn it on through
 * {@link runOnClusterCores}; `--no-pin` or BENCH_PIN=0 keeps it off; chaos and the fault suite never pin): the
 * bot gets the last core to itself, the cluster host and the orchestrator (SSE client, referee reads)
 * share the others. Without it, every write the bot makes to the cluster on loopback wakes the cluster on
 * the bot's own core and the scheduler lets it preempt the bot mid-send: measured here, the send's
 * socket write took ~430 us p50 unpinned vs ~40 us pinned. A real deployment has no simulated cluster on
 * its cores (its RPC nodes are remote); pinning gives the bot the same separation on one machine.
 * {@link placeHelperThreads} keeps the bot's helper threads off its core, gives the JS threads a short
 * scheduler slice and the helpers a lower weight (and, asked for, puts the helpers in SCHED_IDLE).
 */
import { readdirSync } from "node:fs";
import { cpus } from "node:os";
import { setSlice } from "./sched-slice.ts";

/** True when this run pins its processes (asked for, taskset present, more than one core). */
export function pinning(): boolean {
  return process.env.BENCH_PIN === "1" && cpus().length > 1 && Bun.which("taskset") !== null;
}

/**
 * The `taskset -c <cores>` prefix for a process of `role`. Not pinning: empty, or every core when this
 * process itself runs confined to the cluster's cores (a phase measured unpinned, e.g. ingest).
 */
export function pinTo(role: "bot" | "cluster"): string[] {
  // All cores of the machine: hardwareConcurrency counts only those this process may already use.
  const last = cpus().length - 1;
  if (!pinning()) return process.env.BENCH_PINNED === "1" ? ["taskset", "-c", `0-${last}`] : [];
  return ["taskset", "-c", role === "bot" ? String(last) : last === 1 ? "0" : `0-${last - 1}`];
}

/** Runs `fn` with pinning off (its processes share every core), then restores the setting. */
export async function unpinned<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.BENCH_PIN;
  process.env.BENCH_PIN = "0";
  try {
    return await fn();
  } finally {
    process.env.BENCH_PIN = saved;
  }
}

/** How the processes were placed, for the results file. */
export function pinningNote(): string {
  if (!pinning()) return "not pinned: bot, cluster host and orchestrator share every core";
  const helpers = idlingHelpers() ? "; every thread but the three JS threads in SCHED_IDLE" : "";
  const slice = jsSliceNs() > 0 ? `; the three JS threads' scheduler slice ${jsSliceNs() / 1000} us` : "";
  const nice = helperNice() > 0 ? `; their other threads at nice ${helperNice()}` : "";
  return `pinned (taskset): bot's JS thread on core ${pinTo("bot")[2]}; cluster host, orchestrator and the bot's other threads on cores ${pinTo("cluster")[2]}${slice}${nice}${helpers}`;
}

/**
 * Turns pinning on (unless `--no-pin` / BENCH_PIN=0) and re-runs this script on the cluster's cores;
 * returns only in the process that does the work (the outer one exits with the inner one's code).
 */
export async function runOnClusterCores(): Promise<void> {
  if (process.env.BENCH_PIN === undefined) process.env.BENCH_PIN = Bun.argv.includes("--no-pin") ? "0" : "1";
  if (!pinning() || process.env.BENCH_PINNED === "1") return;
  const p = Bun.spawn([...pinTo("cluster"), process.execPath, ...process.argv.slice(1)], {
    env: { ...process.env, BENCH_PIN: "1", BENCH_PINNED: "1" },
    stdio: ["inherit", "inherit", "inherit"],
  });
  process.exit(await p.exited);
}

/** Runs a short system tool (chrt, taskset) to completion, killed after 2 s; true when it succeeded. */
function runTool(argv: string[]): boolean {
  return Bun.spawnSync(argv, { stdout: "ignore", stderr: "ignore", timeout: 2_000 }).exitCode === 0;
}

/** Linux's SCHED_IDLE policy, as `chrt -i` sets it: the thread runs only when no normal thread wants its core. */
function makeIdle(tid: number): boolean {
  return runTool(["chrt", "-i", "-p", "0", String(tid)]);
}

/** Lowers thread `tid`'s weight to nice `n` (unprivileged: only lowering). */
function lowerPriority(tid: number, n: number): boolean {
  return runTool(["renice", "-n", String(n), "-p", String(tid)]);
}

/** Moves thread `tid` to `cores` (a taskset list). */
function moveThread(tid: number, cores: string): boolean {
  return runTool(["taskset", "-pc", cores, String(tid)]);
}

/** The thread ids of process `pid` (empty once it has exited). */
function threadsOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return [];
  }
}

/** Placement of one process's threads by {@link placeHelperThreads}. */
export interface ThreadPlacement {
  pid: number;
  /** "bot": its helper threads also leave its core for the cluster's. */
  role: "bot" | "cluster";
}

/**
 * True when the helper threads are put in SCHED_IDLE: asked for with BENCH_IDLE_HELPERS=1 (pinned runs, chrt
 * present). Off by default: the JS threads wait on some helpers (a collection waits for the compiler's
 * workers to pause), so any other process busy on the cluster's core starves those helpers and stalls the
 * JS threads for seconds. Measured with a 40 s busy loop on core 0 during 2,000 launches (2026-11-29):
 * end to end p90 531 ms / p99 3.5 s / max 4.6 s with the idling, p99 4.9 / max 23 ms without.
 */
export function idlingHelpers(): boolean {
  return pinning() && process.env.BENCH_IDLE_HELPERS === "1" && Bun.which("chrt") !== null;
}

/**
 * The scheduler slice the JS threads get in pinned runs, in ns: BENCH_JS_SLICE_US (default 100, the
 * kernel's minimum; 0 leaves the kernel's default, 1.4 ms here). With the default slice, a helper thread
 * that got the cluster's core first (a compiler worker, the allocator's scavenger) kept it for up to its
 * slice while the cluster's JS thread, woken by the bot's buy, waited; with a shorter slice the woken JS
 * thread preempts it, and fairness keeps the helpers from starving (no stall under outside load).
 * Threads a JS thread starts afterwards (the compiler's workers come late) inherit its slice.
 * Measured (2026-11-29, bench:hot, 2,000 launches, 2 alternated pairs): end to end p99 2.94 / 2.97 ms
 * against 4.27 / 3.87; with a busy loop on the cluster's core for 40 s, p99 4.2 ms and max 21 ms.
 */
export function jsSliceNs(): number {
  const us = Number(process.env.BENCH_JS_SLICE_US ?? 100);
  return Number.isFinite(us) && us > 0 ? Math.round(Math.min(Math.max(us, 100), 100_000) * 1000) : 0;
}

/**
 * The nice value of every helper thread (all but the three JS threads) in pinned runs: BENCH_HELPER_NICE
 * (default 10, 0-19; 0 leaves them at 0). The short slice lets the cluster's woken JS thread preempt a
 * helper only while it has not used more than its fair share of the core, and it often has; at nice 10 a
 * helper weighs ~1/9 of a JS thread, so the JS thread is nearly always the one owed the core. Unlike
 * SCHED_IDLE the helpers still get ~10 % of a core against a busy one, so whatever waits on them is
 * slowed, not stalled. Measured (2026-11-29, bench:hot, 2,000 launches, 2 alternated pairs, short slice
 * on in both): end to end p99 1.77 / 2.15 ms against 2.92 / 2.53; with a busy loop on the cluster's core
 * for 40 s, p99 5.2 ms and max 40 ms (short slice alone: 4.2 and 21 ms; SCHED_IDLE: 3.5 s and 4.6 s).
 */
export function helperNice(): number {
  const n = Number(process.env.BENCH_HELPER_NICE ?? 10);
  return Number.isInteger(n) && n > 0 && Bun.which("renice") !== null ? Math.min(n, 19) : 0;
}

/**
 * Keeps the bot's core to its JS thread (pinned runs only): its other threads (GC helpers, the compiler's
 * workers, the HTTP client thread, the WAL checkpoint worker) move to the cluster's cores, again every
 * `everyMs` as new ones appear (the compiler starts workers as it needs them). The JS threads (thread id =
 * process id) get the short slice of {@link jsSliceNs}; every other thread of the listed processes the
 * nice value of {@link helperNice}. With {@link idlingHelpers},
 * every helper thread of the listed processes also goes to SCHED_IDLE, which the kernel preempts the
 * moment a normal thread wakes: on a quiet machine the cluster's thread then no longer waits behind them
 * for its core (2 alternated pairs of 2,000 launches: end to end p99 1.7-2.4 ms against 3.2-3.9).
 * Returns the function that stops it.
 */
export function placeHelperThreads(processes: ThreadPlacement[], everyMs = 250): () => void {
  if (!pinning()) return () => {};
  const idle = idlingHelpers();
  const clusterCores = pinTo("cluster")[2]!;
  const slice = jsSliceNs();
  if (slice > 0) for (const { pid } of processes) setSlice(pid, slice);
  const nice = helperNice();
  // The threads placed, as of the last pass (so it holds only live ones).
  let placed = new Set<string>();
  const place = (): void => {
    const live = new Set<string>();
    for (const { pid, role } of processes) {
      for (const tid of threadsOf(pid)) {
        const key = `${pid}/${tid}`;
        live.add(key);
        if (tid === pid || placed.has(key)) continue;
        if (role === "bot") moveThread(tid, clusterCores);
        if (idle) makeIdle(tid);
        if (nice > 0) lowerPriority(tid, nice);
      }
    }
    placed = live;
  };
  place();
  const timer = setInterval(place, everyMs);
  return () => clearInterval(timer);
}
