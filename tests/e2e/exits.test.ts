/**
 * Every exit rule, end to end: other traders move the price on the simulated cluster (api.trade), the bot
 * sees the TradeEvents, its rules fire, its sells land. Each test checks the position row's exit reason,
 * that the referee's landed sells are exactly the fill rows, and that the database's PnL equals what the
 * referee's amounts say (proceeds - cost, every fee included). Each test turns off the rules that could
 * fire before the one under test, so the exit reason is unambiguous.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { CURVE_COMPLETE_STUCK } from "../../src/actors/position.actor.ts";
import { deriveAssociatedTokenAddress } from "../../src/chain/pump/index.ts";
import type { SimCluster } from "../../src/sim/cluster/index.ts";
import { TOKEN_ACCOUNT_RENT } from "../../src/sim/ledger/tokens.ts";
import {
  cleanupAll, landed, landedOn, launch, netOf, newAddress, sameAmounts, SOL, startCluster, startTestBot, trade, waitFor, type BotRun,
} from "./harness.ts";

afterEach(cleanupAll);

const BUY = SOL / 10n;
/** What startTestBot funds a fresh wallet with. */
const FUNDED = 20n * SOL;
/** Only the take-profit ladder (default levels +50 % -> sell half, +150 % -> sell the rest). */
const ONLY = {
  SNIPER_FILTERS__BUY_LAMPORTS: String(BUY),
  SNIPER_EXITS__STOP_LOSS_BPS: "0",
  SNIPER_EXITS__TRAILING_STOP_BPS: "0",
  SNIPER_EXITS__MAX_HOLD_MS: "0",
  SNIPER_EXITS__EXIT_ON_CREATOR_SELL: "false",
  SNIPER_EXITS__EXIT_ON_CURVE_COMPLETE: "false",
};
const NO_TP = "[exits]\ntakeProfit = []\n";

/** Launches a token, waits for our buy to land and the position to be open in the database. */
async function opened(cluster: SimCluster, run: BotRun, devBuyLamports = 0n) {
  const l = launch(cluster, devBuyLamports);
  const buy = await waitFor(() => landedOn(cluster, run.wallet.address, l.mint, "buy")[0], "our buy to land");
  await waitFor(() => run.db.positions(l.mint)[0]?.tokens_bought === buy.tokens, "the open position row");
  await waitFor(() => run.db.positionState(l.mint)[0]?.status === "open", "the position to be open");
  return { ...l, buy };
}

/** Waits for the position to close, then checks reason, fills = referee, and PnL = referee's proceeds - cost. */
async function closedAs(cluster: SimCluster, run: BotRun, mint: string, reason: string, sells: number) {
  const pos = await waitFor(() => run.db.positions(mint).find((p) => p.status === "closed"), `the position to close (${reason})`, 20_000);
  expect(pos.exit_reason).toBe(reason);
  const refBuys = landedOn(cluster, run.wallet.address, mint, "buy");
  const refSells = landedOn(cluster, run.wallet.address, mint, "sell");
  expect(refBuys).toHaveLength(1);
  expect(refSells).toHaveLength(sells);
  const fills = await waitFor(() => {
    const f = run.db.fills(mint);
    return f.length === 1 + sells && f;
  }, "every fill row");
  for (const t of [...refBuys, ...refSells]) {
    const f = fills.find((x) => x.signature === t.signature);
    expect(f).toBeDefined();
    expect(f!.side).toBe(t.side!);
    expect(sameAmounts(f!, t)).toBe(true);
  }
  const cost = netOf(refBuys[0]!);
  const proceeds = refSells.reduce((s, t) => s + netOf(t), 0n);
  expect(pos.cost_lamports).toBe(cost);
  expect(pos.proceeds_lamports).toBe(proceeds);
  expect(pos.proceeds_lamports - pos.cost_lamports).toBe(proceeds - cost);
  expect(pos.tokens_sold).toBe(pos.tokens_bought);
  // Everything bought was sold: the wallet holds none of the mint any more.
  expect(cluster.api.tokenBalance(run.wallet.address, mint)).toBe(0n);
  expect(run.db.positions(mint)).toHaveLength(1);
  // The last sell closed the token account: its rent is back, so the wallet is down (or up) exactly the PnL.
  expect(cluster.api.balance(deriveAssociatedTokenAddress(run.wallet.address, mint).address)).toBe(0n);
  expect(cluster.api.balance(run.wallet.address)).toBe(FUNDED + pos.proceeds_lamports - pos.cost_lamports - burntFees(cluster, run));
  return { pos, refSells };
}

