/**
 * Hot-path costs: evaluateLaunch per launch, and per-trade exit-rule evaluation through the positions
 * book (held mint, and a mint we do not hold). Run: `bun tests/positions/hot-path.bench.ts`.
 * Prints p50/p99/max in microseconds over many timed calls (after a warm-up).
 */
import { ManualClock } from "../../src/clock.ts";
import { compileExitRules } from "../../src/domain/exits/index.ts";
import { compileFilterConfig, evaluateLaunch, LaunchRateLimiter, type FilterContext } from "../../src/domain/filters/index.ts";
import { applyBuyFill, InMemoryPositionStore, openingRecord, PositionBook } from "../../src/positions/index.ts";
import { launch, trade } from "../domain/filters/fixtures.ts";
import { BUY, buyConfirmed, RULES } from "./harness.ts";

function measure(name: string, runs: number, fn: (i: number) => void): void {
  for (let i = 0; i < 20_000; i++) fn(i);
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const t0 = Bun.nanoseconds();
    fn(i);
    samples[i] = Bun.nanoseconds() - t0;
  }
  samples.sort();
  const us = (q: number) => (samples[Math.min(runs - 1, Math.floor(q * runs))]! / 1000).toFixed(2);
  console.log(`${name.padEnd(44)} p50 ${us(0.5)} us  p99 ${us(0.99)} us  max ${us(1)} us  (${runs} runs)`);
}

const config = compileFilterConfig({
  nameDeny: ["\\b(test|rug|scam)\\b", "^[a-z]{1,2}$", "elon.*musk", "t.*r.*u"],
  creatorDeny: Array.from({ length: 1_000 }, (_, i) => `Denied${i}`),
  maxOpenPositions: 1_000,
});
const ctx: FilterContext = {
  paused: false, nowMono: 0, devBuy: null, walletLamports: 10_000_000_000n, openPositions: 3,
  totalExposureLamports: 300_000_000n, exposureFor: () => 0n, alreadyBought: () => false,
  creatorHistory: { priorRugs: () => 0 }, launchRate: new LaunchRateLimiter(0),
};
const launches = Array.from({ length: 1_024 }, (_, i) => launch({ name: `Token number ${i} ${"x".repeat(i % 200)}`, symbol: `TK${i}`, mint: `Mint${i}` }));
let buys = 0;
measure("evaluateLaunch (buy path, 4 patterns, 1k deny)", 200_000, (i) => {
  if (evaluateLaunch(launches[i & 1023]!, ctx, config).action === "buy") buys++;
});

const rules = compileExitRules({ ...RULES, trailingStopBps: 2_000, trailingArmBps: 5_000, maxHoldMs: 0 });
const clock = new ManualClock();
const book = new PositionBook({ rules, clock, store: new InMemoryPositionStore() });
const rec = applyBuyFill(openingRecord(BUY, { now: 0 }), buyConfirmed() as never, 0);
book.add(rec, () => {});
// Prices wander below the high (no new high-water saves, no rule fires): the steady-state cost.
const base = 31_000_000_000n;
const trades = Array.from({ length: 1_024 }, (_, i) => trade({ virtualSolReserves: base - BigInt(i % 97) * 1_000_000n, virtualTokenReserves: 1_040_000_000_000_000n, isBuy: i % 2 === 0 }));
book.onTrade(trade({ virtualSolReserves: base + 1n, virtualTokenReserves: 1_040_000_000_000_000n }));
measure("book.onTrade, held mint (rules evaluated)", 200_000, (i) => book.onTrade(trades[i & 1023]!));
const others = Array.from({ length: 1_024 }, (_, i) => trade({ mint: `Other${i}` }));
measure("book.onTrade, mint not held", 200_000, (i) => book.onTrade(others[i & 1023]!));
console.log(`(buys ${buys}, evaluated ${book.stats.evaluated}, exits ${book.stats.exits})`);
