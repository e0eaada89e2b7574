import { afterEach, describe, expect, test } from "bun:test";
import { createBuyRehearsal, RECYCLE_EVERY, refusingRpc, type ScratchExecutor, type ScratchJournals } from "../../src/executor/buy-rehearsal.ts";
import { BUY_EVERY_PASSES, BUY_RAMP_PASSES, isBuyPass } from "../../src/executor/hot-path-warmer.ts";
import { MemoryJournal, type IntentJournal } from "../../src/executor/journal.ts";
import type { ExecutorEvent } from "../../src/executor/index.ts";
import { createSendRehearsal } from "../../src/executor/send-rehearsal.ts";
import { initialCurve } from "../../src/domain/curve.ts";
import type { OrderOutcome } from "../../src/pipeline/orders.ts";
import type { SimCluster } from "../../src/sim/cluster/index.ts";
import { cluster, countingSigner, fundedWallet, launch, recordingSender, startExecutor, until } from "./helpers.ts";

/** Scratch journals over MemoryJournals, each kept for inspection; counts closes. */
function memoryJournals(): ScratchJournals & { made: MemoryJournal[]; closed: number } {
  const out = {
    made: [] as MemoryJournal[],
    closed: 0,
    fresh(): IntentJournal {
      const j = new MemoryJournal();
      out.made.push(j);
      return j;
    },
    close() {
      out.closed++;
    },
  };
  return out;
}

describe("the warm-up's rehearsed buy", () => {
  test("abandons the previous order before each buy, recycles executor and journal every RECYCLE_EVERY, reports only the first failure, and stops at close", () => {
    const log: string[] = [];
    const journals = memoryJournals();
    let refuse = false;
    const executors: number[] = [];
    const failures: unknown[] = [];
    const r = createBuyRehearsal({
      journals,
      executorFor: (journal): ScratchExecutor => {
        const n = executors.push(journals.made.indexOf(journal as MemoryJournal));
        return {
          buy: () => (log.push(`buy@${n}`), refuse ? { ok: false, reason: "blockhash stale" } : { ok: true, intentId: "i", signature: "s" }),
          abandonAll: () => (log.push(`abandon@${n}`), 1),
        };
      },
      onFirstFailure: (e) => failures.push(e),
    });
    const req = { ...launchLike(), positionId: "p" };
    r.buy(req, initialCurve());
    r.buy(req, initialCurve());
    expect(log).toEqual(["abandon@1", "buy@1", "abandon@1", "buy@1"]);
    expect(r.sent).toBe(2);
    for (let i = 2; i < RECYCLE_EVERY; i++) r.buy(req, initialCurve());
    // The RECYCLE_EVERY-th rehearsal abandons the old executor's order, then runs on a new executor and journal.
    expect(executors).toEqual([0, 1]);
    expect(log.slice(-2)).toEqual([`abandon@1`, `buy@2`]);
    refuse = true;
    r.buy(req, initialCurve());
    r.buy(req, initialCurve());
    expect(r.failures).toBe(2);
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toContain("blockhash stale");
    r.failed(new Error("send"));
    expect(r.failures).toBe(3);
    expect(failures).toHaveLength(1);
    r.close();
    r.close();
    expect(journals.closed).toBe(1);
    expect(log.at(-1)).toBe("abandon@2");
    const before = log.length;
    r.buy(req, initialCurve());
    expect(log.length).toBe(before);
  });

  test("the scratch executor's RPC refuses every call, and is no thenable", async () => {
    expect(refusingRpc.endpointCount).toBe(0);
    expect(refusingRpc.getSignatureStatuses(["x"], false)).rejects.toThrow(/scratch executor called the RPC \(getSignatureStatuses\)/);
    expect(refusingRpc.getLatestBlockhash("confirmed")).rejects.toThrow(/getLatestBlockhash/);
    expect(await Promise.resolve(refusingRpc)).toBe(refusingRpc);
  });
});

/** A buy request's fields for a made-up launch (the fake executors above never read them). */
function launchLike() {
  return { mint: "m", bondingCurve: "b", creator: "c", tokenProgram: "t", lamports: 1n, minTokensOut: 1n, launchReceivedAt: 0, launchSignature: "s" };
}

