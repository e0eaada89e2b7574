import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { createHistory } from "../../src/actors/history.actor.ts";
import { createQueuedLaunches } from "../../src/bot/queued-launches.ts";
import { createTradeRecorder } from "../../src/bot/trade-recorder.ts";
import { ManualClock } from "../../src/clock.ts";
import { compileExitRules } from "../../src/domain/exits/index.ts";
import type { OrderFill } from "../../src/executor/journal.ts";
import { csvRow } from "../../src/store/csv.ts";
import { FILL_COLUMNS, iterateFillViews } from "../../src/store/fill-rows.ts";
import { StoreIntentJournal } from "../../src/store/intent-journal.ts";
import { TRADE_CSV_HEADER, tradeCsvPath } from "../../src/store/trade-csv.ts";
import type { HistoryWrite } from "../../src/store/writes.ts";
import { intentFor, launchRow } from "../fixtures/store/buy-intent.ts";
import { parseCsv } from "../store/helpers.ts";
import { runTempDir } from "../temp-dirs.ts";

const BUY_FILL: OrderFill = {
  signature: "sig-b1", slot: 10, lamports: 100_000_000n, tokens: 3_400_000_000_000n, feeLamports: 1_075_000n,
  fees: { protocol: 1_000_000n, creator: 50_000n, network: 25_000n },
};

/** The bot's wiring of launches, recorder and journal over a history writing the daily CSV, on a manual clock. */
function bot() {
  const dir = runTempDir("queued-launches");
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const history = createHistory({ dbPath: join(dir, "s.db"), csvDir: join(dir, "trades"), clock, checkpointIntervalMs: 0 });
  const launches = createQueuedLaunches((w) => history.writer.enqueue(w));
  const recorder = createTradeRecorder({
    writer: history.writer, mode: "sim", clock, rules: compileExitRules(), log: pino({ level: "silent" }), snipeLatency: () => null,
    queuedLaunch: launches.of,
  });
  const journal = new StoreIntentJournal(history.writer, clock, (intent, fill) => recorder.confirmedRows(intent, fill));
  return { dir, clock, history, launches, journal, csvPath: tradeCsvPath(join(dir, "trades"), "2026-01-01") };
}

describe("queued launches", () => {
  test("a row is known from its enqueue until its commit; the first row queued for a mint is kept", async () => {
    const queued: Array<{ write: HistoryWrite; done: () => void }> = [];
    const launches = createQueuedLaunches((write) => new Promise<void>((done) => queued.push({ write, done })));
    const errors: unknown[] = [];
    launches.enqueue(launchRow, (e) => errors.push(e));
    launches.enqueue({ ...launchRow, name: "second sighting" }, (e) => errors.push(e));
    expect(launches.of(launchRow.mint)).toBe(launchRow);
    expect(launches.of("other")).toBeUndefined();
    expect(queued.map((q) => q.write.kind)).toEqual(["launch", "launch"]);
    queued[0]?.done();
    await Bun.sleep(0);
    expect(launches.of(launchRow.mint)).toBeUndefined();
    expect(launches.size).toBe(0);
    expect(errors).toEqual([]);
  });

  test("a refused commit is reported and forgotten", async () => {
    const launches = createQueuedLaunches(() => Promise.reject(new Error("refused")));
    const errors: unknown[] = [];
    launches.enqueue(launchRow, (e) => errors.push(e));
    await Bun.sleep(0);
    expect(launches.of(launchRow.mint)).toBeUndefined();
    expect((errors[0] as Error).message).toBe("refused");
  });

  test("a buy confirmed before its launch's batch commits has the launch's symbol and name in the live CSV, as the export has", async () => {
    const b = bot();
    // An attacker-style name: a formula start and a line break, neutralised and quoted alike everywhere.
    const launch = { ...launchRow, name: "=HYPERLINK(\"x\")\r\nline", symbol: "@SYM" };
    b.launches.enqueue(launch, (e) => {
      throw e;
    });
    b.journal.recordIntent(intentFor("b1"));
    b.journal.markSent("b1", "sig-b1");
    // Confirmed within the linger: the launch's queued row is not committed yet.
    expect(b.history.writer.pending).toBeGreaterThan(0);
    b.journal.markConfirmed("b1", BUY_FILL);
    await b.history.csv?.flush();
    const live = readFileSync(b.csvPath, "utf8");
    const [header, buy] = parseCsv(live);
    expect(header).toEqual([...FILL_COLUMNS]);
    const cells = Object.fromEntries(FILL_COLUMNS.map((c, i) => [c, buy?.[i]]));
    expect(cells).toMatchObject({ side: "buy", symbol: "'@SYM", name: "'=HYPERLINK(\"x\")\r\nline" });

    // The queued copy commits later and changes nothing; the export's row and the rebuilt file equal the live ones.
    b.history.writer.drain();
    expect(b.history.writer.repos.launch(launch.mint)?.name).toBe(launch.name);
    const exported = [...iterateFillViews(b.history.writer.db)].map((v) => csvRow(FILL_COLUMNS.map((c) => v[c])));
    expect(live).toBe(TRADE_CSV_HEADER + exported.join(""));
    await b.history.csv?.rebuild("2026-01-01");
    expect(readFileSync(b.csvPath, "utf8")).toBe(live);
    await b.history.close();
  });
});
