/**
 * `bun run chaos`: crash-safety proof against the simulated cluster's independent referee.
 *
 *   bun run chaos [--kills 30] [--seed 1] [--launch-rate 5] [--trade-rate 300] [--min-life-ms 50]
 *                 [--max-life-ms 5000] [--keep] [--json FILE]
 *
 * The cluster host (bench/lib/cluster-host.ts) runs in its own process the whole time: launches at
 * `--launch-rate`/s, background trades, and half of the launches the bot buys get dumped by their creator
 * (so positions both close and stay open). The bot is `bun run src/main.ts` (live mode + live.confirm on
 * the host's URLs, one database across restarts); it is kill -9'd at a random moment of its life (start-up,
 * reconcile, buying, selling) `--kills` times and restarted each time. Then launches stop, the bot starts
 * once more, reconciles, and the checks run against the referee's own record:
 *  1. no landed buy missing from the database (its signature is a buy fill);
 *  2. no mint bought twice (at most one landed buy per mint);
 *  3. every position still open on chain (token balance > 0) is open in the database and managed by the
 *     running bot (listed by its positions actor on /api/positions);
 *  4. no landed sell missing from the database (its signature is a sell fill or an attempt of a sell intent);
 *  5. every fill carries its transaction's exact amounts, and every closed position's PnL equals what its
 *     mint's trades moved on chain (scripts/chaos-accounting.ts), and its trade-history row is closed;
 * and the last bot must shut down cleanly (exit 0) on SIGTERM. Prints a summary; exits 1 on any violation.
 */
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../src/runtime/free-port.ts";
import { seededRng } from "../src/rng.ts";
import { benchWallet, botEnv } from "../bench/lib/bot-env.ts";
import { startHost } from "../bench/lib/host-protocol.ts";
import { numArg } from "../bench/lib/args.ts";
import { decodeState } from "../src/store/repos/position-state.ts";
import { accountingMismatches, type ChainTrade, type ClosedPosition, type DbFill } from "./chaos-accounting.ts";

export interface ChaosOptions {
  kills: number;
  seed: number;
  launchRate: number;
  tradeRate: number;
  minLifeMs: number;
  maxLifeMs: number;
  keep?: boolean;
  log?: (line: string) => void;
}

export interface ChaosReport {
  kills: number;
  killedDuring: Record<string, number>;
  launches: number;
  landedBuys: number;
  mintsBought: number;
  violations: {
    lostBuys: string[]; missingBuyFills: string[]; doubleBuys: string[]; openOnChainNotInDb: string[]; openOnChainNotManaged: string[];
    /** Landed sells the database has no trace of (no fill, no intent attempt with that signature). */
    lostSells: string[];
    /** Fills whose amounts differ from their transaction's, and closed positions whose PnL differs from the chain's. */
    wrongFills: string[]; wrongPnl: string[];
    /** Positions closed in their saved state whose trade-history row (reports, exports) is still open. */
    historyLeftOpen: string[];
    uncleanExit: number | null;
  };
  warnings: { missingPositionRows: string[]; missingSellFills: string[]; heldBackgroundMints: string[] };
  landedSells: number;
  /** Closed positions whose PnL was compared with the chain. */
  closedPositions: number;
  openOnChainAtCheck: number;
  finalExitCode: number | null;
  seconds: number;
  ok: boolean;
}


