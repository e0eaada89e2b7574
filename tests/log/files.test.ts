import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../src/clock.ts";
import { dailyLogName, FileWriter } from "../../src/log/index.ts";
import { cleanup, logDir, makeLogging, readLines } from "./helpers.ts";

afterAll(cleanup);

describe("flush", () => {
  test("leaves every record on disk, in order", async () => {
    const made = makeLogging({ pretty: false, ringSize: 100 });
    const log = made.logging.child("history");
    const total = 20_000;
    for (let i = 0; i < total; i++) log.info({ i, pad: "p".repeat(50) }, "row");
    await made.logging.flush();
    const lines = readLines(made.logging.filePath) as { i: number; actor: string; level: number }[];
    expect(lines).toHaveLength(total);
    lines.forEach((r, k) => expect(r.i).toBe(k));
    expect(lines[0]?.actor).toBe("history");
    expect(readLines(made.logging.spillPath)).toHaveLength(total - 100);
  });

  test("flushSync writes pending and in-flight batches without reordering", () => {
    const made = makeLogging({ pretty: false });
    for (let i = 0; i < 3000; i++) made.logging.root.info({ i }, "sync");
    made.logging.flushSync();
    const lines = readLines(made.logging.filePath) as { i: number }[];
    expect(lines.map((r) => r.i)).toEqual(Array.from({ length: 3000 }, (_, k) => k));
  });

  test("the file name carries the UTC date of the clock and rolls over at midnight", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 2, 23, 59, 59));
    const made = makeLogging({ pretty: false, clock });
    made.logging.root.info("before midnight");
    expect(made.logging.filePath).toBe(join(made.dir, "sniper-2026-01-02.log"));
    clock.advance(2000);
    made.logging.root.info("after midnight");
    expect(made.logging.filePath).toBe(join(made.dir, "sniper-2026-01-03.log"));
    await made.logging.flush();
    expect(readLines(join(made.dir, "sniper-2026-01-02.log")).map((r) => r.msg)).toEqual(["before midnight"]);
    const after = readLines(join(made.dir, "sniper-2026-01-03.log"));
    expect(after.map((r) => r.msg)).toEqual(["after midnight"]);
    expect(after[0]?.time).toBe(Date.UTC(2026, 0, 3, 0, 0, 1));
    expect(dailyLogName(Date.UTC(2026, 11, 31, 12))).toBe("sniper-2026-12-31.log");
  });

  test("appends to an existing file", async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const first = makeLogging({ pretty: false, clock });
    first.logging.root.info("one");
    await first.logging.close();
    const path = first.logging.filePath;
    const w = new FileWriter({ path });
    w.write('{"msg":"two"}\n');
    await w.close();
    expect(readLines(path).map((r) => r.msg)).toEqual(["one", "two"]);
  });
});

describe("FileWriter", () => {
  test("keeps order when the in-flight bound forces synchronous writes", async () => {
    const path = join(logDir(), "x", "out.log");
    const w = new FileWriter({ path, batchBytes: 64, maxQueuedBytes: 256 });
    for (let i = 0; i < 5000; i++) w.write(`${i}\n`);
    await w.flush();
    const got = readFileSync(path, "utf8").trimEnd().split("\n").map(Number);
    expect(got).toEqual(Array.from({ length: 5000 }, (_, k) => k));
    expect(w.lines).toBe(5000);
    expect(w.errors).toBe(0);
    await w.close();
    expect(() => w.write("late\n")).toThrow();
  });

  test("multi-byte text is placed by bytes, not characters", async () => {
    const path = join(logDir(), "utf8.log");
    const w = new FileWriter({ path, batchBytes: 8 });
    const words = ["héllo", "🚀🚀", "日本語", "plain"];
    for (let i = 0; i < 400; i++) w.write(`${words[i % 4]}${i}\n`);
    await w.flush();
    const got = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(got).toEqual(Array.from({ length: 400 }, (_, i) => `${words[i % 4]}${i}`));
    await w.close();
  });
});

