/**
 * End-to-end harness: an in-process simulated cluster (fast slots), the whole bot against it (in-process
 * through startBot, or as a `bun run src/main.ts` child process), wait-for helpers, and readers of the two
 * records every test compares: the referee's (what really landed on the cluster) and the bot's SQLite
 * history (read-only connections, so the running bot's WAL writer is never disturbed).
 */
import { Keypair } from "@solana/web3.js";
import type { Database } from "bun:sqlite";
import bs58 from "bs58";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBot, type Bot } from "../../src/bot.ts";
import { loadConfig } from "../../src/config/index.ts";
import { createLogging, type Logging } from "../../src/log/index.ts";
import { startSimCluster, type SimCluster, type SimClusterOptions } from "../../src/sim/cluster/index.ts";
import type { LaunchResult } from "../../src/sim/hooks.ts";
import type { WalletTx } from "../../src/sim/referee/index.ts";
import { openReadOnly } from "../../src/store/index.ts";

/** Absolute path of the bot's entry point (restart tests run it as a child process). */
export const MAIN = join(import.meta.dir, "../../src/main.ts");
/** 1 SOL. */
export const SOL = 1_000_000_000n;

// ---- cleanup ---------------------------------------------------------------------------------------

const cleanups: (() => Promise<void> | void)[] = [];

/** Registers a cleanup step (run last-in first-out by `cleanupAll`). */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

/** Runs every registered cleanup (bots, processes, clusters, temp dirs), newest first; never throws. */
export async function cleanupAll(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop()!;
    try {
      await fn();
    } catch {
      // best effort: a failed cleanup must not hide the test's own result
    }
  }
}

/** A fresh temporary directory, removed by cleanupAll. */
export function tempDir(prefix = "sniper-e2e-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---- waiting ---------------------------------------------------------------------------------------

/** A value that passed a truthiness test. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | "" | null | undefined>;

/** Polls `pred` every 20 ms until it returns a truthy value (returned), or throws after `ms`. */
export async function waitFor<T>(pred: () => T | Promise<T>, what: string, ms = 15_000): Promise<Truthy<T>> {
  const end = performance.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await pred();
      if (v) return v as Truthy<T>;
    } catch (e) {
      last = e;
    }
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await Bun.sleep(20);
  }
}

// ---- the cluster -----------------------------------------------------------------------------------

/** An in-process simulated cluster with fast slots (stopped by cleanupAll). */
export async function startCluster(options: SimClusterOptions = {}): Promise<SimCluster> {
  const cluster = await startSimCluster({ seed: 11, slotMs: 25, httpPort: 0, ...options });
  onCleanup(() => cluster.stop());
  return cluster;
}

let creatorN = 0;
/** A fresh creator address (the cluster funds creators itself). */
export function newAddress(): string {
  creatorN++;
  return Keypair.generate().publicKey.toBase58();
}

/** A launch by a fresh creator; `devBuyLamports` is the creator's buy in the same transaction. */
export function launch(cluster: SimCluster, devBuyLamports = 0n, name = "E2E"): LaunchResult & { creator: string } {
  const creator = newAddress();
  const l = cluster.api.launchToken({ creator, name, symbol: name.slice(0, 8), uri: "https://example.invalid/t.json", devBuyLamports });
  return { ...l, creator };
}

/** Buys (or sells) as another trader; throws when the cluster refuses. */
export function trade(cluster: SimCluster, p: { trader: string; mint: string; side: "buy" | "sell"; lamports?: bigint; tokens?: bigint }) {
  const r = cluster.api.trade(p);
  if (!r.ok) throw new Error(`market trade refused: ${r.reason}`);
  return r;
}

/**
 * Websocket subscriptions of one kind the cluster holds right now (readiness of a listener). Reads the
 * hub's subscription table; should its shape change, falls back to the public count of every kind (a
 * listener's logsSubscribe still raises it: nothing else subscribes before the first order).
 */
