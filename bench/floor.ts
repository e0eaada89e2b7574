/**
 * The hot path's floor on this machine, under the bench's own load: the same cluster host, trade flow
 * (2,000 TradeEvents/s), launch rate and process placement as `bench:hot`, with the bot replaced by
 * bench/lib/floor-bot.ts (subscribe, decode the create, sign, write; nothing else). The referee's end to
 * end (launch notification written -> buy received) of that minimum tells the machine's share of the
 * bot's figures from the bot's own. `--warm-ms N` has the floor bot re-run its chain every N ms on a
 * synthetic launch frame (nothing sent), as the bot's warm-up does. `--beside-bot` runs the whole bot on
 * the floor bot's core as well, skipping every launch (lib/beside-bot.ts): what a hot path in a thread of
 * its own would measure beside the rest of the bot. Writes bench/results-floor.json and prints it.
 *   bun run bench:floor [--launches 2000] [--launch-rate 20] [--trade-rate 2000] [--warm-ms 0] [--beside-bot] [--seed 1] [--no-pin]
 */
import { writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { LATENCY_ENV } from "../src/runtime/latency-env.ts";
import { startMarketHost, type LaunchSample } from "./lib/host-protocol.ts";
import { numArg } from "./lib/args.ts";
import { pinningNote, pinTo, placeHelperThreads, runOnClusterCores } from "./lib/pinning.ts";
import { byQuarter, percentiles, type Percentiles } from "./lib/stats.ts";
import { holdForRun, idleNote } from "./lib/idle-latency.ts";
import { waitLaunched } from "./hot-path.ts";
import { startBesideBot, type BesideBot, type BesideBotWork } from "./lib/beside-bot.ts";

/** What one floor run measured. */
export interface FloorResult {
  e2e_ms: Percentiles;
  e2e_by_quarter_ms: { p50: number; p99: number; n: number }[];
  /** The floor bot's own frame received -> send written, timed as the bot's in-process share is. */
  in_process_ms: Percentiles;
  /** Its warm-up period (0: none) and the rehearsals it ran. */
  warm: { every_ms: number; rehearsals: number };
  /** `--beside-bot` only: what the whole bot running on the floor bot's core did meanwhile; else null. */
  beside_bot: BesideBotWork | null;
  launches: { sent: number; bought: number };
  load: { launches_per_s: number; trade_events_per_s: number };
  machine: { cores: number; kernel: string; placement: string; idle_states: string };
}

/** Runs the floor bot against a fresh cluster host under the given load. */
export async function runFloor(o: { launches: number; launchesPerSec: number; tradesPerSec: number; seed: number; warmMs?: number; besideBot?: boolean; log?: (l: string) => void }): Promise<FloorResult> {
  const log = o.log ?? (() => {});
  const { host, wallet: w } = await startMarketHost(o.seed);
  let beside: BesideBot | null = null;
  try {
    if (o.besideBot) beside = await startBesideBot(host);
  } catch (e) {
    await host.stop();
    throw e;
  }
  const bot = Bun.spawn([...pinTo("bot"), process.execPath, "run", new URL("./lib/floor-bot.ts", import.meta.url).pathname], {
    env: { ...process.env, ...LATENCY_ENV, BENCH_FLOOR: JSON.stringify({ httpUrl: host.httpUrl, wsUrl: host.wsUrl, secret: w.secret, warmMs: o.warmMs ?? 0 }) },
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  const idle = holdForRun();
  const stopPlacing = placeHelperThreads([
    ...(beside ? [{ pid: beside.pid, role: "bot" as const }] : []),
    { pid: bot.pid, role: "bot" },
    { pid: host.proc.pid, role: "cluster" },
    { pid: process.pid, role: "cluster" },
  ]);
  try {
    await waitReady(bot.stdout, 30_000);
    await host.call({ cmd: "flow", perSec: o.tradesPerSec, replayed: true });
    await Bun.sleep(1000);
    await beside?.begin();
    await host.call({ cmd: "launches", count: o.launches, perSec: o.launchesPerSec, devBuyLamports: "3000000000", wallet: w.address });
    await waitLaunched(host, o.launches, log);
    await Bun.sleep(2500);
    const { samples } = await host.call<{ samples: LaunchSample[] }>({ cmd: "samples", wallet: w.address }, 300_000);
    await host.call({ cmd: "flow", perSec: 0 });
    const own = await ownTimes(bot, 10_000);
    const e2e = samples.filter((s) => s.notifyToSendMs !== null).map((s) => s.notifyToSendMs!);
    return {
      e2e_ms: percentiles(e2e),
      e2e_by_quarter_ms: byQuarter(e2e),
      in_process_ms: percentiles(own.in_process_ms),
      warm: { every_ms: o.warmMs ?? 0, rehearsals: own.rehearsals },
      beside_bot: beside ? await beside.work() : null,
      launches: { sent: samples.length, bought: e2e.length },
      load: { launches_per_s: o.launchesPerSec, trade_events_per_s: o.tradesPerSec },
      machine: { cores: cpus().length, kernel: release(), placement: pinningNote(), idle_states: idleNote(idle) },
    };
  } finally {
    stopPlacing();
    idle.release();
    bot.kill(9);
    beside?.stop();
    await host.stop();
  }
}

/** Closes the floor bot's stdin and reads the in-process times and rehearsal count it prints before exiting (see floor-bot.ts). */
async function ownTimes(bot: Bun.Subprocess<"pipe", "pipe", "inherit">, timeoutMs: number): Promise<{ in_process_ms: number[]; rehearsals: number }> {
  void bot.stdin.end();
  const text = await within(readToEnd(bot.stdout), timeoutMs, "floor bot did not report its times in time");
  const line = text.trim().split("\n").at(-1) ?? "";
  const { in_process_ms, untimed, rehearsals } = JSON.parse(line) as { in_process_ms: number[]; untimed: number; rehearsals: number };
  if (untimed > 0) throw new Error(`floor bot left ${untimed} buys untimed (more launches than it keeps)`);
  return { in_process_ms, rehearsals };
}

/** `work`, or a rejection with `message` once `ms` have passed without it settling. */
async function within<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The rest of a stream already read from (so `Response.text()` refuses it), as text. */
async function readToEnd(out: ReadableStream<Uint8Array>): Promise<string> {
  const reader = out.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

/** Resolves once the floor bot prints "ready" (subscribed); rejects after `timeoutMs` or when it exits first. */
async function waitReady(out: ReadableStream<Uint8Array>, timeoutMs: number): Promise<void> {
  const reader = out.getReader();
  const read = async (): Promise<void> => {
    let text = "";
    while (!text.includes("ready")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("floor bot exited before subscribing");
      text += new TextDecoder().decode(value);
    }
  };
  try {
    await within(read(), timeoutMs, "floor bot not subscribed in time");
  } finally {
    reader.releaseLock();
  }
}

if (import.meta.main) {
  await runOnClusterCores();
  const r = await runFloor({ launches: numArg("--launches", 2000), launchesPerSec: numArg("--launch-rate", 20), tradesPerSec: numArg("--trade-rate", 2000), seed: numArg("--seed", 1), warmMs: numArg("--warm-ms", 0), besideBot: process.argv.includes("--beside-bot"), log: (l) => console.error(l) });
  writeFileSync("bench/results-floor.json", JSON.stringify(r, null, 2) + "\n");
  console.log(JSON.stringify(r, null, 2));
}
