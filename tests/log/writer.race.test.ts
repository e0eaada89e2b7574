import { afterAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FileWriter, LogRing } from "../../src/log/index.ts";
import { cleanup, logDir } from "./helpers.ts";

afterAll(cleanup);

const RUNS = Number(process.env.RACE_RUNS ?? 20);

type Op = { kind: "write"; producer: number; count: number } | { kind: "flush" } | { kind: "flushSync" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("write" as const), producer: fc.integer({ min: 0, max: 2 }), count: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: "flush" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "flushSync" as const }) },
);

describe("race: log writers", () => {
  test("race: interleaved writes, flushes, sync flushes and close keep every accepted line exactly once, in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(opArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.integer({ min: 64, max: 8192 }),
        async (s, ops, batchBytes, maxQueuedBytes) => {
          const path = join(logDir(), "race.log");
          const writer = new FileWriter({ path, batchBytes, lingerMs: 1, maxQueuedBytes });
          const next = [0, 0, 0];
          // Each operation runs when the scheduler says; flushes are awaited inside their own task.
          const tasks = ops.map((op) =>
            s.schedule(Promise.resolve(op)).then(async (o) => {
              if (o.kind === "write") {
                for (let i = 0; i < o.count; i++) {
                  const n = next[o.producer]!++;
                  writer.write(`${JSON.stringify({ p: o.producer, n, pad: "é".repeat(n % 5) })}\n`);
                }
              } else if (o.kind === "flush") {
                await writer.flush();
              } else {
                writer.flushSync();
              }
            }),
          );
          await s.waitFor(Promise.all(tasks));
          await writer.close();
          const lines = readFileSync(path, "utf8").split("\n").filter((l) => l !== "");
          const records = lines.map((l) => JSON.parse(l) as { p: number; n: number });
          for (const producer of [0, 1, 2]) {
            const seen = records.filter((r) => r.p === producer).map((r) => r.n);
            expect(seen).toEqual(Array.from({ length: next[producer]! }, (_, k) => k));
          }
          expect(records).toHaveLength(writer.lines);
          expect(writer.errors).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test("race: the ring never loses a record: memory plus spill always holds every pushed record in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 15 }),
        async (s, capacity, bursts) => {
          const path = join(logDir(), "spill.jsonl");
          const spill = new FileWriter({ path, batchBytes: 256, lingerMs: 1 });
          const ring = new LogRing(capacity, { write: (line) => spill.write(line) });
          let pushed = 0;
          const tasks = bursts.map((n) =>
            s.schedule(Promise.resolve(n)).then(async (count) => {
              for (let i = 0; i < count; i++) ring.push({ msg: `m${pushed++}` });
              await spill.flush();
            }),
          );
          await s.waitFor(Promise.all(tasks));
          await spill.close();
          const spilled = readFileSync(path, "utf8").split("\n").filter((l) => l !== "").map((l) => (JSON.parse(l) as { msg: string }).msg);
          const inMemory = ring.recent(capacity).map((r) => r.msg);
          expect([...spilled, ...inMemory]).toEqual(Array.from({ length: pushed }, (_, k) => `m${k}`));
          expect(ring.spilled).toBe(spilled.length);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