export function subscriptions(cluster: SimCluster, kind: "logs" | "signature" | "slot" | "account"): number {
  const subs = (cluster.hub as unknown as { subs?: unknown }).subs;
  if (!(subs instanceof Map)) return cluster.stats().subscriptions;
  let n = 0;
  for (const s of subs.values() as Iterable<{ kind?: unknown }>) if (s.kind === kind) n++;
  return n;
}

// ---- the referee -----------------------------------------------------------------------------------

/** Every landed transaction of `wallet` the referee recorded (successful trades only unless `all`). */
export function landed(cluster: SimCluster, wallet: string, all = false): WalletTx[] {
  const list = cluster.referee.walletTxs.get(wallet) ?? [];
  return all ? [...list] : list.filter((t) => t.err === null || t.err === undefined);
}

/** Landed trades of `wallet` on `mint` and `side`. */
export function landedOn(cluster: SimCluster, wallet: string, mint: string, side?: "buy" | "sell"): WalletTx[] {
  return landed(cluster, wallet).filter((t) => t.mint === mint && (side === undefined || t.side === side));
}

/** What a trade cost (buy) or returned (sell) net of every fee, from the referee's exact amounts. */
export function netOf(t: WalletTx): bigint {
  const fees = t.fee + t.creatorFee + t.txFee;
  return t.side === "buy" ? t.sol + fees : t.sol - fees;
}

// ---- the database ----------------------------------------------------------------------------------

/** A row of `fills` (safe integers). */
export interface FillRow {
  signature: string;
  position_id: string;
  intent_id: string | null;
  mint: string;
  side: "buy" | "sell";
  lamports: bigint;
  tokens: bigint;
  fee_protocol: bigint;
  fee_creator: bigint;
  fee_network: bigint;
  fee_priority: bigint;
}

/** A row of `positions`. */
export interface PositionRow {
  id: string;
  mode: string;
  mint: string;
  status: "open" | "closed";
  opened_at: bigint;
  closed_at: bigint | null;
  cost_lamports: bigint;
  proceeds_lamports: bigint;
  tokens_bought: bigint;
  tokens_sold: bigint;
  fees_lamports: bigint;
  exit_reason: string | null;
}

/** A row of `order_intents`. */
export interface IntentRow {
  id: string;
  mint: string;
  side: "buy" | "sell";
  status: string;
  signature: string | null;
  attempts: bigint;
  last_error: string | null;
  detail: string | null;
}