export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const log = o.log ?? (() => {});
  const t0 = performance.now();
  const rng = seededRng(o.seed);
  const dir = mkdtempSync(join(tmpdir(), "chaos-"));
  const host = await startHost({ seed: o.seed });
  const w = benchWallet(11 + (o.seed % 100));
  const statusPort = freePort();
  const env = botEnv({
    httpUrl: host.httpUrl,
    wsUrl: host.wsUrl,
    dir,
    secret: w.secret,
    statusPort,
    extra: { SNIPER_LOG__LEVEL: "error", SNIPER_HISTORY__CSV_DIR: "off" },
  });
  const main = new URL("../src/main.ts", import.meta.url).pathname;
  const spawnBot = () => Bun.spawn([process.execPath, "run", main], { env, cwd: dir, stdout: "ignore", stderr: "pipe" });
  const killedDuring: Record<string, number> = {};
  try {
    await host.call({ cmd: "fund", pubkey: w.address, lamports: String(10n ** 15n) });
    await host.call({ cmd: "background", mints: 10, traders: 50 });
    await host.call({ cmd: "flow", perSec: o.tradeRate });
    await host.call({ cmd: "launches", count: 1_000_000, perSec: o.launchRate, devBuyLamports: "3000000000", wallet: w.address, dumpAfterMs: 300, dumpShare: 0.5 });
    for (let k = 1; k <= o.kills; k++) {
      const bot = spawnBot();
      const life = o.minLifeMs + rng.next() * (o.maxLifeMs - o.minLifeMs);
      const phase = await phaseAt(`http://127.0.0.1:${statusPort}`, life);
      killedDuring[phase] = (killedDuring[phase] ?? 0) + 1;
      bot.kill(9);
      await bot.exited;
      log(`kill ${k}/${o.kills} after ${Math.round(life)} ms (${phase})`);
    }
    const stopped = await host.call<{ launched: number }>({ cmd: "stop-launches" });
    // The final bot: reconcile, manage what is open, then a clean shutdown.
    const last = spawnBot();
    const status = `http://127.0.0.1:${statusPort}`;
    await waitReady(status, 30_000);
    await Bun.sleep(3_000); // reconcile + in-flight confirmations settle (confirm polls every 400 ms)
    const chain = await host.call<{ landedBuys: Record<string, number>; holding: string[] }>({ cmd: "onchain", wallet: w.address });
    // What the database says is open at the same moment (read while the bot runs: WAL readers are fine).
    const openNow = (() => {
      const d = new Database(join(dir, "sniper.db"), { readonly: true });
      try {
        const q = (sql: string): Set<string> => new Set(d.query<{ mint: string }, []>(sql).all().map((r) => r.mint));
        return { working: q("SELECT mint FROM position_state WHERE status <> 'closed'"), history: q("SELECT mint FROM positions WHERE status = 'open'") };
      } finally {
        d.close();
      }
    })();
    // Managed = the running bot acts on it: a TradeEvent below the stop on every held mint must make the
    // bot sell it (its tokens leave the wallet on chain).
    await host.call({ cmd: "poke", wallet: w.address });
    // The poke moves this run's launches only; a position on a background mint (bought from the chain's
    // first slots by a bot that started right after them) is reported, not counted as unmanaged.
    const { samples } = await host.call<{ samples: { mint: string }[] }>({ cmd: "samples", wallet: w.address });
    const ours = new Set(samples.map((x) => x.mint));
    let stillHeld = chain.holding.filter((m) => ours.has(m));
    const pokeEnd = performance.now() + 15_000;
    while (stillHeld.length > 0 && performance.now() < pokeEnd) {
      await Bun.sleep(250);
      stillHeld = (await host.call<{ holding: string[] }>({ cmd: "onchain", wallet: w.address })).holding.filter((m) => ours.has(m));
    }
    last.kill("SIGTERM");
    const finalExit = await Promise.race([last.exited, Bun.sleep(20_000).then(() => null)]);
    if (finalExit === null) last.kill(9);
    const stderr = await new Response(last.stderr as ReadableStream).text().catch(() => "");

    const db = new Database(join(dir, "sniper.db"), { readonly: true, safeIntegers: true });
    const col = <T>(sql: string): T[] => db.query<Record<string, T>, []>(sql).all().map((r) => Object.values(r)[0]!);
    const fills = new Map(
      db.query<Record<string, unknown>, []>("SELECT * FROM fills").all().map((r): [string, DbFill] => [String(r.signature), {
        signature: String(r.signature), side: r.side as DbFill["side"], lamports: r.lamports as bigint, tokens: r.tokens as bigint,
        protocol: r.fee_protocol as bigint, creator: r.fee_creator as bigint, network: (r.fee_network as bigint) + (r.fee_priority as bigint),
      }]),
    );
    const signaturesOf = (side: string) => new Set([...fills.values()].filter((f) => f.side === side).map((f) => f.signature));
    const [buyFills, sellFills] = [signaturesOf("buy"), signaturesOf("sell")];
    const closed = col<string>("SELECT state FROM position_state WHERE status = 'closed'").map((state) => JSON.parse(state, decodeState) as ClosedPosition);
    const historyLeftOpen = col<string>("SELECT s.position_id FROM position_state s JOIN positions p ON p.id = s.position_id WHERE s.status = 'closed' AND p.status <> 'closed'");
    const confirmedBuyIntents = new Set(col<string>("SELECT signature FROM order_intents WHERE side = 'buy' AND status = 'confirmed' AND signature IS NOT NULL"));
    const anyBuyIntentMints = new Set(col<string>("SELECT mint FROM order_intents WHERE side = 'buy'"));
    // Every signature a sell intent ever signed (its attempts), settled or not.
    const sellAttempts = new Set(
      col<string | null>("SELECT detail FROM order_intents WHERE side = 'sell'").flatMap((d) => (d === null ? [] : (JSON.parse(d) as { attempts?: { signature: string }[] }).attempts?.map((a) => a.signature) ?? [])),
    );
    const positionRows = new Set(col<string>("SELECT mint FROM positions"));
    db.close();
    const { buys: landed, sells: landedSells } = await landedSignatures(host, w.address);
    const trades = [...landed.map((t) => chainTrade(t, "buy")), ...landedSells.map((t) => chainTrade(t, "sell"))];
    const { wrongFills, wrongPnl } = accountingMismatches(trades, fills, closed);
    // A landed buy is lost when the database has no trace of it; it is missing from the trade history
    // when it has no buy fill (what exports, reports and PnL read).
    const lostBuys = landed.filter((b) => !confirmedBuyIntents.has(b.signature) && !buyFills.has(b.signature) && !anyBuyIntentMints.has(b.mint)).map((b) => `${b.mint} ${b.signature}`);
    const missingBuyFills = landed.filter((b) => !buyFills.has(b.signature)).map((b) => `${b.mint} ${b.signature}`);
    const lostSells = landedSells.filter((b) => !sellFills.has(b.signature) && !sellAttempts.has(b.signature)).map((b) => `${b.mint} ${b.signature}`);
    const missingSellFills = landedSells.filter((b) => !sellFills.has(b.signature)).map((b) => `${b.mint} ${b.signature}`);
    const missingPositionRows = landed.filter((b) => !positionRows.has(b.mint)).map((b) => b.mint);
    const doubleBuys = Object.entries(chain.landedBuys).filter(([, n]) => n > 1).map(([m, n]) => `${m} x${n}`);
    const openOnChainNotInDb = chain.holding.filter((m) => !openNow.working.has(m) && !openNow.history.has(m));
    const openOnChainNotManaged = stillHeld;
    const uncleanExit = finalExit === 0 ? null : finalExit;
    const ok =
      lostBuys.length === 0 && lostSells.length === 0 && missingBuyFills.length === 0 && doubleBuys.length === 0 && openOnChainNotInDb.length === 0 && openOnChainNotManaged.length === 0 &&
      wrongFills.length === 0 && wrongPnl.length === 0 && historyLeftOpen.length === 0 && uncleanExit === null;
    if (!ok && stderr) log(`last bot stderr:\n${stderr.slice(-2000)}`);
    return {
      kills: o.kills,
      killedDuring,
      launches: stopped.launched,
      landedBuys: landed.length,
      mintsBought: Object.keys(chain.landedBuys).length,
      violations: { lostBuys, lostSells, missingBuyFills, doubleBuys, openOnChainNotInDb, openOnChainNotManaged, wrongFills, wrongPnl, historyLeftOpen, uncleanExit },
      warnings: { missingPositionRows, missingSellFills, heldBackgroundMints: chain.holding.filter((m) => !ours.has(m)) },
      landedSells: landedSells.length,
      closedPositions: closed.length,
      openOnChainAtCheck: chain.holding.length,
      finalExitCode: finalExit,
      seconds: Math.round((performance.now() - t0) / 1000),
      ok,
    };
  } finally {
    await host.stop();
    if (o.keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits `ms`, then names the bot's phase at that moment from its status endpoint. */
async function phaseAt(status: string, ms: number): Promise<string> {
  await Bun.sleep(ms);
  try {
    const r = await fetch(`${status}/readyz`, { signal: AbortSignal.timeout(200) });
    return r.status === 200 ? "trading" : "starting (not ready)";
  } catch {
    return "starting (no status port yet)";
  }
}

async function waitReady(status: string, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    try {
      if ((await fetch(`${status}/readyz`, { signal: AbortSignal.timeout(500) })).status === 200) return;
    } catch {
      // not listening yet
    }
    await Bun.sleep(100);
  }
  throw new Error("the final bot never became ready");
}

async function managedMints(status: string): Promise<Set<string>> {
  const r = (await (await fetch(`${status}/api/positions`)).json()) as { positions: unknown };
  const list = Array.isArray(r.positions) ? r.positions : Object.values((r.positions ?? {}) as Record<string, unknown>);
  return new Set((list as { mint?: string; status?: string }[]).filter((p) => p.status !== "closed").map((p) => p.mint ?? ""));
}

/** A landed trade of the wallet as the host reports it (amounts as decimal strings). */
interface LandedTrade {
  mint: string;
  signature: string;
  sol: string;
  tokens: string;
  fee: string;
  creatorFee: string;
  txFee: string;
}

async function landedSignatures(host: Awaited<ReturnType<typeof startHost>>, wallet: string) {
  return host.call<{ buys: LandedTrade[]; sells: LandedTrade[] }>({ cmd: "landed-buys", wallet });
}

function chainTrade(t: LandedTrade, side: "buy" | "sell"): ChainTrade {
  return { mint: t.mint, signature: t.signature, side, sol: BigInt(t.sol), tokens: BigInt(t.tokens), fee: BigInt(t.fee), creatorFee: BigInt(t.creatorFee), txFee: BigInt(t.txFee) };
}

if (import.meta.main) {
  if (Bun.argv.includes("--help")) {
    console.log("bun run chaos [--kills 30] [--seed 1] [--launch-rate 5] [--trade-rate 300] [--min-life-ms 50] [--max-life-ms 5000] [--keep] [--json FILE]");
    process.exit(0);
  }
  const r = await runChaos({
    kills: numArg("--kills", 30),
    seed: numArg("--seed", 1),
    launchRate: numArg("--launch-rate", 5),
    tradeRate: numArg("--trade-rate", 300),
    minLifeMs: numArg("--min-life-ms", 50),
    maxLifeMs: numArg("--max-life-ms", 5000),
    keep: Bun.argv.includes("--keep"),
    log: (l) => console.error(l),
  });
  const v = r.violations;
  console.log(`chaos: ${r.kills} kill -9s (${Object.entries(r.killedDuring).map(([k, n]) => `${n} ${k}`).join(", ")}), ${r.launches} launches, ${r.landedBuys} landed buys over ${r.mintsBought} mints, ${r.seconds} s`);
  console.log(`  landed buys with no trace in the database:      ${v.lostBuys.length}`);
  console.log(`  landed buys without a buy fill (trade history): ${v.missingBuyFills.length}`);
  console.log(`  mints bought twice:                             ${v.doubleBuys.length}`);
  console.log(`  landed sells with no trace in the database:     ${v.lostSells.length}`);
  console.log(`  open on chain (${r.openOnChainAtCheck}), not open in the database:  ${v.openOnChainNotInDb.length}`);
  console.log(`  open on chain, not managed (no sell on a stop): ${v.openOnChainNotManaged.length}`);
  console.log(`  (held background mints, not poked):            ${r.warnings.heldBackgroundMints.length}`);
  console.log(`  fills that disagree with their transaction:     ${v.wrongFills.length}`);
  console.log(`  closed positions (${r.closedPositions}), PnL not the chain's:  ${v.wrongPnl.length}`);
  console.log(`  closed positions, trade-history row open:       ${v.historyLeftOpen.length}`);
  console.log(`  final shutdown exit code:                       ${r.finalExitCode}`);
  console.log(`  (history) bought mints with no positions row:   ${r.warnings.missingPositionRows.length}`);
  console.log(`  (history) landed sells (${r.landedSells}) without a sell fill:  ${r.warnings.missingSellFills.length}`);
  for (const [k, list] of Object.entries(v)) if (Array.isArray(list)) for (const x of list.slice(0, 10)) console.log(`    ${k}: ${x}`);
  const jsonAt = Bun.argv.indexOf("--json");
  if (jsonAt > 0) writeFileSync(Bun.argv[jsonAt + 1]!, `${JSON.stringify(r, null, 2)}\n`);
  console.log(r.ok ? "chaos: OK (0 lost, 0 duplicated, every open position managed, every fill and closed PnL exact, no history row left open)" : "chaos: VIOLATIONS");
  process.exit(r.ok ? 0 : 1);
}
