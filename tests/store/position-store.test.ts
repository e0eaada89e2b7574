import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createHistory } from "../../src/actors/history.actor.ts";
import { ManualClock } from "../../src/clock.ts";
import { openingRecord } from "../../src/positions/record.ts";
import type { PositionRecord } from "../../src/positions/types.ts";
import { StoreIntentJournal } from "../../src/store/intent-journal.ts";
import { SqlitePositionStore } from "../../src/store/position-store.ts";
import { intentFor, launchRow } from "../fixtures/store/buy-intent.ts";
import { tempDir } from "./helpers.ts";

const child = new URL("../fixtures/store/buy-sent-child.ts", import.meta.url).pathname;

function openStore(dbPath: string) {
  const clock = new ManualClock();
  const history = createHistory({ dbPath, csvDir: null, clock, checkpointIntervalMs: 0 });
  return { history, clock, store: new SqlitePositionStore(history.writer, () => clock.now()), journal: new StoreIntentJournal(history.writer, clock) };
}

/** What `reserve` made for the fixture's buy: the record a recovered position must equal. */
function expectedOpening(meta: { name?: string; symbol?: string }): PositionRecord {
  const i = intentFor("i1");
  const p = i.params;
  if (p.side !== "buy") throw new Error("fixture is a buy");
  const request = { mint: i.mint, bondingCurve: p.bondingCurve, creator: p.creator, tokenProgram: p.tokenProgram, lamports: p.lamports, minTokensOut: p.minTokensOut, launchReceivedAt: 0, launchSignature: p.launchSignature };
  return { ...openingRecord(request, { ...meta, now: i.createdAt }), positionId: i.positionId! };
}

describe("SqlitePositionStore: a buy sent but its position never saved", () => {
  for (const withLaunch of [true, false]) {
    test(`kill -9 between the send and the save: the reopened store derives the opening position from the intent (${withLaunch ? "launch row stored" : "no launch row"})`, async () => {
      const dbPath = join(tempDir("pos-store"), "h.db");
      const proc = Bun.spawn(["bun", "run", child, dbPath, withLaunch ? "launch" : "-"], { stdout: "pipe", stderr: "inherit" });
      expect(await new Response(proc.stdout).text()).toBe("sent\n");
      await proc.exited;
      expect(proc.signalCode).toBe("SIGKILL");

      const { history, store, journal } = openStore(dbPath);
      expect(journal.pendingIntents().map((i) => i.id)).toEqual(["i1"]);
      const expected = expectedOpening(withLaunch ? { name: launchRow.name, symbol: launchRow.symbol } : {});
      expect(store.loadOpenPositions()).toEqual([expected]);
      // Names are bounded as reserve bounds them.
      if (withLaunch) expect([expected.name.length, expected.symbol]).toEqual([64, "SYMBOL-LONGER-TH"]);
      // Saved once: a second load finds the row, not a second derivation.
      expect(store.loadOpenPositions()).toEqual([expected]);
      expect(history.writer.repos.positionState<PositionRecord>(expected.positionId)).toEqual(expected);
      await history.close();
    });
  }

  test("loadPosition (a crashed position actor's restart) derives it as well", async () => {
    const { history, store, journal } = openStore(join(tempDir("pos-store"), "h.db"));
    journal.recordIntent(intentFor("i1"));
    const expected = expectedOpening({});
    expect(store.loadPosition(expected.positionId)).toEqual(expected);
    expect(store.loadPosition("nobody")).toBeUndefined();
    await history.close();
  });

  test("nothing is derived for a saved position, a settled buy, a sell, or an intent without a position", async () => {
    const { history, store, journal } = openStore(join(tempDir("pos-store"), "h.db"));
    const saved = intentFor("saved", "MintSaved");
    journal.recordIntent(saved);
    const record: PositionRecord = { ...expectedOpening({}), positionId: saved.positionId!, mint: saved.mint, status: "open", version: 3 };
    store.savePosition(record);
    const failed = intentFor("failed", "MintFailed");
    journal.recordIntent(failed);
    journal.markFailed("failed", "slippage");
    const sell = intentFor("sell", "MintSell");
    journal.recordIntent({ ...sell, side: "sell", params: { side: "sell", tokens: 1n, minSolOutput: 1n, microLamportsPerCu: 1n, computeUnitLimit: 1, bondingCurve: "B", creator: "C", tokenProgram: "T", reason: "stop_loss" } });
    journal.recordIntent(intentFor("loose", "MintLoose", null));
    expect(store.loadOpenPositions()).toEqual([record]);
    await history.close();
  });
});
