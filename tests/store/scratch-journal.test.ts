import { describe, expect, test } from "bun:test";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../src/clock.ts";
import type { OrderIntent } from "../../src/executor/journal.ts";
import { openDatabase } from "../../src/store/db.ts";
import { HistoryWriter } from "../../src/store/history-writer.ts";
import { StoreIntentJournal } from "../../src/store/intent-journal.ts";
import { createScratchJournals, scratchAheadPath } from "../../src/store/scratch-journal.ts";
import { tempDir } from "./helpers.ts";

/** A pending buy intent of `mint`, as the executor records one. */
const intent = (id: string, mint: string): OrderIntent => ({
  id,
  side: "buy",
  mint,
  positionId: "pos",
  createdAt: 1,
  status: "pending",
  params: { side: "buy", lamports: 1_000_000n, minTokensOut: 1n, expectedTokens: 2n, microLamportsPerCu: 1n, computeUnitLimit: 100_000, bondingCurve: "b", creator: "c", tokenProgram: "t", launchSignature: "s" },
  attempts: [{ signature: `sig-${id}`, blockhash: "bh", lastValidBlockHeight: 1, at: 1 }],
});

describe("the warm-up's scratch journals", () => {
  test("journals of the real class over their own in-memory store and write-ahead file; fresh() empties it; the real history never sees a row", async () => {
    const dir = tempDir("scratch");
    const dbPath = join(dir, "h.db");
    const real = new HistoryWriter({ db: openDatabase(dbPath), aheadPath: `${dbPath}.ahead` });
    const scratch = createScratchJournals(real, new ManualClock());
    const aheadFile = scratchAheadPath(`${dbPath}.ahead`);
    expect(aheadFile).toBe(`${dbPath}.ahead.warm-up`);
    expect(statSync(aheadFile).size).toBe(64 * 1024);

    const a = scratch.fresh();
    expect(a).toBeInstanceOf(StoreIntentJournal);
    a.recordIntent(intent("1", "mint-1"));
    a.markSent("1", "sig-1");
    a.recordIntent(intent("2", "mint-2"));
    a.markFailed("1", "warm-up rehearsal");
    expect(a.hasBuyIntent("mint-2")).toBe(true);
    expect(a.pendingIntents().map((i) => i.id)).toEqual(["2"]);
    await Bun.sleep(0);

    // A fresh journal starts empty: the rows and the mints filter are gone.
    const b = scratch.fresh();
    expect(b.pendingIntents()).toEqual([]);
    expect(b.hasBuyIntent("mint-2")).toBe(false);
    b.recordIntent(intent("3", "mint-3"));
    expect(b.pendingIntents().map((i) => i.id)).toEqual(["3"]);

    // Nothing reached the real history.
    real.applyAhead();
    expect(real.db.query("SELECT count(*) AS n FROM order_intents").get()).toEqual({ n: 0n });
    expect(real.db.query("SELECT count(*) AS n FROM transactions").get()).toEqual({ n: 0n });
    scratch.close();
    expect(() => b.recordIntent(intent("4", "mint-4"))).toThrow(/history is closed/);
    real.close();
  });

  test("a real history without a write-ahead file gets a scratch without one", () => {
    const real = new HistoryWriter({ db: openDatabase(":memory:") });
    expect(real.aheadPath).toBeUndefined();
    const scratch = createScratchJournals(real, new ManualClock());
    const j = scratch.fresh();
    j.recordIntent(intent("1", "mint-1"));
    expect(j.pendingIntents().map((i) => i.id)).toEqual(["1"]);
    expect(existsSync(":memory:.warm-up")).toBe(false);
    scratch.close();
    real.close();
  });
});
