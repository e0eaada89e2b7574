/**
 * A restart in the middle of a position resumes it. The bot runs as a real process (`bun run
 * src/main.ts`, live mode against the in-process cluster); after its first take-profit level sold, it is
 * killed with SIGKILL (no drain, no flush). A new process on the same database and wallet resumes the
 * position: the price rises again, the second level sells the rest. The referee shows exactly one buy and
 * two sells (level one is not taken twice), the fills match, the position closed once; a launch seen again
 * by the new process's backfill is not bought again. A graceful restart in-process keeps max hold counting
 * from the original buy.
 */
import { afterEach, describe, expect, test } from "bun:test";
import {
  botEnv, cleanupAll, landed, landedOn, launch, netOf, newAddress, newWallet, sameAmounts, SOL, spawnBotProcess, startCluster, startTestBot,
  tempDir, trade, waitFor, history,
} from "./harness.ts";
import { writeFileSync } from "node:fs";
import { noFaults, type FaultPolicy } from "../../src/sim/hooks.ts";
import { join } from "node:path";

afterEach(cleanupAll);

const BUY = SOL / 10n;

describe("e2e: a restart in the middle of a position", () => {
  test("SIGKILL after the first take-profit level: the new process sells the rest once, nothing bought or sold twice", async () => {
    const cluster = await startCluster();
    const dir = tempDir();
    const wallet = newWallet();
    cluster.api.fund(wallet.address, 20n * SOL);
    writeFileSync(join(dir, "sniper.toml"), "[exits]\ntakeProfit = [{ atBps = 5000, sellBps = 5000 }, { atBps = 15000, sellBps = 5000 }]\n");
    const env = botEnv(cluster, dir, wallet, {
      env: {
        SNIPER_FILTERS__BUY_LAMPORTS: String(BUY),
        SNIPER_EXITS__STOP_LOSS_BPS: "0",
        SNIPER_EXITS__TRAILING_STOP_BPS: "0",
        SNIPER_EXITS__MAX_HOLD_MS: "0",
        SNIPER_EXITS__EXIT_ON_CREATOR_SELL: "false",
        SNIPER_EXITS__EXIT_ON_CURVE_COMPLETE: "false",
      },
    });
    const db = history(env.SNIPER_DATA__DB_PATH!);

    const first = await spawnBotProcess(cluster, dir, env);
    const l = launch(cluster);
    const buy = await waitFor(() => landedOn(cluster, wallet.address, l.mint, "buy")[0], "our buy to land");
    await waitFor(() => db.positionState(l.mint)[0]?.status === "open", "the position to be open in the database");
    const whale = newAddress();
    trade(cluster, { trader: whale, mint: l.mint, side: "buy", lamports: 10n * SOL });
    const [sell1] = await waitFor(() => landedOn(cluster, wallet.address, l.mint, "sell").length === 1 && landedOn(cluster, wallet.address, l.mint, "sell"), "the first take-profit sell");
    await waitFor(() => {
      const s = db.positionState(l.mint)[0];
      return s?.status === "open" && (JSON.parse(s.state) as { tpDone: number }).tpDone === 1 && db.fills(l.mint, "sell").length === 1;
    }, "level one recorded (tpDone, fill)");

    await first.kill9();
    expect(first.proc.signalCode).toBe("SIGKILL");

    const second = await spawnBotProcess(cluster, dir, env);
    // The new process's backfill sees the launch again: it must not buy it again.
    await Bun.sleep(300);
    expect(landedOn(cluster, wallet.address, l.mint, "buy")).toHaveLength(1);
    expect(landedOn(cluster, wallet.address, l.mint, "sell")).toHaveLength(1);

    trade(cluster, { trader: whale, mint: l.mint, side: "buy", lamports: 15n * SOL });
    const pos = await waitFor(() => db.positions(l.mint).find((p) => p.status === "closed"), "the resumed position to close", 20_000);
    // Let any duplicate sell show itself before counting.
    await Bun.sleep(300);
    expect(await second.stop()).toBe(0);

    expect(pos.exit_reason).toBe("take_profit");
    const buys = landedOn(cluster, wallet.address, l.mint, "buy");
    const sells = landedOn(cluster, wallet.address, l.mint, "sell");
    expect(buys).toHaveLength(1);
    expect(sells).toHaveLength(2);
    expect(landed(cluster, wallet.address, true)).toHaveLength(3); // nothing else (no failed attempt) either
    expect(sells[0]!.signature).toBe(sell1!.signature);
    expect(sells[0]!.tokens).toBe(buy.tokens / 2n);
    expect(sells[0]!.tokens + sells[1]!.tokens).toBe(buy.tokens);
    const fills = db.fills(l.mint);
    expect(fills).toHaveLength(3);
    for (const t of [...buys, ...sells]) expect(sameAmounts(fills.find((f) => f.signature === t.signature)!, t)).toBe(true);
    const final = db.positions(l.mint);
    expect(final).toHaveLength(1);
    expect(final[0]!.cost_lamports).toBe(netOf(buys[0]!));
    expect(final[0]!.proceeds_lamports).toBe(netOf(sells[0]!) + netOf(sells[1]!));
    expect(final[0]!.tokens_sold).toBe(buy.tokens);
    expect((JSON.parse(db.positionState(l.mint)[0]!.state) as { tpDone: number }).tpDone).toBe(0b11);
    expect(db.intents(l.mint, "buy")).toHaveLength(1);
    expect(db.intents(l.mint, "sell").map((i) => i.status)).toEqual(["confirmed", "confirmed"]);
    expect(db.decisions(l.mint).filter((d) => d.action === "buy")).toHaveLength(1);
    expect(cluster.api.tokenBalance(wallet.address, l.mint)).toBe(0n);
  }, 60_000);

  test("SIGKILL while a sell is in flight (never lands): the new process waits for its expiry, sells once, closes once", async () => {
    let dropNext = false;
    const faults: FaultPolicy = {
      ...noFaults,
      onSendTransaction: () => {
        if (!dropNext) return "land";
        dropNext = false;
        return "never-land";
      },
    };
    const cluster = await startCluster({ faults });
    const dir = tempDir();
    const wallet = newWallet();
    cluster.api.fund(wallet.address, 20n * SOL);
    writeFileSync(join(dir, "sniper.toml"), "[exits]\ntakeProfit = []\n");
    const env = botEnv(cluster, dir, wallet, {
      env: { SNIPER_FILTERS__BUY_LAMPORTS: String(BUY), SNIPER_EXITS__STOP_LOSS_BPS: "0", SNIPER_EXITS__TRAILING_STOP_BPS: "0", SNIPER_EXITS__MAX_HOLD_MS: "0" },
    });
    const db = history(env.SNIPER_DATA__DB_PATH!);
    const first = await spawnBotProcess(cluster, dir, env);
    const l = launch(cluster, SOL);
    const buy = await waitFor(() => landedOn(cluster, wallet.address, l.mint, "buy")[0], "our buy to land");
    await waitFor(() => db.positionState(l.mint)[0]?.status === "open", "the position to be open");
    dropNext = true;
    trade(cluster, { trader: l.creator, mint: l.mint, side: "sell", tokens: l.devTokens / 10n });
    // The sell intent is durable before its send, and the position says it is exiting.
    await waitFor(() => db.intents(l.mint, "sell").length === 1 && db.positionState(l.mint)[0]?.status === "exiting", "the sell in flight");
    expect(dropNext).toBe(false);
    await first.kill9();

    const second = await spawnBotProcess(cluster, dir, env);
    const pos = await waitFor(() => db.positions(l.mint).find((p) => p.status === "closed"), "the resumed position to close", 25_000);
    await Bun.sleep(300);
    expect(await second.stop()).toBe(0);

    expect(pos.exit_reason).toBe("creator_sold");
    const sells = landedOn(cluster, wallet.address, l.mint, "sell");
    expect(sells).toHaveLength(1);
    expect(sells[0]!.tokens).toBe(buy.tokens);
    expect(landed(cluster, wallet.address, true)).toHaveLength(2);
    const intents = db.intents(l.mint, "sell");
    // The dropped attempt was reconciled, watched until its blockhash expired (never re-sent blindly), then
    // the position sent one new sell, which landed.
    expect(intents.map((i) => [i.status, i.attempts])).toEqual([["expired", 1n], ["confirmed", 1n]]);
    expect(intents[1]!.signature).toBe(sells[0]!.signature);
    const fills = db.fills(l.mint);
    expect(fills).toHaveLength(2);
    for (const t of [buy, sells[0]!]) expect(sameAmounts(fills.find((f) => f.signature === t.signature)!, t)).toBe(true);
    expect(pos.proceeds_lamports - pos.cost_lamports).toBe(netOf(sells[0]!) - netOf(buy));
    expect(cluster.api.tokenBalance(wallet.address, l.mint)).toBe(0n);
  }, 60_000);

  test("graceful restart in-process: the open position is resumed and max hold still counts from the original buy", async () => {
    const cluster = await startCluster();
    const env = { SNIPER_FILTERS__BUY_LAMPORTS: String(BUY), SNIPER_EXITS__MAX_HOLD_MS: "3000", SNIPER_EXITS__STOP_LOSS_BPS: "0", SNIPER_EXITS__TRAILING_STOP_BPS: "0" };
    const run1 = await startTestBot(cluster, { env });
    const l = launch(cluster);
    const buy = await waitFor(() => landedOn(cluster, run1.wallet.address, l.mint, "buy")[0], "our buy to land");
    await waitFor(() => run1.db.positionState(l.mint)[0]?.status === "open", "the position to be open");
    expect(await run1.stop()).toBe(0);
    // Down for a while: the hold keeps running while the bot is stopped.
    await Bun.sleep(1_500);
    const restartedAt = Date.now();
    const run2 = await startTestBot(cluster, { env, dir: run1.dir, wallet: run1.wallet });
    const pos = await waitFor(() => run2.db.positions(l.mint).find((p) => p.status === "closed"), "the resumed position to close by max hold");
    expect(pos.exit_reason).toBe("max_hold");
    // Counted from the original buy: closed at least 3 s after it, and sooner than 3 s after the restart.
    const opened = Number(pos.opened_at);
    const closed = Number(pos.closed_at);
    expect(closed - opened).toBeGreaterThanOrEqual(3_000);
    expect(closed - restartedAt).toBeLessThan(3_000);
    const sells = landedOn(cluster, run1.wallet.address, l.mint, "sell");
    expect(sells).toHaveLength(1);
    expect(sells[0]!.tokens).toBe(buy.tokens);
    expect(landedOn(cluster, run1.wallet.address, l.mint, "buy")).toHaveLength(1);
    expect(pos.proceeds_lamports - pos.cost_lamports).toBe(netOf(sells[0]!) - netOf(buy));
  }, 30_000);
});
