/**
 * Fault suite (issue "Benchmarks and reliability proof", item 3), on the simulated cluster in its own
 * process: websocket drops every few seconds, 20 % HTTP 429, 5 % of transactions never landing, slow RPC.
 * The bot (its own process, src/main.ts's composition) must keep running, miss no launch (every launch
 * the referee saw land is in the bot's `launches` table: live or through backfill after a drop), decide
 * every launch it saw (a `decisions` row, skips with a reason), account for every buy it decided (landed
 * on chain, or its order failed/expired with the error recorded), never buy a mint twice, and shut down
 * cleanly (exit 0).
 *
 *   bun run tests/faults/fault-suite.ts [--seconds 60] [--launch-rate 3] [--seed 3]   (a longer run)
 * The test (tests/faults/faults.test.ts) runs a ~20 s version.
 */
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../src/runtime/free-port.ts";
import { benchWallet, botEnv } from "../../bench/lib/bot-env.ts";
import { startBotProc, waitListening, type ListenerSnap } from "../../bench/lib/bot-proc.ts";
import { startHost } from "../../bench/lib/host-protocol.ts";

export const DEFAULT_FAULTS = [
  "ws-drop:every=4000",
  "http429:rate=0.2,retryAfter=0",
  "never-land:rate=0.05",
  "slow:rate=0.2,ms=150,jitter=100",
];

export interface FaultSuiteOptions {
  seconds: number;
  launchRate: number;
  tradeRate?: number;
  seed?: number;
  faults?: string[];
  log?: (s: string) => void;
}

export interface FaultSuiteReport {
  faults: string[];
  injected: Record<string, number>;
  launches: number;
  seen: number;
  missed: string[];
  undecided: string[];
  skipsWithoutReason: string[];
  skipReasons: Record<string, number>;
  buys: number;
  buysLanded: number;
  buysFailedRecorded: number;
  buyFailReasons: Record<string, number>;
  buysUnaccounted: string[];
  doubleBuys: string[];
  reconnects: number;
  backfilled: number;
  /** Orders (buys and sells) the executor still had in flight after the settle wait, at shutdown. */
  ordersInFlightBeforeShutdown: number;
  /** Buys whose intent was still pending when the bot stopped (reconciled at its next start). */
  inFlightAtShutdown: string[];
  /** Backfill listings or transactions given up after their retries (each may hide a missed launch). */
  backfillFailures: number;
  /** Backfills cut by their page bound. */
  backfillIncomplete: number;
  botAliveThroughout: boolean;
  exitCode: number | null;
  /** The bot's shutdown report when its exit code was not 0: which drainer or flusher did not finish. */
  shutdownReport: unknown;
  ok: boolean;
}

