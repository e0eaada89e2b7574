/**
 * A dropped transaction is retried and not double-bought (or double-sold): the cluster accepts our first buy and never
 * lands it (never-land fault, first send only). The executor waits for that blockhash to expire, checks
 * the attempt did not land, and re-signs with a fresh blockhash. The referee shows exactly one landed buy
 * of the mint (the second attempt), the intent row says two attempts, one fill, one position.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createFaultPolicy } from "../../src/sim/faults/index.ts";
import { noFaults, type FaultPolicy } from "../../src/sim/hooks.ts";
import { cleanupAll, firstBackfillDone, landed, landedOn, launch, netOf, sameAmounts, SOL, startCluster, startTestBot, trade, waitFor } from "./harness.ts";

afterEach(cleanupAll);

describe("e2e: a dropped transaction", () => {
  test("never-land on the first buy: retried after blockhash expiry with a fresh blockhash, exactly one buy landed, attempts = 2", async () => {
    const faults = createFaultPolicy({ rules: ["never-land:rate=1,max=1"], seed: 3 });
    // 10 ms slots: a blockhash expires 150 slots (1.5 s) after it was issued.
    const cluster = await startCluster({ faults, slotMs: 10 });
    const run = await startTestBot(cluster, { env: { SNIPER_FILTERS__BUY_LAMPORTS: String(SOL / 10n), SNIPER_EXITS__MAX_HOLD_MS: "0", SNIPER_UI__ENDPOINT_PROBE_MS: "600000", SNIPER_LISTENER__BACKFILL__SETTLE_MS: "0" } });
    await firstBackfillDone(run);
    // The referee counts every HTTP request inside the ~1 ms window, background ones too: launch right after
    // a blockhash refresh (every 50 ms here), so the next background request falls well after the send.
    const refreshes = () => cluster.referee.requests.filter((q) => q.method === "getLatestBlockhash").length;
    const seen = refreshes();
    await waitFor(() => refreshes() > seen, "a blockhash refresh");
    const l = launch(cluster);

    const intent = await waitFor(() => {
      const i = run.db.intents(l.mint, "buy")[0];
      return i?.status === "confirmed" && i;
    }, "the buy intent to be confirmed", 20_000);
    expect(faults.stats().injected["never-land"]).toBe(1);

    const buys = landedOn(cluster, run.wallet.address, l.mint, "buy");
    expect(buys).toHaveLength(1);
    expect(landed(cluster, run.wallet.address, true)).toHaveLength(1); // the dropped attempt never landed at all
    expect(intent.attempts).toBe(2n);
    expect(intent.signature).toBe(buys[0]!.signature);
    const detail = JSON.parse(intent.detail!) as { attempts: { signature: string; blockhash: string; lastValidBlockHeight: number }[] };
    expect(detail.attempts).toHaveLength(2);
    const [first, second] = detail.attempts;
    expect(second!.signature).toBe(buys[0]!.signature);
    expect(first!.signature).not.toBe(second!.signature);
    expect(second!.blockhash).not.toBe(first!.blockhash);
    expect(second!.lastValidBlockHeight).toBeGreaterThan(first!.lastValidBlockHeight);
    // The referee saw the first attempt arrive (it is the mint's first tx of our wallet) and never land.
    const ours = cluster.referee.report().mints.find((m) => m.mint === l.mint)!.wallets.find((w) => w.wallet === run.wallet.address)!;
    expect(ours.firstTxSignature).toBe(first!.signature);
    expect(ours.rpcCallsBetween.count).toBe(0);

    const fills = await waitFor(() => run.db.fills(l.mint).length > 0 && run.db.fills(l.mint), "the fill row");
    expect(fills).toHaveLength(1);
    expect(sameAmounts(fills[0]!, buys[0]!)).toBe(true);
    expect(run.db.positions(l.mint)).toHaveLength(1);
    expect(run.db.intents(l.mint)).toHaveLength(1);
    expect(run.db.decisions(l.mint)).toHaveLength(1);
  }, 30_000);

  test("a dropped sell: the exit's first sell never lands, the retry sells once, the position closes once", async () => {
    // A fault seam of the cluster (src/sim/hooks.ts): the next accepted transaction never lands once armed.
    let dropNext = false;
    const faults: FaultPolicy = {
      ...noFaults,
      onSendTransaction: () => {
        if (!dropNext) return "land";
        dropNext = false;
        return "never-land";
      },
    };
    const cluster = await startCluster({ faults, slotMs: 10 });
    const run = await startTestBot(cluster, { toml: "[exits]\ntakeProfit = []\n", env: { SNIPER_FILTERS__BUY_LAMPORTS: String(SOL / 10n), SNIPER_EXITS__STOP_LOSS_BPS: "0", SNIPER_EXITS__TRAILING_STOP_BPS: "0", SNIPER_EXITS__MAX_HOLD_MS: "0" } });
    const l = launch(cluster, SOL);
    const buy = await waitFor(() => landedOn(cluster, run.wallet.address, l.mint, "buy")[0], "our buy to land");
    await waitFor(() => run.db.positionState(l.mint)[0]?.status === "open", "the position to be open");
    dropNext = true;
    trade(cluster, { trader: l.creator, mint: l.mint, side: "sell", tokens: l.devTokens / 10n });

    const pos = await waitFor(() => run.db.positions(l.mint).find((p) => p.status === "closed"), "the position to close", 20_000);
    expect(dropNext).toBe(false);
    expect(pos.exit_reason).toBe("creator_sold");
    const sells = landedOn(cluster, run.wallet.address, l.mint, "sell");
    expect(sells).toHaveLength(1);
    expect(sells[0]!.tokens).toBe(buy.tokens);
    expect(landed(cluster, run.wallet.address, true)).toHaveLength(2);
    const intents = run.db.intents(l.mint, "sell");
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({ status: "confirmed", attempts: 2n, signature: sells[0]!.signature });
    const fills = await waitFor(() => run.db.fills(l.mint, "sell").length > 0 && run.db.fills(l.mint, "sell"), "the sell's fill row");
    expect(fills).toHaveLength(1);
    expect(sameAmounts(fills[0]!, sells[0]!)).toBe(true);
    expect(pos.proceeds_lamports - pos.cost_lamports).toBe(netOf(sells[0]!) - netOf(buy));
  }, 30_000);
});
