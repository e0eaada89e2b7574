import { describe, expect, test } from "bun:test";
import {
  type Recommendation,
  type RecommendationThresholds,
  perTokenPerformance,
  recommendations,
  summarize,
} from "../../../src/domain/analytics/index.ts";
import type { TradeRecord } from "../../../src/domain/trade-record.ts";
import { SOL, T0, trade } from "./fixtures.ts";

const MILLI = 1_000_000n; // 0.001 SOL

/** `count` closed trades of 1 SOL cost with the given pnl (in 0.001 SOL), one minute apart. */
function batch(count: number, pnlMilli: bigint, over: Partial<TradeRecord> = {}): TradeRecord[] {
  return Array.from({ length: count }, (_, i) =>
    trade({ closedAt: T0 + 60_000 * (i + 1), proceedsLamports: SOL + pnlMilli * MILLI, ...over }),
  );
}

function run(records: TradeRecord[], thresholds: Partial<RecommendationThresholds> = {}): Recommendation[] {
  return recommendations(summarize(records), perTokenPerformance(records), { minTrades: 10, ...thresholds });
}

interface Case {
  name: string;
  records: TradeRecord[];
  expected: Recommendation;
  /** Thresholds just past the data: the rule must stay silent. */
  silentWith: Partial<RecommendationThresholds>;
}

const cases: Case[] = [
  {
    // 6 stop-loss exits at -0.050, 4 take-profits at +0.020: share 60% > 50%, 0.050 > 0.020
    name: "stop-loss dominant",
    records: [...batch(6, -50n, { exitReason: "stop_loss" }), ...batch(4, 20n)],
    expected: {
      id: "stop_loss_dominant",
      sentence: "Stop-loss closed 60% of trades (6 of 10) with an average loss of 0.050 SOL vs an average win of 0.020 SOL: consider a wider stop or a stricter entry filter.",
      evidence: { stopLossExits: 6, closedTrades: 10, stopLossShare: 0.6, averageLossLamports: "50000000", averageWinLamports: "20000000", threshold: 0.5 },
    },
    silentWith: { stopLossShare: 0.6 },
  },
  {
    // 3 wins at +0.100, 7 manual losses at -0.050: win rate 30%, expectancy (0.3 - 0.35) / 10 = -0.005
    name: "low win rate",
    records: [...batch(3, 100n), ...batch(7, -50n, { exitReason: "manual" })],
    expected: {
      id: "low_win_rate",
      sentence: "Win rate is 30% (3 of 10) with an expectancy of -0.005 SOL per trade: tighten the entry filters or take profit earlier.",
      evidence: { winRate: 0.3, wins: 3, closedTrades: 10, expectancyLamports: "-5000000", threshold: 0.35 },
    },
    silentWith: { lowWinRate: 0.3 },
  },
  {
    // 10 wins at +0.100 each paying 0.030 of fees: 0.300 of 1.000 gross profit = 30%
    name: "fees eat profit",
    records: batch(10, 100n, { feesLamports: 30n * MILLI }),
    expected: {
      id: "fees_eat_profit",
      sentence: "Fees took 30% of gross profit (0.300 SOL of 1.000 SOL): lower the priority fee or skip marginal trades.",
      evidence: { feeShareOfGrossProfit: 0.3, closedFeesLamports: "300000000", grossProfitLamports: "1000000000", threshold: 0.25 },
    },
    silentWith: { feeShareOfGrossProfit: 0.31 },
  },
  {
    // latencies 100..1000 ms: p50 rank 5 -> 500, p90 rank 9 -> 900, p99 rank 10 -> 1000
    name: "slow snipes",
    records: Array.from({ length: 10 }, (_, i) => trade({ proceedsLamports: SOL + MILLI, snipeLatencyMs: 100 * (i + 1) })),
    expected: {
      id: "slow_snipes",
      sentence: "Snipe latency p99 is 1000 ms (p50 500 ms over 10 snipes), above 400 ms: check the RPC endpoint, the priority fee and the blockhash cache.",
      evidence: { p50Ms: 500, p90Ms: 900, p99Ms: 1000, maxMs: 1000, samples: 10, threshold: 400 },
    },
    silentWith: { latencyP99Ms: 1000 },
  },
  {
    // BadDev's 3 tokens each lose 0.010; everyone else wins
    name: "creator always losing",
    records: [...batch(3, -10n, { creator: "BadDev", exitReason: "manual" }), ...batch(7, 10n)],
    expected: {
      id: "creator_always_losing",
      sentence: "Every trade on creator BadDev's tokens lost money (3 of 3 trades on 3 tokens, -0.030 SOL): consider adding the creator to the deny list.",
      evidence: { creator: "BadDev", trades: 3, losses: 3, tokens: 3, pnlLamports: "-30000000", threshold: 3 },
    },
    silentWith: { creatorMinTrades: 4 },
  },
  {
    // max-hold: 3 losses at -0.020 and 1 win at +0.010 (75% losers, -0.050 in total); 6 take-profits
    name: "max-hold exits mostly losers",
    records: [...batch(3, -20n, { exitReason: "max_hold" }), ...batch(1, 10n, { exitReason: "max_hold" }), ...batch(6, 50n)],
    expected: {
      id: "max_hold_losers",
      sentence: "Max-hold exits lost money in 3 of 4 cases (75%, -0.050 SOL in total): consider a shorter max hold or an earlier stop on stalled tokens.",
      evidence: { maxHoldExits: 4, losses: 3, loserShare: 0.75, pnlLamports: "-50000000", threshold: 0.6 },
    },
    silentWith: { maxHoldLoserShare: 0.8 },
  },
  {
    // trailing stop: -0.010, -0.010, 0 and +0.030 -> 3 of 4 without profit, +0.010 in total
    name: "trailing stop gives back",
    records: [...batch(2, -10n, { exitReason: "trailing_stop" }), ...batch(1, 0n, { exitReason: "trailing_stop" }), ...batch(1, 30n, { exitReason: "trailing_stop" }), ...batch(6, 50n)],
    expected: {
      id: "trailing_gives_back",
      sentence: "The trailing stop closed 3 of 4 trades (75%) with no profit (0.010 SOL in total): it gives back too much; consider a tighter trail or activating it only once in profit.",
      evidence: { trailingStopExits: 4, noProfit: 3, noProfitShare: 0.75, pnlLamports: "10000000", threshold: 0.5 },
    },
    silentWith: { trailingMinExits: 5 },
  },
];