describe("two writers on one file", () => {
  test("interleaved batches of two FileWriters all survive, whole, each writer's in its order (the file is opened for appending)", async () => {
    const path = join(logDir(), "shared.log");
    const a = new FileWriter({ path });
    const b = new FileWriter({ path });
    const next = { a: 0, b: 0 };
    const line = (w: "a" | "b"): string => `${JSON.stringify({ w, n: next[w]++, msg: "x".repeat(next[w] % 7) })}\n`;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i <= round % 3; i++) a.write(line("a"));
      if (round % 2 === 0) await a.flush();
      else a.flushSync();
      for (let i = 0; i <= round % 4; i++) b.write(line("b"));
      if (round % 3 === 0) b.flushSync();
      else await b.flush();
    }
    await Promise.all([a.close(), b.close()]);
    const records = readLines(path) as { w: "a" | "b"; n: number }[];
    expect(records).toHaveLength(next.a + next.b);
    for (const w of ["a", "b"] as const) expect(records.filter((r) => r.w === w).map((r) => r.n)).toEqual(Array.from({ length: next[w] }, (_, k) => k));
  });

  test("a second process logging into the running bot's file (a refused start) keeps its lines, and ours stay whole", async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
    const first = makeLogging({ pretty: false, clock });
    for (let i = 0; i < 5; i++) first.logging.root.info({ i }, "running");
    await first.logging.flush();
    const logModule = join(import.meta.dir, "../../src/log/index.ts");
    const code = [
      `import { createLogging } from ${JSON.stringify(logModule)};`,
      `const l = createLogging({ config: { log: { level: "info", dir: ${JSON.stringify(first.dir)}, ringSize: 5, pretty: false } }, secrets: {}, isTty: false, clock: { now: () => ${clock.now()}, monotonic: () => 0 } });`,
      `l.root.info("config loaded");`,
      `l.root.warn("database in use");`,
      `l.root.fatal({ err: new Error("database data/sniper.db is in use by process 1") }, "start-up failed");`,
      `await l.close();`,
      `process.exit(1);`,
    ].join("\n");
    const r = Bun.spawnSync([process.execPath, "-e", code], { stdout: "pipe", stderr: "pipe" });
    expect(r.stderr.toString()).toBe("");
    expect(r.exitCode).toBe(1);
    // The running bot goes on logging into the same file after the refused one exited.
    for (let i = 5; i < 12; i++) first.logging.root.info({ i, note: "longer than the lines before it" }, "running");
    await first.logging.flush();
    const text = readFileSync(first.logging.filePath, "utf8");
    const lines = text.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(15);
    const records = lines.map((l) => JSON.parse(l) as { msg: string; i?: number });
    expect(records.filter((x) => x.msg === "running").map((x) => x.i)).toEqual(Array.from({ length: 12 }, (_, k) => k));
    expect(records.map((x) => x.msg).filter((m) => m !== "running")).toEqual(["config loaded", "database in use", "start-up failed"]);
  });
});

describe("stdout", () => {
  test("pretty output only on a TTY when log.pretty is auto, always when true, never when false", async () => {
    const auto = makeLogging({ pretty: "auto", isTty: false });
    auto.logging.root.info("x");
    expect(auto.pretty).toEqual([]);
    const tty = makeLogging({ pretty: "auto", isTty: true });
    tty.logging.root.info("shown on tty");
    expect(tty.pretty.join("")).toContain("shown on tty");
    const forced = makeLogging({ pretty: true, isTty: false });
    forced.logging.child("listener").warn({ mint: "Mint111" }, "forced");
    const text = forced.pretty.join("");
    expect(text).toContain("WARN");
    expect(text).toContain("forced");
    expect(text).toContain("listener");
    expect(text).not.toContain("\u001b");
    const off = makeLogging({ pretty: false, isTty: true });
    off.logging.root.info("x");
    expect(off.pretty).toEqual([]);
  });
});

describe("close", () => {
  test("records logged after close never throw and still reach the ring", async () => {
    const made = makeLogging({ pretty: false });
    made.logging.root.info("before");
    await made.logging.close();
    expect(() => made.logging.root.info("after")).not.toThrow();
    await made.logging.flush();
    made.logging.flushSync();
    expect(made.logging.ring.recent().map((r) => r.msg)).toEqual(["before", "after"]);
    expect(readLines(made.logging.filePath).map((r) => r.msg)).toEqual(["before"]);
  });
});

describe("exit", () => {
  test("records still queued when the process exits are written by the exit hook", () => {
    const dir = logDir();
    const logModule = join(import.meta.dir, "../../src/log/index.ts");
    const code = [
      `import { createLogging } from ${JSON.stringify(logModule)};`,
      `const l = createLogging({ config: { log: { level: "info", dir: ${JSON.stringify(dir)}, ringSize: 5, pretty: false } }, secrets: {}, isTty: false });`,
      `for (let i = 0; i < 20000; i++) l.root.info({ i }, "x");`,
      `process.exit(0);`,
    ].join("\n");
    const r = Bun.spawnSync([process.execPath, "-e", code], { stdout: "pipe", stderr: "pipe" });
    expect(r.stderr.toString()).toBe("");
    expect(r.exitCode).toBe(0);
    const file = readdirSync(dir).find((f) => f.startsWith("sniper-")) as string;
    const lines = readLines(join(dir, file)) as { i: number }[];
    expect(lines).toHaveLength(20000);
    expect(lines[19999]?.i).toBe(19999);
    expect(readLines(join(dir, "ring-spill.jsonl"))).toHaveLength(20000 - 5);
  });
});
