import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../src/clock.ts";
import { createHistory } from "../../src/actors/history.actor.ts";
import { countCsvRecords, csvRow, neutralise } from "../../src/store/csv.ts";
import { FILL_COLUMNS } from "../../src/store/fill-rows.ts";
import { formatSol } from "../../src/store/sol.ts";
import { TRADE_CSV_HEADER, tradeCsvPath } from "../../src/store/trade-csv.ts";
import { DAY, fill, HOUR, launch, parseCsv, T0, tempDir } from "./helpers.ts";

describe("CSV cells", () => {
  test.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["  =1+2", "'  =1+2"],
    ["\n@x", "'\n@x"],
    ["Pepe", "Pepe"],
    ["a=b", "a=b"],
    ["<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"],
    ["", ""],
  ])("neutralise(%j) = %j", (input, output) => {
    expect(neutralise(input)).toBe(output);
  });

  test.each([
    ['"quoted, comma"', '"""quoted, comma"""'],
    ["a,b", '"a,b"'],
    ["line1\nline2", '"line1\nline2"'],
    ["cr\rhere", '"cr\rhere"'],
    ["plain", "plain"],
  ])("the cell %j is written as %j", (input, output) => {
    expect(csvRow([input])).toBe(`${output}\r\n`);
  });

  test("a row of hostile names parses back (RFC 4180) to the neutralised values", () => {
    const names = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", '"quoted, comma"', "new\nline", "<img src=x onerror=alert(1)>", " \t-2"];
    const text = csvRow(names) + csvRow(["x", 1n, null]);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(text)).toEqual([names.map(neutralise), ["x", "1", ""]]);
    expect(countCsvRecords(text)).toBe(2);
    for (const cell of parseCsv(text)[0] ?? []) expect(/^\s*[=+\-@]/.test(cell)).toBe(false);
  });

  test.each([
    [0n, "0.000000000"],
    [1n, "0.000000001"],
    [1_500_000_000n, "1.500000000"],
    [-1n, "-0.000000001"],
    [2n ** 63n - 1n, "9223372036.854775807"],
  ])("formatSol(%p) = %p", (lamports, sol) => {
    expect(formatSol(lamports)).toBe(sol);
  });
});

function start(dir: string, now = T0 + 2 * DAY + HOUR) {
  const clock = new ManualClock(now);
  const history = createHistory({ dbPath: join(dir, "db", "s.db"), csvDir: join(dir, "trades"), clock, lingerMs: 5 });
  return { clock, history, w: history.writer };
}

async function trade(w: ReturnType<typeof start>["w"], id: string, mint: string, at: number, name: string) {
  const acks = [
    w.enqueue({ kind: "launch", row: launch(mint, { name, seenAt: at }) }),
    w.enqueue({ kind: "position.open", row: { id, mode: "sim", mint, openedAt: at } }),
    w.enqueue({ kind: "fill", row: fill({ signature: `${id}-buy`, positionId: id, mint, side: "buy", at }) }),
    w.enqueue({ kind: "fill", row: fill({ signature: `${id}-sell`, positionId: id, mint, side: "sell", at: at + HOUR, lamports: 1_234_567_891n, reason: "take_profit" }) }),
  ];
  w.drain(); // no actor in these tests: commit by hand
  await Promise.all(acks);
}

describe("daily trade files", () => {
  test("committed fills land in the file of their UTC day, with a header, SOL and lamports, neutralised names", async () => {
    const dir = tempDir("csv");
    const { history, w } = start(dir);
    await trade(w, "p1", "A", T0 + 23.5 * HOUR, "=HYPERLINK(\"x\")"); // sell crosses midnight
    w.drain();
    await history.csv?.flush();
    const day1 = parseCsv(readFileSync(tradeCsvPath(join(dir, "trades"), "2026-01-01"), "utf8"));
    const day2 = parseCsv(readFileSync(tradeCsvPath(join(dir, "trades"), "2026-01-02"), "utf8"));
    expect(day1[0]).toEqual([...FILL_COLUMNS]);
    expect(day1).toHaveLength(2);
    expect(day2).toHaveLength(2);
    const sell = Object.fromEntries(FILL_COLUMNS.map((c, i) => [c, day2[1]?.[i]]));
    expect(sell).toMatchObject({
      time_utc: "2026-01-02T00:30:00.000Z",
      name: "'=HYPERLINK(\"x\")",
      side: "sell",
      sol: "1.234567891",
      lamports: "1234567891",
      fee_sol: "0.010105000",
      fee_lamports: "10105000",
      reason: "take_profit",
    });
    await history.close();
  });

  test("rebuild({ day }) recreates a deleted file identical to the live one", async () => {
    const dir = tempDir("csv");
    const { history, w } = start(dir);
    await trade(w, "p1", "A", T0 + HOUR, "one, two");
    await trade(w, "p2", "B", T0 + 3 * HOUR, "line\nbreak");
    w.drain();
    await history.csv?.flush();
    const path = tradeCsvPath(join(dir, "trades"), "2026-01-01");
    const live = readFileSync(path, "utf8");
    rmSync(path);
    expect(await history.csv?.rebuild("2026-01-01")).toEqual({ path, rows: 4 });
    expect(readFileSync(path, "utf8")).toBe(live);
    // appends after a rebuild go on in the same file
    await trade(w, "p3", "C", T0 + 5 * HOUR, "three");
    w.drain();
    await history.csv?.flush();
    expect(countCsvRecords(readFileSync(path, "utf8"))).toBe(7);
    await history.close();
  });

  test("on start, today's file is rebuilt when missing or short, and left alone when complete", async () => {
    const dir = tempDir("csv");
    const today = T0 + 2 * DAY + HOUR;
    const first = start(dir, today);
    await trade(first.w, "p1", "A", today, "x");
    await first.history.close();
    const path = tradeCsvPath(join(dir, "trades"), "2026-01-03");
    const complete = readFileSync(path, "utf8");

    rmSync(path);
    const second = start(dir, today);
    await second.history.recover();
    expect(readFileSync(path, "utf8")).toBe(complete);
    await second.history.close();

    writeFileSync(path, TRADE_CSV_HEADER);
    const third = start(dir, today);
    await third.history.recover();
    expect(readFileSync(path, "utf8")).toBe(complete);
    await third.history.close();

    const fourth = start(dir, today + DAY); // a day with no fills: no file is made
    await fourth.history.recover();
    expect(existsSync(tradeCsvPath(join(dir, "trades"), "2026-01-04"))).toBe(false);
    await fourth.history.close();
  });
});
