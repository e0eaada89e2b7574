import { describe, expect, test } from "bun:test";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { AheadLog } from "../../src/store/ahead-log.ts";
import { HistoryWriter } from "../../src/store/history-writer.ts";
import type { HistoryWrite } from "../../src/store/writes.ts";
import { tempDir } from "./helpers.ts";

const child = join(import.meta.dir, "..", "fixtures", "store", "ahead-child.ts");

const intent = (id: string): HistoryWrite => ({
  kind: "intent",
  row: { id, mint: `mint-${id}`, side: "buy", positionId: null, solLamports: 5n, tokenAmount: 2n ** 60n, slippageBps: 100, createdAt: 7, status: "intent", attempts: 1, detail: { big: 2n ** 80n } },
});
const open = (dir: string, onAheadError?: (e: unknown) => void): HistoryWriter => {
  const db = join(dir, "h.db");
  return new HistoryWriter({ db: openDatabase(db), aheadPath: `${db}.ahead`, ...(onAheadError ? { onAheadError } : {}) });
};
/** The lines in a write-ahead file: its text up to the first zero byte. */
const aheadText = (path: string): string => {
  const bytes = readFileSync(path);
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString("utf8");
};
const intentIds = (w: HistoryWriter): string[] => w.db.query<{ id: string }, []>("SELECT id FROM order_intents ORDER BY id").all().map((r) => r.id);

