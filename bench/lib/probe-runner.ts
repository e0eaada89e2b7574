/**
 * Profiling aid (not part of `bun run bench`): the bot runner with timing wrappers on the prototypes of
 * the hot path's classes, so a run reports where the in-process share goes. Prints per-segment
 * percentiles (us) on shutdown. Usage: BENCH_PROBE=1 in the bench's environment switches the hot-path
 * bench to this runner. The per-label rows include the warm-up's rehearsed buys (a scratch executor of the
 * same classes, every 100 ms); the per-launch parts count real launches only.
 */
import { writeFileSync } from "node:fs";
import { Executor } from "../../src/executor/executor.ts";
import { REHEARSAL_POSITION } from "../../src/executor/hot-path-warmer.ts";
import { StoreIntentJournal } from "../../src/store/intent-journal.ts";
import { SqlitePositionStore } from "../../src/store/position-store.ts";
import { PositionBook } from "../../src/positions/book.ts";
import { HistoryWriter } from "../../src/store/history-writer.ts";
import { median } from "./stats.ts";

const samples = new Map<string, number[]>();
/** Per launch bought: [mint, frame received, send written] in ms of wall clock (timeOrigin + now). */
const launchTimes: [string, number, number][] = [];
/** The launch whose buy is running now: each wrapped part that runs inside it adds its time here by label. */
let inBuy: Map<string, number> | undefined;
/** Per launch bought: its in-bot time (frame -> send written) and the time of each part inside it. */
const launchParts: { total: number; parts: Map<string, number> }[] = [];
function wrap(proto: object, name: string, label: string): void {
  const p = proto as Record<string, (...a: unknown[]) => unknown>;
  const orig = p[name];
  if (typeof orig !== "function") throw new Error(`no ${label}`);
  p[name] = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      return orig.apply(this, args);
    } finally {
      const dt = performance.now() - t0;
      let a = samples.get(label);
      if (!a) samples.set(label, (a = []));
      a.push(dt);
      inBuy?.set(label, (inBuy.get(label) ?? 0) + dt);
    }
  };
}
wrap(Executor.prototype, "buy", "executor.buy");
{
  // Frame received -> executor.buy entered (listener decode, launch gate, filters, positions.open).
  const p = Executor.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const inner = p.buy!;
  p.buy = function (this: unknown, ...args: unknown[]) {
    const req = args[0] as { launchReceivedAt?: number; mint: string; positionId?: string };
    // Not the warm-up's rehearsed buys (a scratch executor of the same class, see buy-rehearsal.ts).
    const sniped = typeof req.launchReceivedAt === "number" && req.positionId !== REHEARSAL_POSITION;
    if (sniped) {
      const toEntry = performance.now() - req.launchReceivedAt!;
      let a = samples.get("frame -> executor.buy entry");
      if (!a) samples.set("frame -> executor.buy entry", (a = []));
      a.push(toEntry);
      inBuy = new Map([["frame -> executor.buy entry", toEntry]]);
    }
    let out: unknown;
    try {
      out = inner.apply(this, args);
    } finally {
      if (sniped) {
        // The send is written inside buy(): frame received and send written, on the machine's clock.
        const sent = performance.now();
        launchTimes.push([req.mint, performance.timeOrigin + req.launchReceivedAt!, performance.timeOrigin + sent]);
        launchParts.push({ total: sent - req.launchReceivedAt!, parts: inBuy! });
        inBuy = undefined;
      }
    }
    return out;
  };
}
wrap(Executor.prototype, "submit", "executor.submit");
wrap(Executor.prototype, "send", "executor.send(fetch fan-out)");
wrap(Executor.prototype, "watch", "executor.watch");
wrap(StoreIntentJournal.prototype, "recordIntent", "journal.recordIntent");
wrap(HistoryWriter.prototype, "recordIntentNow", "writer.recordIntentNow(sqlite)");
wrap(SqlitePositionStore.prototype, "savePosition", "positions.savePosition(sqlite)");
wrap(SqlitePositionStore.prototype, "savePositionAhead", "positions.savePositionAhead");
// The write-behind's batch commits and the ahead rows' commits run on the JS thread: a frame that arrives meanwhile waits.
wrap(HistoryWriter.prototype, "commitBatch", "writer.commitBatch(sqlite)");
wrap(HistoryWriter.prototype, "applyAhead", "writer.applyAhead(sqlite)");
wrap(PositionBook.prototype, "add", "positions.book.add");
wrap(PositionBook.prototype, "onTrade", "positions.book.onTrade");