/** Runs `fn` on a fresh read-only connection to the bot's database (sees every committed write). */
export function withDb<T>(dbPath: string, fn: (db: Database) => T): T {
  const db = openReadOnly(dbPath);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Read-only queries over the bot's history. */
export function history(dbPath: string) {
  const all = <T>(sql: string, ...params: string[]): T[] =>
    existsSync(dbPath) ? withDb(dbPath, (db) => db.query(sql).all(...params) as T[]) : [];
  return {
    launches: () => all<{ mint: string; source: string }>("SELECT mint, source FROM launches"),
    decisions: (mint?: string) =>
      mint === undefined
        ? all<{ mint: string; action: string; reason: string }>("SELECT mint, action, reason FROM decisions ORDER BY id")
        : all<{ mint: string; action: string; reason: string }>("SELECT mint, action, reason FROM decisions WHERE mint = ? ORDER BY id", mint),
    positions: (mint: string) => all<PositionRow>("SELECT * FROM positions WHERE mint = ? ORDER BY opened_at", mint),
    fills: (mint: string, side?: "buy" | "sell") =>
      side === undefined
        ? all<FillRow>("SELECT * FROM fills WHERE mint = ? ORDER BY id", mint)
        : all<FillRow>("SELECT * FROM fills WHERE mint = ? AND side = ? ORDER BY id", mint, side),
    intents: (mint: string, side?: "buy" | "sell") =>
      side === undefined
        ? all<IntentRow>("SELECT * FROM order_intents WHERE mint = ? ORDER BY created_at", mint)
        : all<IntentRow>("SELECT * FROM order_intents WHERE mint = ? AND side = ? ORDER BY created_at", mint, side),
    positionState: (mint: string) =>
      all<{ position_id: string; status: string; state: string }>("SELECT position_id, status, state FROM position_state WHERE mint = ?", mint),
  };
}

/** The fill row and the referee's record of the same signature agree on every amount. */
export function sameAmounts(fill: FillRow, t: WalletTx): boolean {
  return (
    fill.signature === t.signature &&
    fill.lamports === t.sol &&
    fill.tokens === t.tokens &&
    fill.fee_protocol === t.fee &&
    fill.fee_creator === t.creatorFee &&
    fill.fee_network + fill.fee_priority === t.txFee
  );
}

// ---- the bot ---------------------------------------------------------------------------------------

/** A generated wallet: base58 secret for SNIPER_WALLET_SECRET and its address. */
export function newWallet(): { address: string; secret: string } {
  const kp = Keypair.generate();
  return { address: kp.publicKey.toBase58(), secret: bs58.encode(kp.secretKey) };
}

/** Options of a bot run against a cluster. */
export interface BotRunOptions {
  mode?: "live" | "paper";
  /** Extra SNIPER_* settings (they win over the defaults below). */
  env?: Record<string, string>;
  /** A sniper.toml written into the bot's working directory (for tables such as exits.takeProfit). */
  toml?: string;
  /** Reuse this working directory (restart on the same database); default a fresh temp dir. */
  dir?: string;
  /** Reuse this wallet (restart); default a fresh one funded with 20 SOL. */
  wallet?: { address: string; secret: string };
}

/** Every file of a test bot under `dir` (database, logs, trade CSVs, backups off), logs as JSON at info. */
export function filesEnv(dir: string): Record<string, string> {
  return {
    SNIPER_DATA__DB_PATH: join(dir, "data", "sniper.db"),
    SNIPER_LOG__DIR: join(dir, "logs"),
    SNIPER_LOG__LEVEL: "info",
    SNIPER_LOG__PRETTY: "false",
    SNIPER_HISTORY__CSV_DIR: join(dir, "logs", "trades"),
    SNIPER_HISTORY__BACKUP__DIR: join(dir, "data", "backups"),
    SNIPER_HISTORY__BACKUP__INTERVAL_MS: "0",
  };
}

/** The environment of a test bot: live (or paper) against the cluster, everything in `dir`, fast timers. */
export function botEnv(cluster: SimCluster, dir: string, wallet: { secret: string }, o: BotRunOptions = {}): Record<string, string> {
  return {
    SNIPER_MODE: o.mode ?? "live",
    SNIPER_LIVE__CONFIRM: "true",
    SNIPER_WALLET_SECRET: wallet.secret,
    SNIPER_RPC__HTTP_URLS: cluster.httpUrl,
    SNIPER_RPC__WS_URLS: cluster.wsUrl,
    ...filesEnv(dir),
    SNIPER_HISTORY__LINGER_MS: "10",
    SNIPER_HTTP__PORT: "0",
    SNIPER_EXECUTOR__CONFIRM_POLL_MS: "50",
    SNIPER_EXECUTOR__BLOCKHASH_REFRESH_MS: "50",
    SNIPER_EXECUTOR__PRIORITY_FEE__FIXED_MICRO_LAMPORTS: "10000",
    SNIPER_EXITS__SELL__RETRY_DELAY_MS: "100",
    SNIPER_FILTERS__MAX_LAUNCHES_PER_MINUTE: "1000",
    SNIPER_FILTERS__MAX_OPEN_POSITIONS: "50",
    SNIPER_FILTERS__MAX_TOTAL_EXPOSURE_LAMPORTS: String(10n * SOL),
    ...o.env,
  };
}

/** A bot running in this process against the cluster. */
export interface BotRun {
  bot: Bot;
  logging: Logging;
  dir: string;
  dbPath: string;
  wallet: { address: string; secret: string };
  db: ReturnType<typeof history>;
  /** The status server's URL once it listens (it binds a free port). */
  statusUrl(): string | undefined;
  /** Graceful shutdown (drain, flush); resolves with the exit code. Idempotent. */
  stop(): Promise<number>;
}

/** Starts the whole bot in-process against `cluster` and waits until it listens and its executor is ready. */
export async function startTestBot(cluster: SimCluster, o: BotRunOptions = {}): Promise<BotRun> {
  const dir = o.dir ?? tempDir();
  const wallet = o.wallet ?? newWallet();
  if (o.wallet === undefined && (o.mode ?? "live") === "live") cluster.api.fund(wallet.address, 20n * SOL);
  if (o.toml !== undefined) writeFileSync(join(dir, "sniper.toml"), o.toml);
  const env = botEnv(cluster, dir, wallet, o);
  const loaded = loadConfig({ argv: [], env, cwd: dir });
  const logging = createLogging({ config: loaded.config, secrets: loaded.secrets, isTty: false, exitHook: false });
  const logsBefore = subscriptions(cluster, "logs");
  let statusUrl: string | undefined;
  const bot = await startBot({ loaded, logging, onStatusUrl: (url) => (statusUrl = url) });
  let stopped: Promise<number> | undefined;
  const stop = (): Promise<number> => {
    stopped ??= (async () => {
      bot.lifecycle.shutdown("test");
      return bot.done;
    })();
    return stopped;
  };
  onCleanup(() => stop().then(() => undefined));
  await waitFor(() => subscriptions(cluster, "logs") > logsBefore, "the listener's logsSubscribe");
  if ((o.mode ?? "live") === "live") await waitFor(() => logging.ring.since(0).some((r) => String(r.msg ?? "").includes("executor ready")), "the executor to be ready");
  return { bot, logging, dir, dbPath: env.SNIPER_DATA__DB_PATH!, wallet, db: history(env.SNIPER_DATA__DB_PATH!), statusUrl: () => statusUrl, stop };
}

/**
 * Waits until the first subscription's backfill has listed its gap (run the bot with
 * SNIPER_LISTENER__BACKFILL__SETTLE_MS=0 so no second pass follows): its getSignaturesForAddress then
 * cannot fall inside the referee's launch -> send window.
 */
export async function firstBackfillDone(run: BotRun): Promise<void> {
  const totals = run.bot.trading.listenerState.stats.totals;
  await waitFor(() => totals.backfillRuns >= 1, "the first subscription's backfill");
  await Bun.sleep(300); // its one listing (an empty gap) answers within milliseconds on loopback
}

// ---- the bot as a child process ------------------------------------------------------------------

/** A `bun run src/main.ts` child process. */
export interface BotProcess {
  proc: ReturnType<typeof Bun.spawn>;
  output(): string;
  /** SIGKILL: no drain, no flush. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number>;
}

/** Spawns the bot as a process with `env` (from botEnv) in `dir`, and waits until it listens and trades. */
export async function spawnBotProcess(cluster: SimCluster, dir: string, env: Record<string, string>): Promise<BotProcess> {
  const logsBefore = subscriptions(cluster, "logs");
  const proc = Bun.spawn(["bun", "run", MAIN], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? dir, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  let out = "";
  const decoder = new TextDecoder();
  const drain = async (stream: ReadableStream<Uint8Array>): Promise<void> => {
    for await (const chunk of stream) out += decoder.decode(chunk, { stream: true });
  };
  void drain(proc.stdout as ReadableStream<Uint8Array>).catch(() => {});
  void drain(proc.stderr as ReadableStream<Uint8Array>).catch(() => {});
  const kill9 = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    await proc.exited;
  };
  onCleanup(kill9);
  const logFile = (): string => {
    const day = new Date().toISOString().slice(0, 10);
    const p = join(env.SNIPER_LOG__DIR!, `sniper-${day}.log`);
    return existsSync(p) ? readFileSync(p, "utf8") : "";
  };
  try {
    await waitFor(() => {
      if (proc.exitCode !== null) throw new Error(`bot exited ${proc.exitCode}: ${out}`);
      return subscriptions(cluster, "logs") > logsBefore && logFile().includes("executor ready");
    }, "the bot process to listen with a ready executor", 20_000);
  } catch (e) {
    throw new Error(`${String(e)}\n--- output ---\n${out}`);
  }
  return {
    proc,
    output: () => out,
    kill9,
    stop: async () => {
      proc.kill("SIGTERM");
      return proc.exited;
    },
  };
}
