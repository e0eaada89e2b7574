/**
 * The whole bot's warm-up: every pass rehearses the launch path (a synthetic launch frame decoded and
 * put through the launch gate, a buy signed by a throwaway key, its intent's write ahead encoded, and
 * every 10th pass a whole buy through a scratch executor and journal, posted to the bot's own sink), and none of it reaches the history, the chain or the gate's state: the one real launch is the only thing
 * decided, bought and recorded.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { cleanupAll, landed, landedOn, launch, startCluster, startTestBot, waitFor, withDb } from "./harness.ts";

afterEach(cleanupAll);

/** Rows of every table the rehearsed steps would write to if they wrote anything. */
const rowCounts = (dbPath: string): Record<string, number> =>
  withDb(dbPath, (db) =>
    Object.fromEntries(
      ["launches", "decisions", "order_intents", "transactions", "positions", "position_state", "fills"].map((t) => [t, Number((db.query(`SELECT count(*) AS n FROM ${t}`).get() as { n: number | bigint }).n)]),
    ),
  );

describe("e2e: the snipe path's warm-up", () => {
  test("by default (executor.rehearseLaunchPath) it rehearses the launch path every pass and records, holds and sends nothing", async () => {
    const cluster = await startCluster();
    const run = await startTestBot(cluster);
    expect(run.bot.config.executor.rehearseLaunchPath).toBe(true);
    const warm = run.bot.trading.warmUp!;
    expect(warm).not.toBeNull();
    // The launch's decode and the gate's decision are a step of every pass.
    expect(warm.steps).toBe(1);
    const from = warm.passes;
    await waitFor(() => warm.passes >= from + 200, "200 warm-up passes");
    // Each pass's throwaway transaction went to the bot's own sink, none to the cluster (the only RPC).
    await waitFor(() => (warm.sends?.answered ?? 0) >= 20, "20 rehearsed sends answered by the sink (every 10th pass)");
    expect(warm.sends!.failures).toBe(0);
    // Those passes ran a whole buy through the scratch executor and journal (an in-memory database).
    await waitFor(() => (warm.buys?.sent ?? 0) >= 10, "10 rehearsed buys");
    expect(warm.buys!.failures).toBe(0);
    expect(existsSync(`${run.dbPath}.ahead.warm-up`)).toBe(true);
    const sendTransactions = (): number => cluster.referee.report().requests.byMethod.sendTransaction ?? 0;
    expect(sendTransactions()).toBe(0);
    expect(landed(cluster, run.wallet.address)).toEqual([]);
    expect(rowCounts(run.dbPath)).toEqual({ launches: 0, decisions: 0, order_intents: 0, transactions: 0, positions: 0, position_state: 0, fills: 0 });

    // A real launch after them is decided and bought once, as the only row of each kind.
    const l = launch(cluster);
    await waitFor(() => landedOn(cluster, run.wallet.address, l.mint, "buy").length > 0, "our buy to land");
    await waitFor(() => run.db.decisions().length > 0 && run.db.launches().length > 0, "the decision and launch rows");
    expect(run.db.decisions()).toEqual([{ mint: l.mint, action: "buy", reason: "filters passed" }]);
    expect(run.db.launches().map((x) => x.mint)).toEqual([l.mint]);
    expect(landed(cluster, run.wallet.address).map((t) => t.mint)).toEqual([l.mint]);
    expect(sendTransactions()).toBe(1);
    expect(await run.stop()).toBe(0);
  }, 30_000);

  test("with executor.rehearseLaunchPath = false the warm-up signs only: no launch step", async () => {
    const cluster = await startCluster();
    const run = await startTestBot(cluster, { env: { SNIPER_EXECUTOR__REHEARSE_LAUNCH_PATH: "false" } });
    const warm = run.bot.trading.warmUp!;
    await waitFor(() => warm.passes >= 20, "20 warm-up passes");
    expect(warm.steps).toBe(0);
    expect(warm.sends).toBeNull();
    expect(warm.buys).toBeNull();
    expect(run.bot.config.executor.rehearseLaunchPath).toBe(false);
    expect(await run.stop()).toBe(0);
  }, 30_000);

  test("paper mode has no executor warm-up", async () => {
    const cluster = await startCluster();
    const run = await startTestBot(cluster, { mode: "paper" });
    expect(run.bot.trading.warmUp).toBeNull();
    expect(await run.stop()).toBe(0);
  }, 30_000);
});