const record = (label: string, ms: number): void => {
  let a = samples.get(label);
  if (!a) samples.set(label, (a = []));
  a.push(ms);
};
const origFetch = globalThis.fetch;
globalThis.fetch = Object.assign((input: unknown, init?: unknown) => {
  const t0 = performance.now();
  try {
    return origFetch(input as string, init as RequestInit);
  } finally {
    record("fetch() sync part", performance.now() - t0);
  }
}, origFetch);
const origTimeout = AbortSignal.timeout.bind(AbortSignal);
AbortSignal.timeout = (ms: number) => {
  const t0 = performance.now();
  try {
    return origTimeout(ms);
  } finally {
    record("AbortSignal.timeout", performance.now() - t0);
  }
};
const origAny = AbortSignal.any.bind(AbortSignal);
AbortSignal.any = (s: AbortSignal[]) => {
  const t0 = performance.now();
  try {
    return origAny(s);
  } finally {
    record("AbortSignal.any", performance.now() - t0);
  }
};
process.on("exit", () => {
  const rows: string[] = [];
  for (const [k, xs] of samples) {
    const s = Float64Array.from(xs).sort();
    const q = (p: number) => (s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]! * 1000).toFixed(1);
    const sum = s.reduce((a, x) => a + x, 0);
    rows.push(`${k.padEnd(34)} n=${String(s.length).padStart(7)} p50=${q(0.5).padStart(8)}us p90=${q(0.9).padStart(8)}us p99=${q(0.99).padStart(8)}us max=${q(1).padStart(8)}us sum=${sum.toFixed(0).padStart(6)}ms`);
  }
  process.stderr.write(`probe:\n${rows.join("\n")}\n${slowestParts()}${firstParts()}`);
  if (process.env.BENCH_PROBE_TIMES) writeFileSync(process.env.BENCH_PROBE_TIMES, JSON.stringify(launchTimes));
});

/** Each part's median over launches `some`, against its median over launches `rest` (a table of rows). */
function compareParts(someLabel: string, some: typeof launchParts, restLabel: string, rest: typeof launchParts): string {
  const of = (ls: typeof launchParts, k: string | null) => median(ls.map((l) => (k === null ? l.total : (l.parts.get(k) ?? 0)))) * 1000;
  const row = (name: string, k: string | null) => `${name.padEnd(34)} ${restLabel} p50=${of(rest, k).toFixed(1).padStart(7)}us  ${someLabel} p50=${of(some, k).toFixed(1).padStart(7)}us`;
  const labels = new Set(launchParts.flatMap((l) => [...l.parts.keys()]));
  return [row("in bot (frame -> send written)", null), ...[...labels].map((k) => row(k, k))].join("\n");
}

/** For the launches at or above the in-bot p99: each part's median there, against its median over all launches. */
function slowestParts(): string {
  if (launchParts.length === 0) return "";
  const byTotal = [...launchParts].sort((a, b) => a.total - b.total);
  const slow = byTotal.slice(Math.ceil(0.99 * byTotal.length) - 1);
  const quarters = [0, 0, 0, 0];
  for (const l of slow) quarters[Math.min(3, Math.floor((4 * launchParts.indexOf(l)) / launchParts.length))]!++;
  return `probe, the ${slow.length} slowest launches in the bot (from the p99 up; by quarter of the run ${quarters.join(" / ")}):\n${compareParts("slowest", slow, "all", launchParts)}\n`;
}

/** The first 100 launches of the run (the compiler still at work) against those from launch 200 on. */
function firstParts(): string {
  if (launchParts.length < 300) return "";
  return `probe, the first 100 launches against launches 200 on:\n${compareParts("first", launchParts.slice(0, 100), "200 on", launchParts.slice(200))}\n`;
}
await import("./bot-runner.ts");
