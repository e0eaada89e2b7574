import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runExport } from "../../src/cli/export.ts";
import { openDatabase } from "../../src/store/db.ts";
import { exportChunks, exportTrades, exportTradesStream, type ExportOptions } from "../../src/store/export.ts";
import { FILL_COLUMNS } from "../../src/store/fill-rows.ts";
import { createRepositories } from "../../src/store/repos/index.ts";
import { DAY, fill, parseCsv, seed, T0, tempDir } from "./helpers.ts";

function seeded() {
  const path = join(tempDir("export"), "e.db");
  const db = openDatabase(path);
  seed(db);
  return { db, path };
}

const signaturesOf = (text: string, format: "csv" | "json"): string[] =>
  format === "csv"
    ? parseCsv(text).slice(1).map((r) => r[FILL_COLUMNS.indexOf("signature")] as string)
    : (JSON.parse(text) as Array<{ signature: string }>).map((r) => r.signature);

const FILTERS: Array<[Omit<ExportOptions, "format">, string[]]> = [
  [{}, ["a-buy", "a-sell", "b-buy", "b-sell", "c-buy"]],
  [{ from: "2026-01-02" }, ["b-buy", "b-sell", "c-buy"]],
  [{ to: "2026-01-02" }, ["a-buy", "a-sell", "b-buy", "b-sell"]],
  [{ from: "2026-01-02", to: "2026-01-02" }, ["b-buy", "b-sell"]],
  [{ from: T0 + DAY, to: T0 + 2 * DAY }, ["b-buy", "b-sell"]],
  [{ token: "C" }, ["c-buy"]],
  [{ side: "sell" }, ["a-sell", "b-sell"]],
  [{ side: "buy", from: "2026-01-02" }, ["b-buy", "c-buy"]],
  [{ outcome: "win" }, ["a-buy", "a-sell"]],
  [{ outcome: "loss" }, ["b-buy", "b-sell"]],
  [{ outcome: "open" }, ["c-buy"]],
  [{ outcome: "loss", side: "sell", token: "B" }, ["b-sell"]],
  [{ token: "nope" }, []],
];

describe("export", () => {
  for (const format of ["csv", "json"] as const) {
    test.each(FILTERS)(`${format} with %j`, (filter, signatures) => {
      const { db } = seeded();
      const text = [...exportChunks(db, { format, ...filter })].join("");
      expect(signaturesOf(text, format)).toEqual(signatures);
      db.close();
    });
  }

  test("CSV export neutralises hostile names and keeps exact amounts; JSON keeps the raw strings", () => {
    const { db } = seeded();
    const csv = parseCsv([...exportChunks(db, { format: "csv", token: "C" })].join(""));
    const row = Object.fromEntries(FILL_COLUMNS.map((c, i) => [c, csv[1]?.[i]]));
    expect(row).toMatchObject({ name: '"quoted, comma"\nline2', symbol: "'@SUM(A1)", sol: "1.000000000", lamports: "1000000000", tokens: "35000000000000" });
    const json = JSON.parse([...exportChunks(db, { format: "json", token: "B" })].join("")) as Array<Record<string, string>>;
    expect(json[0]?.name).toBe("=cmd|' /C calc'!A0");
    db.close();
  });

  test("bad options are refused with an error naming the field", () => {
    const { db } = seeded();
    expect(() => [...exportChunks(db, { format: "xml" as "csv" })]).toThrow(/format/);
    expect(() => [...exportChunks(db, { format: "csv", from: "2026-02-30" })]).toThrow(/from: expected a date/);
    expect(() => [...exportChunks(db, { format: "csv", side: "hold" as "buy" })]).toThrow(/side/);
    expect(() => [...exportChunks(db, { format: "csv", outcome: "meh" as "win" })]).toThrow(/outcome/);
    db.close();
  });

  test("large exports stream in chunks to a WritableStream and through a ReadableStream", async () => {
    const { db } = seeded();
    const repos = createRepositories(db);
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) repos.insertFill(fill({ signature: `bulk-${i}`, positionId: "open", mint: "C", side: "buy", at: T0 + 3 * DAY + i }));
    })();
    const chunks: string[] = [];
    await exportTrades(db, { format: "json", token: "C" }, new WritableStream<string>({ write: (c) => void chunks.push(c) }));
    expect(chunks.length).toBeGreaterThan(1);
    expect(signaturesOf(chunks.join(""), "json")).toHaveLength(3001);
    const text = await new Response(exportTradesStream(db, { format: "csv", token: "C" })).text();
    expect(parseCsv(text)).toHaveLength(3002);
    const reader = exportTradesStream(db, { format: "csv" }).getReader();
    await reader.read();
    await reader.cancel(); // stops the query (the statement is finalized)
    db.close();
  });

  test("the export CLI writes a filtered file from a read-only connection", async () => {
    const { db, path } = seeded();
    const out = join(tempDir("export"), "out.json");
    const err: string[] = [];
    const code = await runExport(["--format", "json", "--side", "sell", "--out", out, "--db", path], { out: () => {}, err: (t) => void err.push(t) });
    expect([code, err]).toEqual([0, []]);
    expect(signaturesOf(readFileSync(out, "utf8"), "json")).toEqual(["a-sell", "b-sell"]);
    const printed: string[] = [];
    expect(await runExport(["--outcome", "open", "--db", path], { out: (t) => void printed.push(t), err: () => {} })).toBe(0);
    expect(signaturesOf(printed.join(""), "csv")).toEqual(["c-buy"]);
    expect(await runExport(["--format", "csv", "--bogus", "1", "--db", path], { out: () => {}, err: () => {} })).toBe(2);
    expect(await runExport(["--db", join(tempDir(), "missing.db")], { out: () => {}, err: (t) => void err.push(t) })).toBe(1);
    expect(err.join("")).toMatch(/database not found/);
    db.close();
  });
});
