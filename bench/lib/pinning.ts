/**
 * CPU pinning of the benchmark's processes (`bun run bench` and `bench:hot` turn it on through
 * {@link runOnClusterCores}; `--no-pin` or BENCH_PIN=0 keeps it off; chaos and the fault suite never pin): the
 * bot gets the last core to itself, the cluster host and the orchestrator (SSE client, referee reads)
 * share the others. Without it, every write the bot makes to the cluster on loopback wakes the cluster on
 * the bot's own core and the scheduler lets it preempt the bot mid-send: measured here, the send's
 * socket write took ~430 us p50 unpinned vs ~40 us pinned. A real deployment has no simulated cluster on
 * its cores (its RPC nodes are remote); pinning gives the bot the same separation on one machine.
 */
import { readdirSync } from "node:fs";
import { cpus } from "node:os";

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
  return `pinned (taskset): bot on core ${pinTo("bot")[2]}; cluster host and orchestrator on cores ${pinTo("cluster")[2]}`;
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

/**
 * Leaves the bot's core to its JS thread alone: every other thread of `pid` (GC helpers, the HTTP
 * client thread, the WAL checkpoint worker, SQLite) moves to the cluster's cores. Returns how many moved.
 */
export function isolateMainThread(pid: number): number {
  if (!pinning()) return 0;
  const cores = pinTo("cluster")[2]!;
  let moved = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    if (Number(tid) === pid) continue;
    if (Bun.spawnSync(["taskset", "-pc", cores, tid], { stdout: "ignore", stderr: "ignore" }).exitCode === 0) moved++;
  }
  return moved;
}
