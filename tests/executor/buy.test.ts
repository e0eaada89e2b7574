import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { deriveAssociatedTokenAddress } from "../../src/chain/pump/index.ts";
import { createHttpRpcClient } from "../../src/chain/rpc/http-client.ts";
import { initialCurve, MAINNET_FEES, quoteBuyWithSol, sellSolForTokens, applyBuy } from "../../src/domain/curve.ts";
import { MemoryJournal, networkFee, rpcSenders, type IntentJournal, type TxSender } from "../../src/executor/index.ts";
import type { SimCluster } from "../../src/sim/cluster/index.ts";
import { cluster, fundedWallet, landed, launch, startExecutor, until } from "./helpers.ts";

let c: SimCluster;
const stops: AbortController[] = [];
beforeAll(async () => {
  c = await cluster();
});
afterAll(async () => {
  for (const a of stops) a.abort();
  await c.stop();
});

describe("executor against the simulated cluster", () => {
  test("a buy lands with the quoted amounts and fees; the outcome carries the exact fill", async () => {
    const signer = fundedWallet(c);
    const { ex, outcomes, ac, journal } = await startExecutor(c, { signer });
    stops.push(ac);
    const req = launch(c, 100_000_000n);
    const res = ex.buy(req);
    expect(res.ok).toBe(true);
    expect(ex.inFlight()).toBe(1);
    await until(() => outcomes.length === 1, 8000, "outcome");
    const q = quoteBuyWithSol(initialCurve(), 100_000_000n, MAINNET_FEES);
    const txs = landed(c, signer.address);
    expect(txs.length).toBe(1);
    const t = txs[0]!;
    expect(t.err).toBeNull();
    expect(t.side).toBe("buy");
    expect(t.mint).toBe(req.mint);
    expect(t.sol).toBe(q.solAmount);
    expect(t.tokens).toBe(q.tokens);
    expect(t.fee).toBe(q.fee);
    expect(t.creatorFee).toBe(q.creatorFee);
    expect(t.txFee).toBe(networkFee(100_000, 10_000n));
    const o = outcomes[0]!;
    expect(o.type).toBe("order.confirmed");
    if (o.type !== "order.confirmed") throw new Error("unreachable");
    expect(o.tokens).toBe(q.tokens);
    expect(o.lamports).toBe(q.solAmount);
    expect(o.feeLamports).toBe(q.fee + q.creatorFee + t.txFee);
    expect(o.signature).toBe(res.ok ? res.signature : "");
    expect(c.api.tokenBalance(signer.address, req.mint)).toBe(q.tokens);
    expect((journal as MemoryJournal).intents.get(o.intentId)?.status).toBe("confirmed");
    expect(ex.inFlight()).toBe(0);

    // The same mint is never bought twice (the journal holds every mint with a buy intent).
    const again = ex.buy({ ...req });
    expect(again).toEqual({ ok: false, reason: "mint already bought" });

    // A sell of every token with minSolOutput lands and closes the token account.
    const after = applyBuy(initialCurve(), q.tokens, q.solAmount);
    const sq = sellSolForTokens(after, q.tokens, MAINNET_FEES);
    const s = ex.sell({ ...req, positionId: "p1", tokens: q.tokens, minSolOutput: sq.net - 1n, reason: "take_profit", triggeredAt: 0, closeAccount: true });
    expect(s.ok).toBe(true);
    expect(ex.sell({ ...req, positionId: "p1", tokens: q.tokens, minSolOutput: 0n, reason: "take_profit", triggeredAt: 0, closeAccount: true }).ok).toBe(false);
    await until(() => outcomes.length === 2, 8000, "sell outcome");
    const so = outcomes[1]!;
    expect(so.type).toBe("order.confirmed");
    if (so.type !== "order.confirmed") throw new Error("unreachable");
    expect(so.side).toBe("sell");
    expect(so.positionId).toBe("p1");
    expect(so.tokens).toBe(q.tokens);
    expect(so.lamports).toBe(sq.solAmount);
    const sells = landed(c, signer.address).filter((x) => x.side === "sell");
    expect(sells.length).toBe(1);
    expect(sells[0]!.sol).toBe(sq.solAmount);
    // The account's rent came back: the wallet is down exactly what the two fills say.
    const ata = deriveAssociatedTokenAddress(signer.address, req.mint, req.tokenProgram).address;
    expect(c.api.balance(ata)).toBe(0n);
    expect(c.api.balance(signer.address)).toBe(10_000_000_000n - (o.lamports + o.feeLamports) + (so.lamports - so.feeLamports));
  });

  test("a sell that closes an account still holding tokens fails retryable with accountNotEmpty; without the close it lands", async () => {
    const signer = fundedWallet(c);
    const { ex, outcomes, ac } = await startExecutor(c, { signer });
    stops.push(ac);
    const req = launch(c, 50_000_000n);
    expect(ex.buy(req).ok).toBe(true);
    await until(() => outcomes.length === 1);
    const bought = outcomes[0]!;
    if (bought.type !== "order.confirmed") throw new Error("buy failed");
    const half = bought.tokens / 2n;
    const sell = { ...req, positionId: "p3", tokens: half, minSolOutput: 1n, reason: "take_profit" as const, triggeredAt: 0 };
    expect(ex.sell({ ...sell, closeAccount: true }).ok).toBe(true);
    await until(() => outcomes.length === 2);
    const refused = outcomes[1]!;
    expect(refused).toMatchObject({ type: "order.failed", side: "sell", retryable: true, accountNotEmpty: true, positionId: "p3" });
    if (refused.type !== "order.failed") throw new Error("unreachable");
    expect(refused.reason).toContain("token account not empty");
    expect(c.api.tokenBalance(signer.address, req.mint)).toBe(bought.tokens);
    expect(ex.sell({ ...sell, closeAccount: false }).ok).toBe(true);
    await until(() => outcomes.length === 3);
    expect(outcomes[2]).toMatchObject({ type: "order.confirmed", side: "sell", tokens: half });
    expect(c.api.tokenBalance(signer.address, req.mint)).toBe(bought.tokens - half);
  });

  test("the intent is journaled before the send, and buy() makes no RPC call other than the send", async () => {
    const signer = fundedWallet(c);
    const order: string[] = [];
    const inner = new MemoryJournal();
    const journal: IntentJournal = {
      recordIntent: (i) => { order.push("journal:" + i.attempts[0]!.signature); inner.recordIntent(i); },
      recordAttempt: (id, a) => inner.recordAttempt(id, a),
      markSent: (id, s) => inner.markSent(id, s),
      markConfirmed: (id, f) => inner.markConfirmed(id, f),
      markFailed: (id, r, st) => inner.markFailed(id, r, st),
      pendingIntents: () => inner.pendingIntents(),
      hasBuyIntent: (m) => inner.hasBuyIntent(m),
    };
    const methods: string[] = [];
    const rpc = createHttpRpcClient({ endpoints: [c.httpUrl], onRequest: (m) => methods.push(m) });
    const base = rpcSenders(rpc);
    const senders: TxSender[] = base.map((s) => ({ name: s.name, send: (tx, sig) => { order.push("send:" + tx.signature); return s.send(tx, sig); } }));
    const { ex, outcomes, ac } = await startExecutor(c, { signer, journal, rpc, senders });
    stops.push(ac);
    const req = launch(c);
    methods.length = 0;
    const res = ex.buy(req);
    const during = [...methods];
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(order).toEqual(["journal:" + res.signature, "send:" + res.signature]);
    // The send request was already issued when buy() returned, and nothing else was.
    expect(during).toEqual(["sendTransaction"]);
    await until(() => outcomes.length === 1);
    expect(outcomes[0]!.type).toBe("order.confirmed");
  });

  test("slippage: a buy below minTokensOut fails (not retryable), a sell below minSolOutput fails retryable", async () => {
    const signer = fundedWallet(c);
    const { ex, outcomes, ac } = await startExecutor(c, { signer });
    stops.push(ac);
    const q = quoteBuyWithSol(initialCurve(), 50_000_000n, MAINNET_FEES);
    const req = launch(c, 50_000_000n, q.tokens + 1n);
    expect(ex.buy(req).ok).toBe(true);
    await until(() => outcomes.length === 1);
    const o = outcomes[0]!;
    expect(o.type).toBe("order.failed");
    if (o.type !== "order.failed") throw new Error("unreachable");
    expect(o.reason).toContain("slippage");
    expect(o.retryable).toBe(false);
    // The mint stays bought: a failed buy is not repeated.
    expect(ex.buy({ ...req, minTokensOut: 1n }).ok).toBe(false);

    const req2 = launch(c, 50_000_000n);
    expect(ex.buy(req2).ok).toBe(true);
    await until(() => outcomes.length === 2);
    const bought = outcomes[1]!;
    if (bought.type !== "order.confirmed") throw new Error("buy failed");
    expect(ex.sell({ ...req2, positionId: "p2", tokens: bought.tokens, minSolOutput: 10n ** 12n, reason: "stop_loss", triggeredAt: 0, closeAccount: true }).ok).toBe(true);
    await until(() => outcomes.length === 3);
    const s = outcomes[2]!;
    expect(s.type).toBe("order.failed");
    if (s.type !== "order.failed") throw new Error("unreachable");
    expect(s.retryable).toBe(true);
    expect(s.positionId).toBe("p2");
    expect(s.reason).toContain("slippage");
    expect(s.accountNotEmpty).toBeUndefined();
  });

  test("fan-out to two endpoints sends to both and lands once", async () => {
    const signer = fundedWallet(c);
    const { ex, outcomes, ac } = await startExecutor(c, { signer, rpcOptions: { endpoints: [c.httpUrl, c.httpUrl + "/second"] } });
    stops.push(ac);
    expect(ex.senders.length).toBe(2);
    const before = c.referee.requests.filter((r) => r.method === "sendTransaction" && r.wallet === signer.address).length;
    const req = launch(c);
    expect(ex.buy(req).ok).toBe(true);
    await until(() => outcomes.length === 1);
    const sends = c.referee.requests.filter((r) => r.method === "sendTransaction" && r.wallet === signer.address).length - before;
    expect(sends).toBe(2);
    expect(landed(c, signer.address).filter((t) => t.mint === req.mint).length).toBe(1);
  });

  test("the dynamic priority fee respects its cap (the landed fee shows it)", async () => {
    const signer = fundedWallet(c);
    const fakeFees = createHttpRpcClient({ endpoints: [c.httpUrl] });
    const rpc = { ...fakeFees, getRecentPrioritizationFees: async () => [{ slot: 1, prioritizationFee: 5_000_000 }, { slot: 2, prioritizationFee: 9_000_000 }] };
    const { ex, outcomes, ac } = await startExecutor(c, {
      signer,
      rpc,
      settings: { priorityFee: { mode: "dynamic", percentile: 90, capMicroLamports: 20_000n, floorMicroLamports: 1_000n, refreshMs: 20 } },
    });
    stops.push(ac);
    await until(() => ex.priorityFee.current() === 20_000n, 2000, "fee refresh");
    const req = launch(c);
    expect(ex.buy(req).ok).toBe(true);
    await until(() => outcomes.length === 1);
    expect(landed(c, signer.address)[0]!.txFee).toBe(networkFee(100_000, 20_000n));
  });

  test("refusals: not ready before reconcile, stale blockhash", async () => {
    const signer = fundedWallet(c);
    const { ex, ac } = await startExecutor(c, { signer, settings: { maxBlockhashAgeMs: 1 } });
    stops.push(ac);
    ac.abort();
    await Bun.sleep(20);
    expect(ex.buy(launch(c))).toEqual({ ok: false, reason: "blockhash stale" });
    ex.stopAccepting();
    // Draining takes no orders at all: `unavailable`, so a position's sell waits instead of counting a failure.
    expect(ex.buy(launch(c))).toEqual({ ok: false, reason: "executor draining", unavailable: true });
    const sell = { ...launch(c), positionId: "p-drain", tokens: 1n, minSolOutput: 1n, reason: "stop_loss" as const, triggeredAt: 0, closeAccount: false };
    expect(ex.sell(sell)).toEqual({ ok: false, reason: "executor draining", unavailable: true });
  });

  test("a send every endpoint rejects (no funds for the fee) fails at once with the node's reason", async () => {
    const { createSigner } = await import("../../src/chain/signer.ts");
    const broke = createSigner(new Uint8Array(32).fill(201));
    const { ex, outcomes, ac } = await startExecutor(c, { signer: broke });
    stops.push(ac);
    expect(ex.buy(launch(c)).ok).toBe(true);
    await until(() => outcomes.length === 1);
    const o = outcomes[0]!;
    expect(o.type).toBe("order.failed");
    if (o.type !== "order.failed") return;
    expect(o.reason).toContain("rejected");
    expect(o.reason).toContain("InsufficientFundsForFee");
  });

  test("a journal that cannot record refuses the buy: nothing is sent and the mint may be tried again", async () => {
    const signer = fundedWallet(c);
    const inner = new MemoryJournal();
    let broken = true;
    const journal: IntentJournal = {
      recordIntent: (i) => { if (broken) throw new Error("disk full"); inner.recordIntent(i); },
      recordAttempt: (id, a) => inner.recordAttempt(id, a),
      markSent: (id, s) => inner.markSent(id, s),
      markConfirmed: (id, f) => inner.markConfirmed(id, f),
      markFailed: (id, r, st) => inner.markFailed(id, r, st),
      pendingIntents: () => inner.pendingIntents(),
      hasBuyIntent: (m) => inner.hasBuyIntent(m),
    };
    const { ex, outcomes, ac, methods } = await startExecutor(c, { signer, journal });
    stops.push(ac);
    const req = launch(c);
    methods.length = 0;
    const res = ex.buy(req);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toContain("disk full");
    expect(methods).not.toContain("sendTransaction");
    broken = false;
    expect(ex.buy(req).ok).toBe(true);
    // Sent, not yet confirmed: a second buy in the same turn is refused all the same.
    expect(ex.buy(req)).toEqual({ ok: false, reason: "mint already bought" });
    await until(() => outcomes.length === 1);
    expect(landed(c, signer.address).length).toBe(1);
  });
});
