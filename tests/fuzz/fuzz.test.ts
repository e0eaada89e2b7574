/**
 * Seeded fuzzing, CI share: FUZZ_CASES (default 10,000) cases with FUZZ_SEED (default 1). The full run,
 * `bun run tests/fuzz/fuzz.ts --cases 100000`, takes about 5 s.
 */
import { expect, test } from "bun:test";
import { runFuzz } from "./fuzz.ts";

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);

test(`fuzz (${CASES} cases, seed ${SEED}): malformed frames, log lines, account data, pubkeys and config files never crash and are counted or rejected clearly`, async () => {
  const r = await runFuzz(CASES, SEED);
  const total = Object.values(r.cases).reduce((a, b) => a + b, 0);
  expect(total).toBeGreaterThanOrEqual(CASES);
  for (const category of ["frames", "logs", "accounts", "pubkeys", "config"]) expect(r.cases[category] ?? 0).toBeGreaterThan(0);
  // Bad frames of every kind were produced and counted where they belong.
  for (const counter of ["json", "utf8", "shape", "unknownSub", "failed"]) {
    expect(Object.entries(r.outcomes.frames ?? {}).some(([k, n]) => k.split("+").includes(counter) && n > 0)).toBe(true);
  }
  expect(r.failures.slice(0, 5)).toEqual([]);
}, 120_000);

test("fuzz is reproducible: the same seed gives the same outcomes", async () => {
  const a = await runFuzz(1_000, 42);
  const b = await runFuzz(1_000, 42);
  expect(a.outcomes).toEqual(b.outcomes);
});
