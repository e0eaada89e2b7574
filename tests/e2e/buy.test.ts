/**
 * A launch is bought, checked against the referee: the buy landed with exactly the amounts the database
 * recorded, one position opened, the decision says buy, and no RPC call sat between the launch
 * notification and our send. Paper mode: the same pipeline records a curve-math fill and sends nothing.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { initialCurve, MAINNET_FEES, quoteBuyWithSol } from "../../src/domain/curve.ts";
import { FILL_COLUMNS } from "../../src/store/fill-rows.ts";
import { parseCsv } from "../store/helpers.ts";
import { cleanupAll, firstBackfillDone, landed, landedOn, launch, netOf, newAddress, sameAmounts, SOL, startCluster, startTestBot, trade, waitFor } from "./harness.ts";

afterEach(cleanupAll);

describe("e2e: a launch is bought", () => {
  test("live against the cluster: referee amounts = fill row, one position, decision buy, 0 RPC calls on the hot path", async () => {
    const cluster = await startCluster();
    // The referee counts every HTTP request inside the ~1 ms window, the bot's background ones too
    // (blockhash refresh, endpoint probes, the backfill of the first subscription): slow those down or let
    // them finish first, so that only a hot-path call could show up.
    const run = await startTestBot(cluster, {
      env: {
        SNIPER_LISTENER__BACKFILL__SETTLE_MS: "0",
        SNIPER_FILTERS__BUY_LAMPORTS: String(SOL / 10n),
        SNIPER_EXECUTOR__BLOCKHASH_REFRESH_MS: "5000",
        SNIPER_EXECUTOR__MAX_BLOCKHASH_AGE_MS: "60000",
        SNIPER_UI__ENDPOINT_PROBE_MS: "600000",
      },
    });
    await firstBackfillDone(run);
    const l = launch(cluster);

    const [buy] = await waitFor(() => landedOn(cluster, run.wallet.address, l.mint, "buy").length > 0 && landedOn(cluster, run.wallet.address, l.mint, "buy"), "our buy to land");
    const fill = await waitFor(() => run.db.fills(l.mint, "buy")[0], "the buy's fill row");
    const pos = await waitFor(() => run.db.positions(l.mint)[0], "the position row");
    // The fill and position rows commit with the intent's confirmation; decisions and launches by write-behind.
    await waitFor(() => run.db.decisions(l.mint).length > 0 && run.db.launches().some((x) => x.mint === l.mint), "the decision and launch rows");

    // The referee's record of the landed buy is exactly what the database holds.
    expect(landedOn(cluster, run.wallet.address, l.mint)).toHaveLength(1);
    expect(buy!.side).toBe("buy");
    expect(sameAmounts(fill, buy!)).toBe(true);
    expect(buy!.sol).toBe(SOL / 10n - buy!.fee - buy!.creatorFee); // buy_exact_sol_in: the whole amount went in
    expect(run.db.positions(l.mint)).toHaveLength(1);
    expect(pos).toMatchObject({ status: "open", mode: "live", tokens_bought: buy!.tokens, cost_lamports: netOf(buy!) });
    expect(run.db.decisions(l.mint)).toEqual([{ mint: l.mint, action: "buy", reason: "filters passed" }]);
    expect(run.db.intents(l.mint)).toMatchObject([{ side: "buy", status: "confirmed", signature: buy!.signature, attempts: 1n }]);
    expect(run.db.launches().map((x) => x.mint)).toContain(l.mint);

    // Hot path: the referee saw no HTTP call of any kind between the notification and our send.
    const report = cluster.referee.report();
    const m = report.mints.find((x) => x.mint === l.mint)!;
    expect(m.notifications.length).toBeGreaterThan(0);
    const ours = m.wallets.find((w) => w.wallet === run.wallet.address)!;
    expect(ours.firstTxSignature).toBe(buy!.signature);
    expect(ours.rpcCallsBetween).toEqual({ count: 0, methods: {} });
    expect(ours.notifyToSendMs).not.toBeNull();

    // The daily CSV's buy row carries the launch's symbol and name, though the buy confirmed within the
    // launch row's write-behind linger (the launch row commits with the fill).
    expect(await run.stop()).toBe(0);
    const dir = join(run.dir, "logs", "trades");
    const rows = readdirSync(dir)
      .flatMap((f) => parseCsv(readFileSync(join(dir, f), "utf8")))
      .map((r) => Object.fromEntries(FILL_COLUMNS.map((c, i) => [c, r[i]])));
    expect(rows.filter((r) => r.mint === l.mint)).toMatchObject([{ side: "buy", symbol: "E2E", name: "E2E", signature: buy!.signature }]);
  });

  test("paper mode: bought in the database with curve-math amounts, nothing sent (the referee has no transaction of ours)", async () => {
    const cluster = await startCluster();
    const run = await startTestBot(cluster, { mode: "paper", env: { SNIPER_FILTERS__BUY_LAMPORTS: String(SOL / 10n), SNIPER_FILTERS__NAME_DENY: "^TWIN" } });
    const l = launch(cluster);
    // A twin launch (skipped by the name filter) bought for real by another trader: what the chain pays.
    const twin = launch(cluster, 0n, "TWIN");
    const real = trade(cluster, { trader: newAddress(), mint: twin.mint, side: "buy", lamports: SOL / 10n });

    const fill = await waitFor(() => run.db.fills(l.mint, "buy")[0], "the paper fill row");
    const pos = await waitFor(() => run.db.positions(l.mint)[0], "the paper position");
    await waitFor(() => run.db.decisions(l.mint).length > 0, "the decision row");
    expect(run.db.decisions(l.mint)).toEqual([{ mint: l.mint, action: "buy", reason: "filters passed" }]);
    expect(pos).toMatchObject({ status: "open", mode: "paper" });
    // Curve math on the launch's reserves, and the same amounts the program gave a real 0.1 SOL buy.
    const q = quoteBuyWithSol(initialCurve(), SOL / 10n, MAINNET_FEES);
    expect(fill).toMatchObject({ tokens: q.tokens, lamports: q.solAmount, fee_protocol: q.fee, fee_creator: q.creatorFee });
    expect(fill.tokens).toBe(real.tokenAmount);
    expect(fill.lamports).toBe(real.solAmount);
    await waitFor(() => run.db.decisions(twin.mint)[0], "the twin's skip decision");
    expect(run.db.decisions(twin.mint)[0]).toMatchObject({ action: "skip" });
    // Nothing of ours ever reached the cluster.
    expect(landed(cluster, run.wallet.address, true)).toHaveLength(0);
    expect(cluster.referee.walletTxs.has(run.wallet.address)).toBe(false);
    const ref = cluster.referee.report().mints.find((x) => x.mint === l.mint);
    expect(ref?.wallets ?? []).toHaveLength(0);
    expect(cluster.referee.requests.some((r) => r.method === "sendTransaction")).toBe(false);
  });
});
