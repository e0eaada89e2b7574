import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHistory } from "../../src/actors/history.actor.ts";
import { ManualClock } from "../../src/clock.ts";
import type { OrderIntent } from "../../src/executor/journal.ts";
import { StoreIntentJournal } from "../../src/store/intent-journal.ts";
import { TextBloom } from "../../src/text-bloom.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function buyIntent(id: string, mint: string): OrderIntent {
  return {
    id,
    side: "buy",
    mint,
    createdAt: 1_000,
    status: "pending",
    params: {
      side: "buy",
      lamports: 100_000_000n,
      minTokensOut: 3_000_000_000_000n,
      expectedTokens: 3_500_000_000_000n,
      microLamportsPerCu: 100_000n,
      computeUnitLimit: 120_000,
      bondingCurve: "BC",
      creator: "CR",
      tokenProgram: "TP",
      launchSignature: "LS",
    },
    attempts: [{ signature: "sig-1", blockhash: "bh-1", lastValidBlockHeight: 150, at: 1_000 }],
  };
}

/** A history database of its own in a temporary directory, on a manual clock. */
function freshHistory() {
  const dir = mkdtempSync(join(tmpdir(), "journal-"));
  dirs.push(dir);
  const clock = new ManualClock();
  return { clock, history: createHistory({ dbPath: join(dir, "j.db"), csvDir: null, clock, checkpointIntervalMs: 0 }) };
}

describe("StoreIntentJournal", () => {
  test("intents, attempts and statuses survive a reopen; a mint once bought stays bought", async () => {
    const dir = mkdtempSync(join(tmpdir(), "journal-"));
    dirs.push(dir);
    const dbPath = join(dir, "j.db");
    const clock = new ManualClock();
    const first = createHistory({ dbPath, csvDir: null, clock, checkpointIntervalMs: 0 });
    const journal = new StoreIntentJournal(first.writer, clock);
    journal.recordIntent(buyIntent("i1", "MINT1"));
    journal.markSent("i1", "sig-1");
    journal.recordAttempt("i1", { signature: "sig-2", blockhash: "bh-2", lastValidBlockHeight: 300, at: 2_000 });
    journal.recordIntent(buyIntent("i2", "MINT2"));
    journal.markFailed("i2", "slippage", "failed");
    expect(() => journal.recordIntent(buyIntent("i1", "MINT1"))).toThrow();
    await first.close();

    const second = createHistory({ dbPath, csvDir: null, clock, checkpointIntervalMs: 0 });
    const reopened = new StoreIntentJournal(second.writer, clock);
    const pending = reopened.pendingIntents();
    expect(pending.map((i) => i.id)).toEqual(["i1"]);
    expect(pending[0]?.status).toBe("sent");
    expect(pending[0]?.attempts.map((a) => a.signature)).toEqual(["sig-1", "sig-2"]);
    expect(pending[0]?.params).toEqual(buyIntent("i1", "MINT1").params);
    expect(reopened.hasBuyIntent("MINT1")).toBe(true);
    expect(reopened.hasBuyIntent("MINT2")).toBe(true);
    expect(reopened.hasBuyIntent("MINT3")).toBe(false);
    reopened.markConfirmed("i1", { signature: "sig-2", slot: 42, lamports: 1n, tokens: 2n, feeLamports: 3n, fees: { protocol: 1n, creator: 1n, network: 1n } });
    expect(reopened.pendingIntents()).toEqual([]);
    expect(second.writer.repos.intent("i1")?.status).toBe("confirmed");
    await second.close();
  });

  test("rehearseIntent encodes an intent's write ahead and records nothing: no row, no pending intent, the mint not bought", async () => {
    const { clock, history } = freshHistory();
    const journal = new StoreIntentJournal(history.writer, clock);
    for (let i = 0; i < 3; i++) expect(journal.rehearseIntent(buyIntent("r1", "RMINT"))).toBeGreaterThan(200);
    await Promise.resolve();
    expect(journal.pendingIntents()).toEqual([]);
    expect(journal.hasBuyIntent("RMINT")).toBe(false);
    expect(history.writer.db.query("SELECT count(*) AS n FROM order_intents").get()).toEqual({ n: 0n });
    // The same id is still free for a real record.
    journal.recordIntent(buyIntent("r1", "RMINT"));
    expect(journal.pendingIntents().map((i) => i.id)).toEqual(["r1"]);
    await history.close();
  });

  test("a mint is bought at once, before its write ahead is committed; the database settles the filter's false maybes", async () => {
    const { clock, history } = freshHistory();
    // 32 bits, one probe: after 20 mints most lookups of new mints are "maybe".
    const journal = new StoreIntentJournal(history.writer, clock, undefined, new TextBloom(5, 1));
    for (let i = 0; i < 20; i++) {
      journal.recordIntent(buyIntent(`i${i}`, `BOUGHT${i}`));
      expect(journal.hasBuyIntent(`BOUGHT${i}`)).toBe(true); // same tick: its row is only written ahead
    }
    for (let i = 0; i < 200; i++) expect(journal.hasBuyIntent(`NEVER${i}`)).toBe(false);
    expect(journal.falseMaybes).toBeGreaterThan(40); // ~46 % of the bits set: ~90 expected
    expect(journal.boughtStats()).toMatchObject({ entries: 20, falseMaybes: journal.falseMaybes });
    expect(journal.boughtStats().falsePositiveRate).toBeCloseTo(1 - Math.exp(-20 / 32), 6);
    // A journal reopened on the same database loads its filter from it.
    const reopened = new StoreIntentJournal(history.writer, clock);
    for (let i = 0; i < 20; i++) expect(reopened.hasBuyIntent(`BOUGHT${i}`)).toBe(true);
    expect(reopened.hasBuyIntent("NEVER0")).toBe(false);
    await history.close();
  });

  test("when the database cannot settle a maybe, the mint counts as bought (never a second buy)", async () => {
    const { clock, history } = freshHistory();
    const saturated = new TextBloom(5, 1);
    for (let i = 0; i < 1_000; i++) saturated.add(`fill${i}`);
    const journal = new StoreIntentJournal(history.writer, clock, undefined, saturated);
    journal.recordIntent(buyIntent("i1", "BOUGHT"));
    const repos = history.writer.repos as { hasBuyIntent: (mint: string) => boolean };
    const real = repos.hasBuyIntent;
    repos.hasBuyIntent = () => {
      throw new Error("disk I/O error");
    };
    expect(journal.hasBuyIntent("BOUGHT")).toBe(true);
    expect(journal.hasBuyIntent("UNSURE")).toBe(true); // the saturated filter says maybe to every mint
    repos.hasBuyIntent = real;
    expect(journal.hasBuyIntent("UNSURE")).toBe(false);
    await history.close();
  });
});