/** Network fees of our transactions that landed failed (they move no tokens but cost their fee). */
function burntFees(cluster: SimCluster, run: BotRun): bigint {
  return landed(cluster, run.wallet.address, true).filter((t) => t.err !== null && t.err !== undefined).reduce((sum, t) => sum + t.txFee, 0n);
}

describe("e2e: a position exits by each rule", () => {
  test("take profit: the ladder sells half at +50 %, the rest at +150 %, each level once", async () => {
    const cluster = await startCluster();
    const run = await startTestBot(cluster, { env: ONLY });
    const l = await opened(cluster, run);
    const whale = newAddress();
    trade(cluster, { trader: whale, mint: l.mint, side: "buy", lamports: 10n * SOL });
    const [first] = await waitFor(() => landedOn(cluster, run.wallet.address, l.mint, "sell").length === 1 && landedOn(cluster, run.wallet.address, l.mint, "sell"), "the first take-profit sell");
    expect(first!.tokens).toBe(l.buy.tokens / 2n);
    await waitFor(() => run.db.fills(l.mint, "sell").length === 1, "the partial sell's fill row");
    expect(run.db.positions(l.mint)[0]!.status).toBe("open");
    trade(cluster, { trader: whale, mint: l.mint, side: "buy", lamports: 15n * SOL });
    const { refSells } = await closedAs(cluster, run, l.mint, "take_profit", 2);
    expect(refSells[0]!.tokens + refSells[1]!.tokens).toBe(l.buy.tokens);
    const state = JSON.parse(run.db.positionState(l.mint)[0]!.state) as { tpDone: number };
    expect(state.tpDone).toBe(0b11);
  });

  test("stop loss: the creator's dev bag dumped (creator-sold exit off) takes the value 30 % under cost", async () => {
    const cluster = await startCluster();
    const run = await startTestBot(cluster, { toml: NO_TP, env: { ...ONLY, SNIPER_EXITS__STOP_LOSS_BPS: "3000" } });
    const l = await opened(cluster, run, 8n * SOL);
    trade(cluster, { trader: l.creator, mint: l.mint, side: "sell", tokens: l.devTokens });
    const { pos } = await closedAs(cluster, run, l.mint, "stop_loss", 1);
    expect(pos.proceeds_lamports).toBeLessThan((pos.cost_lamports * 7n) / 10n);
  });

  test("trailing stop: armed 50 % above entry, fires 25 % under the high", async () => {
    const cluster = await startCluster();
    const run = await startTestBot(cluster, { toml: NO_TP, env: { ...ONLY, SNIPER_EXITS__TRAILING_STOP_BPS: "2500", SNIPER_EXITS__TRAILING_ARM_BPS: "5000" } });
    const l = await opened(cluster, run);
    const whale = newAddress();
    const up = trade(cluster, { trader: whale, mint: l.mint, side: "buy", lamports: 8n * SOL });
    // The high-water mark is saved before the fall.
    await waitFor(() => {
      const s = run.db.positionState(l.mint)[0];
      return s !== undefined && (JSON.parse(s.state) as { highWater: { num: string } }).highWater.num !== JSON.parse(s.state).entryPrice.num;
    }, "the new high-water mark");
    expect(landedOn(cluster, run.wallet.address, l.mint, "sell")).toHaveLength(0);
    trade(cluster, { trader: whale, mint: l.mint, side: "sell", tokens: up.tokenAmount });
    await closedAs(cluster, run, l.mint, "trailing_stop", 1);
  });

  test("max hold: a position held past exits.maxHoldMs is sold", async () => {
    const cluster = await startCluster();
    const run = await startTestBot(cluster, { toml: NO_TP, env: { ...ONLY, SNIPER_EXITS__MAX_HOLD_MS: "1500" } });
    const l = await opened(cluster, run);
    await closedAs(cluster, run, l.mint, "max_hold", 1);
  });

  test("creator sold: the creator selling part of the dev buy exits at once", async () => {
    const cluster = await startCluster();
    const run = await startTestBot(cluster, { toml: NO_TP, env: { ...ONLY, SNIPER_EXITS__EXIT_ON_CREATOR_SELL: "true" } });
    const l = await opened(cluster, run, SOL);
    trade(cluster, { trader: l.creator, mint: l.mint, side: "sell", tokens: l.devTokens / 10n });
    await closedAs(cluster, run, l.mint, "creator_sold", 1);
  });

  test("tokens a stranger sent to our account: the close is refused, the sell goes again without it, the rent stays", async () => {
    const cluster = await startCluster();
    const run = await startTestBot(cluster, { toml: NO_TP, env: { ...ONLY, SNIPER_EXITS__MAX_HOLD_MS: "1500" } });
    const l = await opened(cluster, run);
    const stranger = newAddress();
    trade(cluster, { trader: stranger, mint: l.mint, side: "buy", lamports: SOL / 100n });
    expect(cluster.api.transferTokens(stranger, run.wallet.address, l.mint, 1n)).toBe(true);
    const pos = await waitFor(() => run.db.positions(l.mint).find((p) => p.status === "closed"), "the position to close", 20_000);
    expect(pos.exit_reason).toBe("max_hold");
    expect(pos.tokens_sold).toBe(l.buy.tokens);
    const sells = run.db.intents(l.mint, "sell");
    expect(sells.map((i) => i.status)).toEqual(["failed", "confirmed"]);
    expect(sells[0]!.last_error).toContain("token account not empty");
    expect(landedOn(cluster, run.wallet.address, l.mint, "sell")).toHaveLength(1);
    // The stranger's token and the account's rent stay in the wallet's account; the PnL does not count the rent.
    expect(cluster.api.tokenBalance(run.wallet.address, l.mint)).toBe(1n);
    expect(cluster.api.balance(deriveAssociatedTokenAddress(run.wallet.address, l.mint).address)).toBe(TOKEN_ACCOUNT_RENT);
    expect(cluster.api.balance(run.wallet.address)).toBe(FUNDED + pos.proceeds_lamports - pos.cost_lamports - TOKEN_ACCOUNT_RENT - burntFees(cluster, run));
  });

  test("curve completed: no curve sell is sent after completion; the position is stuck with the reason and keeps its tokens", async () => {
    const cluster = await startCluster();
    const run = await startTestBot(cluster, { toml: NO_TP, env: { ...ONLY, SNIPER_EXITS__EXIT_ON_CURVE_COMPLETE: "true" } });
    const l = await opened(cluster, run);
    const done = trade(cluster, { trader: newAddress(), mint: l.mint, side: "buy", lamports: 100n * SOL });
    expect(done.complete).toBe(true);
    expect(cluster.api.curve(l.mint)!.complete).toBe(true);
    const state = await waitFor(() => {
      const s = run.db.positionState(l.mint)[0];
      return s?.status === "stuck" && (JSON.parse(s.state) as { lastError: string; pendingSell: { reason: string } });
    }, "the position to be stuck");
    expect(state.lastError).toBe(CURVE_COMPLETE_STUCK);
    expect(state.pendingSell.reason).toBe("curve_complete");
    // Nothing doomed was sent: the referee has our buy and no other transaction of ours (no fee burnt).
    expect(landed(cluster, run.wallet.address, true).map((t) => t.side)).toEqual(["buy"]);
    expect(run.db.intents(l.mint, "sell")).toHaveLength(0);
    // The history keeps the position open with every token unsold, and so does the chain.
    const pos = run.db.positions(l.mint)[0]!;
    expect(pos).toMatchObject({ status: "open", tokens_sold: 0n, proceeds_lamports: 0n, exit_reason: null });
    expect(cluster.api.tokenBalance(run.wallet.address, l.mint)).toBe(pos.tokens_bought);
    // An operator's sell does not send a doomed transaction either.
    expect(run.bot.trading.control.sell(l.mint)).toBe(true);
    await waitFor(() => run.db.positionState(l.mint)[0]?.status === "stuck", "stuck again after a manual sell");
    await Bun.sleep(200);
    expect(landed(cluster, run.wallet.address, true)).toHaveLength(1);
  });
});
