import { z } from "zod";
import { bool, int, section, tableList } from "../fields.ts";

/** `[exits]`: the exit rules of every position and how its sells are bounded and retried. */
export const exitsSection = section({
  takeProfit: tableList(z.strictObject({ atBps: int(-9_999, 10_000_000), sellBps: int(1, 10_000) }), "must be a list of { atBps, sellBps } tables")
    .default([
      { atBps: 5_000, sellBps: 5_000 },
      { atBps: 15_000, sellBps: 5_000 },
    ]),
  stopLossBps: int(0, 10_000).default(3_000),
  trailingStopBps: int(0, 9_999).default(2_500),
  trailingArmBps: int(0, 10_000_000).default(5_000),
  maxHoldMs: int(0, 30 * 86_400_000).default(900_000),
  exitOnCreatorSell: bool().default(true),
  exitOnCurveComplete: bool().default(true),
  protocolFeeBps: int(0, 1_000).default(95),
  creatorFeeBps: int(0, 1_000).default(30),
  sell: section({
    slippageBps: int(0, 9_999).default(1_500),
    slippageStepBps: int(0, 9_999).default(1_000),
    slippageMaxBps: int(0, 9_999).default(5_000),
    maxRetries: int(0, 100).default(4),
    retryDelayMs: int(0, 600_000).default(500),
    executorWaitMs: int(1, 60_000).default(100),
    outcomeTimeoutMs: int(1_000, 3_600_000).default(60_000),
  }),
});
