import { afterEach, describe, expect, test } from "bun:test";
import { BUY_EVERY_PASSES, BUY_RAMP_PASSES, createHotPathWarmer, REHEARSAL_POSITION, SEND_EVERY_PASSES, startHotPathWarmer } from "../../src/executor/hot-path-warmer.ts";
import { initialCurve, type CurveReserves } from "../../src/domain/curve.ts";
import type { BuyRequest } from "../../src/pipeline/orders.ts";
import { MemoryJournal, type IntentJournal, type OrderIntent } from "../../src/executor/journal.ts";
import { decodeBase58, encodeBase58Key } from "../../src/chain/base58.ts";
import { deriveCreatorVault } from "../../src/chain/pump/pda.ts";
import { createSendRehearsal } from "../../src/executor/send-rehearsal.ts";
import type { SimCluster } from "../../src/sim/cluster/index.ts";
import { cluster, countingSigner, fundedWallet, launch, recordingSender, startExecutor, until } from "./helpers.ts";

describe("hot-path warmer", () => {
  let c: SimCluster | undefined;
  afterEach(async () => {
    await c?.stop();
    c = undefined;
  });

  test("each warmer counts its own passes", () => {
    const a = createHotPathWarmer();
    const b = createHotPathWarmer();
    for (let i = 0; i < 300; i++) a.warm();
    expect(a.passes).toBe(300);
    expect(b.passes).toBe(0);
  });

  test("a pass runs the added steps first, in order, then signs and rehearses the journal's write ahead of a buy intent", () => {
    const order: string[] = [];
    const intents: OrderIntent[] = [];
    const w = createHotPathWarmer({ journal: { rehearseIntent: (i) => (order.push("journal"), intents.push(i), 1) }, now: () => 1_234 });
    w.addStep(() => order.push("decode"));
    w.addStep(() => order.push("filters"));
    expect(w.steps).toBe(2);
    w.warm();
    w.warm();
    expect(order).toEqual(["decode", "filters", "journal", "decode", "filters", "journal"]);
    expect(w.passes).toBe(2);
    const i = intents[1]!;
    expect(i).toMatchObject({ side: "buy", status: "pending", createdAt: 1_234, params: { side: "buy", lamports: 1_000_001n, computeUnitLimit: 120_000 } });
    expect(i.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(i.attempts).toHaveLength(1);
    expect(i.attempts[0]!.at).toBe(1_234);
    // Signed afresh each pass (the lamports differ): a base58 ed25519 signature.
    expect(i.attempts[0]!.signature).not.toBe(intents[0]!.attempts[0]!.signature);
    expect(decodeBase58(i.attempts[0]!.signature)?.length).toBe(64);
    // A journal without the rehearsal is simply not rehearsed.
    const plain = createHotPathWarmer({ journal: new MemoryJournal() as IntentJournal });
    plain.warm();
    expect(plain.passes).toBe(1);
  });

  test("the send step posts the pass's own signed transaction every SEND_EVERY_PASSES passes, after the intent's rehearsal", () => {
    const order: string[] = [];
    const intents: OrderIntent[] = [];
    const sent: { base64: string; signature: string }[] = [];
    const w = createHotPathWarmer({ journal: { rehearseIntent: (i) => (order.push("journal"), intents.push(i), 1) }, send: (tx) => (order.push("send"), sent.push(tx)) });
    expect(SEND_EVERY_PASSES).toBe(10);
    for (let i = 0; i < 3 * SEND_EVERY_PASSES; i++) w.warm();
    // Passes 0, 10 and 20 post; each post follows its own pass's journal step.
    expect(sent).toHaveLength(3);
    expect(order.slice(0, 3)).toEqual(["journal", "send", "journal"]);
    expect(sent.map((t) => t.signature)).toEqual([0, 10, 20].map((k) => intents[k]!.attempts[0]!.signature));
    // The whole signed transaction in wire form, not only its 64-byte signature.
    expect(Buffer.from(sent[0]!.base64, "base64").length).toBeGreaterThan(64);
  });

  test("the buy option runs on each of the first BUY_RAMP_PASSES passes, then every BUY_EVERY_PASSES, before signing; when it rehearsed, that pass signs, journals and posts nothing else", () => {
    const journaled: string[] = [];
    const sent: string[] = [];
    const bought: { req: BuyRequest; reserves: CurveReserves }[] = [];
    let handled = true;
    const w = createHotPathWarmer({
      journal: { rehearseIntent: (i) => (journaled.push(i.mint), 1) },
      send: (tx) => void sent.push(tx.signature),
      buy: (req, reserves) => (bought.push({ req, reserves }), handled),
    });
    expect(BUY_EVERY_PASSES % SEND_EVERY_PASSES).toBe(0);
    expect(BUY_RAMP_PASSES % BUY_EVERY_PASSES).toBe(0);
    // The ramp: every one of the first BUY_RAMP_PASSES passes is a buy alone.
    for (let i = 0; i < BUY_RAMP_PASSES; i++) w.warm();
    expect([bought.length, journaled.length, sent.length]).toEqual([BUY_RAMP_PASSES, 0, 0]);
    bought.length = 0;
    for (let i = 0; i < 2 * BUY_EVERY_PASSES; i++) w.warm();
    expect(bought).toHaveLength(2);
    // Passes 0 and BUY_EVERY_PASSES went to the buy alone; the other send passes posted as before.
    expect(journaled).toHaveLength(2 * BUY_EVERY_PASSES - 2);
    expect(sent).toHaveLength((2 * BUY_EVERY_PASSES) / SEND_EVERY_PASSES - 2);
    const { req, reserves } = bought[1]!;
    expect(req).toMatchObject({ positionId: REHEARSAL_POSITION, launchReceivedAt: 0, minTokensOut: 1n });
    expect(Object.keys(req)).toEqual(["mint", "bondingCurve", "creator", "tokenProgram", "lamports", "minTokensOut", "launchReceivedAt", "launchSignature", "positionId"]);
    expect(journaled).not.toContain(req.mint);
    expect(reserves).toEqual(initialCurve());
    // Not handled (no rehearsal running): the pass signs, journals and posts itself.
    handled = false;
    for (let i = 0; i < BUY_EVERY_PASSES; i++) w.warm();
    expect(bought).toHaveLength(3);
    expect(journaled).toHaveLength(3 * BUY_EVERY_PASSES - 2);
    expect(journaled).toContain(bought[2]!.req.mint);
  });

  test("each pass builds its buy for fresh keys (a launch's cache misses) and leaves the real derivation cache as it was", () => {
    const creator = encodeBase58Key(crypto.getRandomValues(new Uint8Array(32)));
    const real = deriveCreatorVault(creator);
    const intents: OrderIntent[] = [];
    const w = createHotPathWarmer({ journal: { rehearseIntent: (i) => (intents.push(i), 1) } });
    // 3,000 passes derive 9,000 addresses: past the real cache's 8,192, so entries put there would evict `real`.
    for (let i = 0; i < 3_000; i++) w.warm();
    expect(new Set(intents.map((i) => i.mint)).size).toBe(3_000);
    expect(new Set(intents.map((i) => i.params.creator)).size).toBe(3_000);
    expect(deriveCreatorVault(creator)).toBe(real);
  });

  test("runs on its period until the signal aborts; 0 never runs; a throwing pass stops it and is reported", async () => {
    const w = createHotPathWarmer();
    const ac = new AbortController();
    startHotPathWarmer(w, 1, ac.signal, () => {});
    await until(() => w.passes >= 5, 2_000, "warm passes");
    ac.abort();
    const stopped = w.passes;
    await Bun.sleep(30);
    expect(w.passes).toBe(stopped);

    const off = createHotPathWarmer();
    startHotPathWarmer(off, 0, new AbortController().signal, () => {});
    await Bun.sleep(20);
    expect(off.passes).toBe(0);

    const errors: unknown[] = [];
    let calls = 0;
    const broken = { passes: 0, warm: () => void (calls++, (() => { throw new Error("boom"); })()) };
    const ac2 = new AbortController();
    startHotPathWarmer(broken, 1, ac2.signal, (e) => errors.push(e));
    await until(() => errors.length > 0, 2_000, "the error");
    await Bun.sleep(20);
    expect(calls).toBe(1);
    ac2.abort();
  });

  test("inside a running executor: warms between buys, never signs with the wallet, sends or journals anything", async () => {
    c = await cluster();
    const signer = countingSigner(fundedWallet(c));
    const sender = recordingSender();
    const { ex, journal, ac } = await startExecutor(c, { signer, senders: [sender], settings: { warmIntervalMs: 1 } });
    await until(() => ex.warmer!.passes >= 20, 3_000, "warm passes");
    expect(signer.count).toBe(0);
    expect(sender.sent).toEqual([]);
    expect(journal.pendingIntents()).toEqual([]);

    // A real buy still signs with the wallet, and is the only thing sent.
    const req = launch(c);
    const r = ex.buy(req);
    expect(r.ok).toBe(true);
    await until(() => sender.sent.length === 1, 2_000, "the send");
    expect(signer.count).toBe(1);
    expect(sender.sent).toEqual([r.ok ? r.signature : ""]);
    expect(journal.pendingIntents().map((i) => i.mint)).toEqual([req.mint]);
    await Bun.sleep(20);
    expect(sender.sent.length).toBe(1);
    ac.abort();
  });

  test("inside an executor the intent's write ahead is rehearsed only with settings.rehearseLaunchPath", async () => {
    c = await cluster();
    const counted = (): IntentJournal & { rehearsed: number } => Object.assign(new MemoryJournal(), { rehearsed: 0, rehearseIntent(this: { rehearsed: number }) { return ++this.rehearsed; } });
    const on = counted();
    const a = await startExecutor(c, { signer: fundedWallet(c), journal: on, settings: { warmIntervalMs: 1, rehearseLaunchPath: true } });
    await until(() => on.rehearsed >= 10, 3_000, "rehearsed intents");
    a.ac.abort();
    const off = counted();
    const b = await startExecutor(c, { signer: fundedWallet(c), journal: off, settings: { warmIntervalMs: 1 } });
    await until(() => b.ex.warmer!.passes >= 10, 3_000, "warm passes");
    expect(off.rehearsed).toBe(0);
    b.ac.abort();
  });

  test("with deps.sendRehearsal the warm-up posts its throwaway transactions to the sink of that start, never to the real senders; the sink closes with the start", async () => {
    c = await cluster();
    const sender = recordingSender();
    const signals: AbortSignal[] = [];
    const { ex, ac } = await startExecutor(c, {
      signer: fundedWallet(c),
      senders: [sender],
      settings: { warmIntervalMs: 1, rehearseLaunchPath: true },
      sendRehearsal: (signal, onFirstFailure) => (signals.push(signal), createSendRehearsal(signal, onFirstFailure)),
    });
    const r = ex.sendRehearsal!;
    expect(signals).toEqual([ac.signal]);
    await until(() => r.sink.answered >= 10, 3_000, "10 rehearsed sends answered");
    expect(r.sink.answered).toBeLessThanOrEqual(Math.ceil(ex.warmer!.passes / SEND_EVERY_PASSES));
    expect(r.failures).toBe(0);
    expect(sender.sent).toEqual([]);
    // A real buy goes to the real sender only.
    const res = ex.buy(launch(c));
    await until(() => sender.sent.length === 1, 2_000, "the real send");
    expect(sender.sent).toEqual([res.ok ? res.signature : ""]);
    ac.abort();
    expect(ex.sendRehearsal).toBeUndefined();
    const after = r.sink.answered;
    await Bun.sleep(20);
    expect(r.sink.answered).toBe(after);

    // Without rehearseLaunchPath the factory is never called.
    const off = await startExecutor(c, { signer: fundedWallet(c), settings: { warmIntervalMs: 1 }, sendRehearsal: (s, f) => (signals.push(s), createSendRehearsal(s, f)) });
    await until(() => off.ex.warmer!.passes >= 10, 3_000, "warm passes");
    expect(signals).toHaveLength(1);
    expect(off.ex.sendRehearsal).toBeUndefined();
    off.ac.abort();
  });

  test("the executor's default (library) settings do not warm (no warmer is even built); the bot's config default does", async () => {
    c = await cluster();
    const { ex, ac } = await startExecutor(c, { signer: fundedWallet(c) });
    await Bun.sleep(30);
    expect(ex.warmer).toBeNull();
    ac.abort();
    const { configSchema } = await import("../../src/config/schema.ts");
    expect(configSchema.parse({}).executor.warmIntervalMs).toBe(2);
  });
});