describe("write-ahead file of the history", () => {
  test("writeAhead is in the file at once and in the database after the turn; then the file empties at close", async () => {
    const dir = tempDir("ahead");
    const w = open(dir);
    w.writeAhead([intent("a")]);
    expect(aheadText(join(dir, "h.db.ahead"))).toContain('"id":"a"');
    expect(w.db.query("SELECT count(*) AS n FROM order_intents").get()).toEqual({ n: 0n });
    await Promise.resolve();
    expect(intentIds(w)).toEqual(["a"]);
    const stored = w.repos.pendingIntents()[0]!;
    expect(stored.tokenAmount).toBe(2n ** 60n);
    expect(stored.detail).toEqual({ big: 2n ** 80n });
    w.close();
    expect(aheadText(join(dir, "h.db.ahead"))).toBe("");
  });

  test("a synchronous write or read never overtakes rows written ahead", () => {
    const dir = tempDir("ahead");
    const w = open(dir);
    w.writeAhead([intent("b")]);
    // The update needs the row: it must be committed first (no microtask has run yet).
    w.updateIntentNow({ id: "b", status: "sent", at: 9, signature: "sig-b" });
    expect(w.repos.pendingIntents().map((i) => [i.id, i.status, i.signature])).toEqual([["b", "sent", "sig-b"]]);
    w.close();
  });

  test("kill -9 right after the append: the reopened history replays the intent and its position", async () => {
    const dir = tempDir("ahead-crash");
    const dbPath = join(dir, "k.db");
    const proc = Bun.spawn(["bun", "run", child, dbPath, "x1"], { stdout: "pipe", stderr: "inherit" });
    expect(await new Response(proc.stdout).text()).toBe("written\n");
    expect(await proc.exited).not.toBe(0);
    expect(proc.signalCode).toBe("SIGKILL");
    const w = new HistoryWriter({ db: openDatabase(dbPath), aheadPath: `${dbPath}.ahead` });
    expect(w.aheadReplay).toEqual({ lines: 2, rows: 2, alreadyStored: 0, malformed: 0 });
    expect(intentIds(w)).toEqual(["x1"]);
    expect(w.repos.pendingIntents()[0]!.tokenAmount).toBe(123_456_789_012n);
    expect(w.repos.positionState<{ requested: bigint }>("pos-x1")).toEqual({ requested: 10_000_000n });
    expect(aheadText(`${dbPath}.ahead`)).toBe("");
    w.close();
  });

  test("replay is idempotent (rows already committed are skipped) and a torn last line is counted, not fatal", () => {
    const dir = tempDir("ahead");
    const w = open(dir);
    w.writeNow([intent("c")]);
    w.close();
    const file = join(dir, "h.db.ahead");
    // As if the process died after the commit but before the file was emptied, inside a second append.
    const lines = JSON.stringify([{ kind: "intent", row: { ...intent("c").row } }], (_k, v) => (typeof v === "bigint" ? { $bigint: String(v) } : v)) + "\n" + '[{"kind":"intent","row":{"id":"d","mi';
    const bytes = readFileSync(file);
    bytes.fill(0);
    bytes.write(lines, 0, "utf8");
    writeFileSync(file, bytes);
    const again = open(dir);
    expect(again.aheadReplay).toEqual({ lines: 1, rows: 1, alreadyStored: 1, malformed: 1 });
    expect(intentIds(again)).toEqual(["c"]);
    again.close();
  });

  test("a row refused live (duplicate id) is reported once and does not wedge the rows behind it", async () => {
    const dir = tempDir("ahead");
    const errors: unknown[] = [];
    const w = open(dir, (e) => errors.push(e));
    w.writeNow([intent("e")]);
    w.writeAhead([intent("e")]);
    w.writeAhead([intent("f")]);
    await Promise.resolve();
    expect(intentIds(w)).toEqual(["e", "f"]);
    expect(errors.length).toBe(1);
    expect(String(errors[0])).toContain("history row refused");
    await Promise.resolve();
    expect(errors.length).toBe(1);
    w.close();
  });

  test("a turn that writes more than the file holds commits and clears in between: nothing lost", async () => {
    const dir = tempDir("ahead");
    const db = join(dir, "h.db");
    const w = new HistoryWriter({ db: openDatabase(db), aheadPath: `${db}.ahead`, aheadFileBytes: 64 * 1024 });
    for (let i = 0; i < 1000; i++) w.writeAhead([intent(`h${i}`)]);
    await Promise.resolve();
    expect(intentIds(w).length).toBe(1000);
    expect(statSync(`${db}.ahead`).size).toBe(64 * 1024);
    w.close();
  });

  test("the file is bounded: emptied after a commit once it passes its bound", async () => {
    const dir = tempDir("ahead");
    const w = open(dir);
    const file = join(dir, "h.db.ahead");
    let maxSize = 0;
    for (let i = 0; i < 3000; i++) {
      w.writeAhead([intent(`g${i}`)]);
      if (i % 25 === 0) maxSize = Math.max(maxSize, aheadText(file).length);
      if (i % 10 === 9) await Promise.resolve();
    }
    await Promise.resolve();
    expect(intentIds(w).length).toBe(3000);
    expect(maxSize).toBeLessThan(300 * 1024);
    expect(maxSize).toBeGreaterThan(200 * 1024);
    expect(statSync(file).size).toBe(1 << 20);
    w.close();
  });

  test("a rehearsal encodes the line append would write, and touches neither the file nor the database", async () => {
    const dir = tempDir("ahead");
    const w = open(dir);
    const path = join(dir, "h.db.ahead");
    const before = readFileSync(path);
    const n = w.rehearseAhead([intent("r")]);
    expect(n).toBeGreaterThan(100);
    await Promise.resolve();
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(intentIds(w)).toEqual([]);
    // The same bytes a real write ahead takes.
    w.writeAhead([intent("r")]);
    expect(Buffer.byteLength(aheadText(path))).toBe(n);
    w.close();
  });

  test("a rehearsal too large for its scratch memory encodes nothing; without a write-ahead file there is nothing to rehearse", () => {
    const dir = tempDir("ahead");
    const w = open(dir);
    const huge: HistoryWrite = { ...intent("h"), row: { ...(intent("h").row as object), detail: { pad: "x".repeat(1 << 17) } } } as HistoryWrite;
    expect(w.rehearseAhead([huge])).toBe(0);
    w.close();
    const plain = new HistoryWriter({ db: openDatabase(join(dir, "plain.db")) });
    expect(plain.rehearseAhead([intent("p")])).toBe(0);
    plain.close();
  });

  test("opening allocates every page of the file and changes none of its bytes", () => {
    const dir = tempDir("ahead");
    const path = join(dir, "pages.ahead");
    const size = 64 * 4096;
    const log = new AheadLog(path, size);
    // A sparse file (ftruncate alone) has no blocks: the first append into each page would allocate them.
    expect(statSync(path).blocks * 512).toBeGreaterThanOrEqual(size);
    expect(log.append([intent("a")])).toBe(true);
    log.close();
    const before = readFileSync(path);
    const again = new AheadLog(path, size);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(again.read().lines).toHaveLength(1);
    again.close();
  });
});
