import { afterAll, describe, expect, test } from "bun:test";
import { LogRing } from "../../src/log/index.ts";
import { cleanup, makeLogging, readLines } from "./helpers.ts";

afterAll(cleanup);

describe("LogRing", () => {
  test("keeps the last N records with sequence numbers; recent and since page through them", () => {
    const spilled: string[] = [];
    const ring = new LogRing(3, { write: (l) => void spilled.push(l) });
    for (let i = 0; i < 5; i++) ring.push({ msg: `m${i}` });
    expect(ring.size).toBe(3);
    expect(ring.spilled).toBe(2);
    expect(ring.lastSeq).toBe(5);
    expect(ring.recent().map((r) => r.msg)).toEqual(["m2", "m3", "m4"]);
    expect(ring.recent(2).map((r) => r.seq)).toEqual([4, 5]);
    expect(ring.recent(0)).toEqual([]);
    expect(ring.since(3).map((r) => r.seq)).toEqual([4, 5]);
    expect(ring.since(0).map((r) => r.seq)).toEqual([3, 4, 5]);
    expect(ring.since(5)).toEqual([]);
    expect(ring.since(2, 1).map((r) => r.seq)).toEqual([3]);
    expect(spilled.map((l) => JSON.parse(l) as { seq: number; msg: string })).toEqual([
      { msg: "m0", seq: 1 },
      { msg: "m1", seq: 2 },
    ]);
    expect(Object.isFrozen(ring.recent()[0])).toBe(true);
  });

  test("a line that is not JSON is kept as its text", () => {
    const ring = new LogRing(2);
    expect(ring.pushLine("oops\n").msg).toBe("oops");
    expect(ring.pushLine('{"msg":"ok","level":30}\n')).toEqual({ msg: "ok", level: 30, seq: 2 });
  });

  test("rejects a capacity below 1", () => {
    expect(() => new LogRing(0)).toThrow(RangeError);
  });
});

describe("ring of the logging", () => {
  test("holds the last ringSize records and spills all older ones to the file, in order, none lost", async () => {
    const made = makeLogging({ ringSize: 10, pretty: false });
    const total = 2500;
    for (let i = 0; i < total; i++) made.logging.child("a").info({ i }, `r${i}`);
    expect(made.logging.ring.size).toBe(10);
    expect(made.logging.ring.spilled).toBe(total - 10);
    expect(made.logging.ring.recent().map((r) => r.msg)).toEqual(Array.from({ length: 10 }, (_, k) => `r${total - 10 + k}`));
    expect(made.logging.ring.recent(3).map((r) => r.seq)).toEqual([total - 2, total - 1, total]);
    await made.logging.flush();
    const spilled = readLines(made.logging.spillPath) as { seq: number; msg: string; actor: string }[];
    expect(spilled).toHaveLength(total - 10);
    spilled.forEach((r, k) => {
      expect(r.seq).toBe(k + 1);
      expect(r.msg).toBe(`r${k}`);
    });
    expect(spilled[0]?.actor).toBe("a");
  });

  test("records below the configured level reach neither the ring nor the file", async () => {
    const made = makeLogging({ level: "info", pretty: false });
    made.logging.root.debug("hidden");
    made.logging.root.info("shown");
    await made.logging.flush();
    expect(made.logging.ring.recent().map((r) => r.msg)).toEqual(["shown"]);
    expect(readLines(made.logging.filePath).map((r) => r.msg)).toEqual(["shown"]);
  });
});