describe("recommendation rules", () => {
  for (const c of cases) {
    test(`${c.name}: fires alone with its evidence`, () => {
      expect(run(c.records)).toEqual([c.expected]);
    });
    test(`${c.name}: silent below its threshold`, () => {
      expect(run(c.records, c.silentWith).map((r) => r.id)).not.toContain(c.expected.id);
    });
  }

  test("a healthy day fires nothing", () => {
    expect(run(batch(10, 20n, { snipeLatencyMs: 50 }))).toEqual([]);
  });

  test("every fired rule carries numeric evidence including its threshold", () => {
    const all = run([
      ...batch(12, -50n, { exitReason: "stop_loss", creator: "BadDev", feesLamports: 10n * MILLI, snipeLatencyMs: 900 }),
      ...batch(3, 20n, { exitReason: "trailing_stop", snipeLatencyMs: 100 }),
      ...batch(3, -20n, { exitReason: "trailing_stop" }),
      ...batch(3, -20n, { exitReason: "max_hold" }),
    ]);
    expect(all.map((r) => r.id)).toEqual(["stop_loss_dominant", "low_win_rate", "fees_eat_profit", "max_hold_losers", "trailing_gives_back", "creator_always_losing", "slow_snipes"]);
    for (const r of all) {
      expect(typeof r.evidence.threshold).toBe("number");
      expect(Object.values(r.evidence).some((v) => typeof v === "number")).toBe(true);
    }
  });
});

describe("too few trades", () => {
  test("below minTrades only the significance note is given, even on a terrible day", () => {
    const recs = run(batch(9, -50n, { exitReason: "stop_loss", snipeLatencyMs: 5000 }));
    expect(recs).toEqual([
      {
        id: "too_few_trades",
        sentence: "Only 9 closed trades (fewer than 10): too few for the numbers to be significant, so no other recommendation is made.",
        evidence: { closedTrades: 9, threshold: 10 },
      },
    ]);
  });
  test("the default threshold is 20 closed trades", () => {
    const records = batch(19, 10n);
    expect(recommendations(summarize(records), perTokenPerformance(records)).map((r) => r.id)).toEqual(["too_few_trades"]);
    const more = batch(20, 10n);
    expect(recommendations(summarize(more), perTokenPerformance(more))).toEqual([]);
  });
  test("no trade at all", () => {
    expect(recommendations(summarize([]), [])[0]?.sentence).toStartWith("Only 0 closed trades");
  });
});
