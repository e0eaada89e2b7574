import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createHistory } from "../../src/actors/history.actor.ts";
import { createCreatorRugs, type RugRecord } from "../../src/bot/creator-rugs.ts";
import { ManualClock } from "../../src/clock.ts";
import type { ExitReason } from "../../src/domain/trade-record.ts";
import { openingRecord } from "../../src/positions/record.ts";
import type { PositionRecord } from "../../src/positions/types.ts";
import { SqlitePositionStore } from "../../src/store/position-store.ts";
import { TextBloom } from "../../src/text-bloom.ts";
import { tempDir } from "../store/helpers.ts";

function closed(n: number, creator: string, exitReason: ExitReason | null, status: PositionRecord["status"] = "closed"): PositionRecord {
  const open = openingRecord({ mint: `Mint${n}`, bondingCurve: "bc", creator, tokenProgram: "tp", lamports: 1n, minTokensOut: 1n, launchReceivedAt: 0, launchSignature: `sig${n}` }, { now: 0 });
  return { ...open, status, exitReason, closedAt: status === "closed" ? 5 : null, version: open.version + 1 };
}

/** A RugRecord over a plain map that counts its database lookups. */
function countingRecord(rugs: Record<string, number>) {
  const record = { lookups: 0, rugCreators: () => Object.keys(rugs), creatorRugs: (c: string) => (record.lookups++, rugs[c] ?? 0) };
  return record satisfies RugRecord;
}

describe("creator rugs (the filter's max-prior-rugs input)", () => {
  test("each rug is stored with the position's closed state; counts come back exact, once per position, after a reopen too", async () => {
    const dbPath = join(tempDir("rugs"), "h.db");
    const clock = new ManualClock();
    const history = createHistory({ dbPath, csvDir: null, clock, checkpointIntervalMs: 0 });
    const store = new SqlitePositionStore(history.writer, () => clock.now());
    const rugs = createCreatorRugs(history.writer.repos);
    const save = (r: PositionRecord): void => {
      store.savePosition(r);
      rugs.closed(r.creator, r.status === "closed" ? r.exitReason : null);
    };
    save(closed(1, "Rugger", "stop_loss"));
    save(closed(2, "Rugger", "creator_sold"));
    save(closed(2, "Rugger", "creator_sold")); // the same position saved again: still one rug
    save(closed(3, "Honest", "take_profit"));
    save(closed(4, "Holder", null, "open"));
    expect(rugs.priorRugs("Rugger")).toBe(2);
    expect(rugs.priorRugs("Honest")).toBe(0);
    expect(rugs.priorRugs("Holder")).toBe(0);
    expect(rugs.priorRugs("Stranger")).toBe(0);
    await history.close();

    const again = createHistory({ dbPath, csvDir: null, clock, checkpointIntervalMs: 0 });
    const reopened = createCreatorRugs(again.writer.repos);
    expect(reopened.priorRugs("Rugger")).toBe(2);
    expect(reopened.priorRugs("Honest")).toBe(0);
    await again.close();
  });

  test("a creator the filter never saw rug costs no database lookup; a false maybe is settled by it", () => {
    const record = countingRecord({ Rugger: 3 });
    const rugs = createCreatorRugs(record);
    for (let i = 0; i < 1_000; i++) expect(rugs.priorRugs(`New${i}`)).toBe(0);
    expect(record.lookups).toBe(0);
    expect(rugs.priorRugs("Rugger")).toBe(3);
    expect(record.lookups).toBe(1);

    const saturated = new TextBloom(5, 1);
    for (let i = 0; i < 1_000; i++) saturated.add(`fill${i}`);
    const tiny = createCreatorRugs(countingRecord({}), saturated);
    expect(tiny.priorRugs("New")).toBe(0); // maybe, then the database's exact 0
    expect(tiny.stats()).toEqual({ entries: 1_000, falsePositiveRate: saturated.falsePositiveRate(), falseMaybes: 1 });
    expect(rugs.stats().falseMaybes).toBe(0); // "Rugger" was a true maybe
  });

  test("only rug exits enter the filter; when the database cannot answer a maybe, it counts one rug", () => {
    const record = countingRecord({});
    const rugs = createCreatorRugs(record);
    rugs.closed("Winner", "take_profit");
    rugs.closed("Open", null);
    expect(rugs.priorRugs("Winner")).toBe(0);
    expect(record.lookups).toBe(0);
    rugs.closed("Rugger", "stop_loss");
    record.creatorRugs = () => {
      throw new Error("disk I/O error");
    };
    expect(rugs.priorRugs("Rugger")).toBe(1);
  });
});