export async function runFaultSuite(o: FaultSuiteOptions): Promise<FaultSuiteReport> {
  const log = o.log ?? (() => {});
  const faults = o.faults ?? DEFAULT_FAULTS;
  const dir = mkdtempSync(join(tmpdir(), "faults-"));
  // 100 ms slots: a never-landing transaction's blockhash expires in ~15 s, so its retry or its failure
  // happens inside the run.
  const host = await startHost({ seed: o.seed ?? 3, slotMs: 100, faults });
  const w = benchWallet(91);
  const env = botEnv({ httpUrl: host.httpUrl, wsUrl: host.wsUrl, dir, secret: w.secret, statusPort: freePort(), extra: { SNIPER_LOG__LEVEL: "error" } });
  try {
    await host.call({ cmd: "fund", pubkey: w.address, lamports: String(10n ** 15n) });
    await host.call({ cmd: "background", mints: 10, traders: 50 });
    const bot = await startBotProc(env, process.cwd());
    let alive = true;
    void bot.proc.exited.then(() => (alive = false));
    await waitListening(bot, 60_000);
    await host.call({ cmd: "flow", perSec: o.tradeRate ?? 200 });
    const count = Math.round(o.seconds * o.launchRate);
    await host.call({ cmd: "launches", count, perSec: o.launchRate, devBuyLamports: "3000000000", wallet: w.address, dumpAfterMs: 200, dumpShare: 0.5 });
    for (;;) {
      const p = await host.call<{ launched: number; faults?: { injected: Record<string, number> } }>({ cmd: "progress" });
      if (p.launched >= count) break;
      await Bun.sleep(1000);
    }
    log(`launched ${count}; settling`);
    await host.call({ cmd: "flow", perSec: 0 });
    // Backfill after the last drop, confirmations, the expiry (~15 s) of never-landing sends and retries;
    // then every order still in flight settles (bounded), so the shutdown drain has nothing left to wait
    // for: an order still unsettled when the drain's bound passes makes the exit code 1 by design.
    await Bun.sleep(20_000);
    const settleBy = performance.now() + 60_000;
    let ordersInFlight = (await bot.call<{ ordersInFlight: number }>("count")).ordersInFlight;
    while (ordersInFlight > 0 && performance.now() < settleBy) {
      await Bun.sleep(500);
      ordersInFlight = (await bot.call<{ ordersInFlight: number }>("count")).ordersInFlight;
    }
    const stats = await bot.call<{ listener: ListenerSnap & { backfilled: number; backfillFailures: number; backfillIncomplete: number } }>("stats");
    const progress = await host.call<{ faults?: { injected: Record<string, number> } }>({ cmd: "progress" });
    const { samples } = await host.call<{ samples: { mint: string; buysReceived: number; buyLanded: boolean; notifiedAt: number | null }[] }>({ cmd: "samples", wallet: w.address });
    const aliveBeforeShutdown = alive;
    const shut = await bot.call<{ code: number; report: unknown }>("shutdown", 30_000).catch(() => ({ code: null as number | null, report: "no answer to shutdown" }));
    await bot.proc.exited;
    // The chain after the bot is gone: a buy confirmed during the shutdown drain is on it too.
    const chain = await host.call<{ landedBuys: Record<string, number> }>({ cmd: "onchain", wallet: w.address });

    const db = new Database(join(dir, "sniper.db"), { readonly: true });
    const seen = new Set(db.query<{ mint: string }, []>("SELECT mint FROM launches").all().map((r) => r.mint));
    const decisions = db.query<{ mint: string; action: string; reason: string | null }, []>("SELECT mint, action, reason FROM decisions").all();
    const intents = db.query<{ mint: string; status: string; last_error: string | null; attempts: number; created_at: number; updated_at: number }, []>(
      "SELECT mint, status, last_error, attempts, created_at, updated_at FROM order_intents WHERE side = 'buy'",
    ).all();
    // A buy refused or failed before landing leaves its position failed/closed with the error recorded.
    const positionErrors = new Map<string, string>();
    for (const r of db.query<{ mint: string; status: string; state: string }, []>("SELECT mint, status, state FROM position_state WHERE status IN ('failed', 'closed')").all()) {
      const lastError = (JSON.parse(r.state) as { lastError?: string | null }).lastError;
      if (lastError) positionErrors.set(r.mint, lastError);
    }
    db.close();
    const decided = new Map<string, { action: string; reason: string | null }>();
    for (const d of decisions) decided.set(d.mint, d);
    const launched = samples.map((s) => s.mint);
    const notified = new Set(samples.filter((x) => x.notifiedAt !== null).map((x) => x.mint));
    const missed = launched.filter((m) => !seen.has(m)).map((m) => (notified.has(m) ? `${m} (notified to the bot)` : `${m} (never notified: backfill's)`));
    const undecided = launched.filter((m) => seen.has(m) && !decided.has(m));
    const skipReasons: Record<string, number> = {};
    const skipsWithoutReason: string[] = [];
    for (const m of launched) {
      const d = decided.get(m);
      if (!d || d.action !== "skip") continue;
      if (!d.reason) skipsWithoutReason.push(m);
      else skipReasons[d.reason] = (skipReasons[d.reason] ?? 0) + 1;
    }
    const buys = launched.filter((m) => decided.get(m)?.action === "buy");
    const landed = new Set(Object.keys(chain.landedBuys));
    const failedRecorded = new Map<string, string>();
    for (const i of intents) if ((i.status === "failed" || i.status === "expired") && i.last_error) failedRecorded.set(i.mint, i.last_error);
    // Still in flight when the bot was stopped (e.g. a retry after a never-landing attempt): the journal
    // holds it and the next start reconciles it against the chain, so it is recorded, not lost.
    const inFlightAtShutdown = intents.filter((i) => i.status === "intent" || i.status === "sent").map((i) => i.mint);
    for (const m of inFlightAtShutdown) if (!failedRecorded.has(m)) failedRecorded.set(m, "in flight at shutdown");
    for (const [m, e] of positionErrors) if (!failedRecorded.has(m)) failedRecorded.set(m, e);
    const buysUnaccounted = buys
      .filter((m) => !landed.has(m) && !failedRecorded.has(m))
      .map((m) => {
        const i = intents.find((x) => x.mint === m);
        return i ? `${m}: intent ${i.status}, ${i.attempts} attempt(s), ${Math.round((i.updated_at - i.created_at) / 1000)} s, ${i.last_error ?? "no error"}` : `${m}: no intent`;
      });
    const doubleBuys = Object.entries(chain.landedBuys).filter(([, n]) => n > 1).map(([m]) => m);
    const exitCode = shut.code;
    const ok =
      aliveBeforeShutdown && exitCode === 0 && missed.length === 0 && undecided.length === 0 && skipsWithoutReason.length === 0 && buysUnaccounted.length === 0 && doubleBuys.length === 0;
    return {
      faults,
      injected: progress.faults?.injected ?? {},
      launches: launched.length,
      seen: launched.filter((m) => seen.has(m)).length,
      missed,
      undecided,
      skipsWithoutReason,
      skipReasons,
      buys: buys.length,
      buysLanded: buys.filter((m) => landed.has(m)).length,
      buysFailedRecorded: buys.filter((m) => !landed.has(m) && failedRecorded.has(m)).length,
      buyFailReasons: buys.filter((m) => !landed.has(m) && failedRecorded.has(m)).reduce<Record<string, number>>((acc, m) => {
        const reason = failedRecorded.get(m)!.slice(0, 80);
        acc[reason] = (acc[reason] ?? 0) + 1;
        return acc;
      }, {}),
      buysUnaccounted,
      doubleBuys,
      reconnects: stats.listener.reconnects,
      inFlightAtShutdown,
      ordersInFlightBeforeShutdown: ordersInFlight,
      backfilled: stats.listener.backfilled,
      backfillFailures: stats.listener.backfillFailures,
      backfillIncomplete: stats.listener.backfillIncomplete,
      botAliveThroughout: aliveBeforeShutdown,
      exitCode,
      shutdownReport: shut.report ?? null,
      ok,
    };
  } finally {
    await host.stop();
    if (process.env.FAULTS_KEEP) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const arg = (name: string, d: number): number => {
    const i = Bun.argv.lastIndexOf(name);
    return i < 0 ? d : Number(Bun.argv[i + 1]);
  };
  const r = await runFaultSuite({ seconds: arg("--seconds", 60), launchRate: arg("--launch-rate", 3), seed: arg("--seed", 3), log: (s) => console.error(s) });
  console.log(JSON.stringify(r, null, 2));
  process.exit(r.ok ? 0 : 1);
}