describe("the rehearsed buy inside an executor", () => {
  let c: SimCluster | undefined;
  afterEach(async () => {
    await c?.stop();
    c = undefined;
  });

  test("on the ramp's passes and then every BUY_EVERY_PASSES a whole buy runs through a scratch executor: throwaway key, scratch journal, the sink; nothing reaches the wallet, the real journal, senders, outcomes or RPC", async () => {
    c = await cluster();
    const wallet = countingSigner(fundedWallet(c));
    const sender = recordingSender();
    const journals = memoryJournals();
    const events: ExecutorEvent[] = [];
    const { ex, journal, outcomes, ac, methods } = await startExecutor(c, {
      signer: wallet,
      senders: [sender],
      onEvent: (e) => events.push(e),
      settings: { warmIntervalMs: 1, rehearseLaunchPath: true },
      sendRehearsal: createSendRehearsal,
      scratchJournal: () => journals,
    });
    const b = ex.buyRehearsal!;
    expect(b).toBeDefined();
    await until(() => b.sent >= 10, 3_000, "10 rehearsed buys");
    expect(b.failures).toBe(0);
    const passes = ex.warmer!.passes;
    expect(b.sent).toBeLessThanOrEqual(Array.from({ length: passes }, (_, i) => isBuyPass(i)).filter(Boolean).length);
    // Each went to the sink through the send rehearsal's sender, journaled in the scratch journal only.
    await until(() => ex.sendRehearsal!.sink.answered >= 10, 2_000, "the sink's answers");
    const scratch = journals.made[0]!;
    const rehearsed = [...scratch.intents.values()];
    expect(rehearsed.length).toBeGreaterThanOrEqual(10);
    expect(rehearsed.every((i) => i.side === "buy" && i.params.side === "buy" && i.params.lamports > 0n && i.params.expectedTokens > 0n)).toBe(true);
    // Every one but the last is abandoned: failed in the scratch journal, never an outcome of the real executor.
    const settled = rehearsed.filter((i) => i.status === "failed");
    expect(settled.length).toBeGreaterThanOrEqual(rehearsed.length - 1);
    expect(settled.every((i) => scratch.reasons.get(i.id) === "warm-up rehearsal")).toBe(true);
    expect(ex.inFlight()).toBe(0);
    expect(outcomes).toEqual([]);
    expect(journal.pendingIntents()).toEqual([]);
    expect(sender.sent).toEqual([]);
    expect(events.filter((e) => e.type === "executor.error")).toEqual([]);
    // The wallet never signed; the node never got a transaction (its RPC and the referee say so).
    expect(wallet.count).toBe(0);
    expect(methods).not.toContain("sendTransaction");
    expect(c.referee.report().requests.byMethod.sendTransaction ?? 0).toBe(0);

    // A real buy is the real executor's only order, sent to the real sender (which keeps it) and journaled in the real journal.
    const req = launch(c);
    const res = ex.buy(req);
    expect(res.ok).toBe(true);
    await until(() => sender.sent.length === 1, 2_000, "the real send");
    expect(sender.sent).toEqual([res.ok ? res.signature : ""]);
    expect(journal.pendingIntents().map((i) => i.mint)).toEqual([req.mint]);
    expect(ex.inFlight()).toBe(1);
    expect(rehearsed.some((i) => i.mint === req.mint)).toBe(false);

    ac.abort();
    expect(ex.buyRehearsal).toBeUndefined();
    expect(journals.closed).toBe(1);
    const made = journals.made.length;
    const count = b.sent;
    await Bun.sleep(20);
    expect(b.sent).toBe(count);
    expect(journals.made.length).toBe(made);
  });

  test("a step of the pass may rehearse the pass's buy with its own request (the bot gives the gate's); the pass's own request runs only when no step did", async () => {
    c = await cluster();
    const journals = memoryJournals();
    // A period no timer reaches: the test runs the passes itself.
    const { ex, ac } = await startExecutor(c, { signer: fundedWallet(c), settings: { warmIntervalMs: 60_000, rehearseLaunchPath: true }, sendRehearsal: createSendRehearsal, scratchJournal: () => journals });
    const w = ex.warmer!;
    // Past the ramp (every pass a buy), so the cadence below is the steady one.
    for (let i = 0; i < BUY_RAMP_PASSES; i++) w.warm();
    const rampBuys = journals.made.reduce((n, j) => n + j.intents.size, 0);
    expect(rampBuys).toBe(BUY_RAMP_PASSES);
    const stepMints: string[] = [];
    let stepBuys = true;
    const dueSeen: boolean[] = [];
    const notDue: boolean[] = [];
    const spare = { ...launch(c), positionId: "p" };
    w.addStep(() => {
      dueSeen.push(ex.buyRehearsalDue);
      // Not due: refused, nothing rehearsed.
      if (!ex.buyRehearsalDue) return void notDue.push(ex.rehearseBuy(spare, undefined));
      if (!stepBuys) return;
      const req = launch(c!);
      stepMints.push(req.mint);
      expect(ex.rehearseBuy({ ...req, positionId: "p" }, undefined)).toBe(true);
      // Once per pass: a second call in the same pass reports it done and rehearses nothing more.
      expect(ex.buyRehearsalDue as boolean).toBe(false);
      expect(ex.rehearseBuy({ ...launch(c!), positionId: "p" }, undefined)).toBe(true);
    });
    // The rehearsals after the ramp (the journal recycled at the ramp's end holds them, after the ramp's last).
    const scratchMints = (): string[] => [...journals.made.at(-1)!.intents.values()].map((i) => i.mint).slice(1);
    for (let i = 0; i < 2 * BUY_EVERY_PASSES; i++) w.warm();
    // Due on the first and the BUY_EVERY_PASSES-th pass after the ramp only; each rehearsed the step's request, not the pass's own.
    expect(dueSeen.map((d, i) => (d ? i : -1)).filter((i) => i >= 0)).toEqual([0, BUY_EVERY_PASSES]);
    expect(stepMints).toHaveLength(2);
    expect(scratchMints()).toEqual(stepMints);
    expect(notDue).toEqual(Array(2 * BUY_EVERY_PASSES - 2).fill(false));
    // No step rehearsing: the pass's own request (a fresh mint of the warm-up's) is rehearsed instead.
    stepBuys = false;
    for (let i = 0; i < BUY_EVERY_PASSES; i++) w.warm();
    expect(scratchMints()).toHaveLength(3);
    expect(stepMints).not.toContain(scratchMints()[2]);
    expect(ex.buyRehearsal!.failures).toBe(0);
    ac.abort();
  });

  test("without a send rehearsal or a scratch journal no buy is rehearsed (the warm-up signs and posts as before)", async () => {
    c = await cluster();
    let asked = 0;
    const a = await startExecutor(c, { signer: fundedWallet(c), settings: { warmIntervalMs: 1, rehearseLaunchPath: true }, scratchJournal: () => (asked++, memoryJournals()) });
    await until(() => a.ex.warmer!.passes >= 20, 3_000, "warm passes");
    expect(a.ex.buyRehearsal).toBeUndefined();
    expect(asked).toBe(0);
    a.ac.abort();
    const b = await startExecutor(c, { signer: fundedWallet(c), settings: { warmIntervalMs: 1, rehearseLaunchPath: true }, sendRehearsal: createSendRehearsal });
    await until(() => (b.ex.sendRehearsal?.sink.answered ?? 0) >= 3, 3_000, "rehearsed posts");
    expect(b.ex.buyRehearsal).toBeUndefined();
    b.ac.abort();
  });

  test("abandonAll settles every order in flight as failed, once, with the reason", async () => {
    c = await cluster();
    const { ex, journal, outcomes, ac } = await startExecutor(c, { signer: fundedWallet(c), senders: [{ name: "never", send: () => new Promise(() => {}) }] });
    const a = ex.buy(launch(c));
    const b = ex.buy(launch(c));
    expect(a.ok && b.ok).toBe(true);
    expect(ex.inFlight()).toBe(2);
    expect(ex.abandonAll("dropped")).toBe(2);
    expect(ex.abandonAll("again")).toBe(0);
    expect(ex.inFlight()).toBe(0);
    expect(outcomes.map((o: OrderOutcome) => o.type === "order.failed" && o.reason)).toEqual(["dropped", "dropped"]);
    expect(journal.pendingIntents()).toEqual([]);
    ac.abort();
  });
});
