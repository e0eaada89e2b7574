/** Builds the SellRequest of a pending sell, with a slippage bound that widens with each retry. */
import type { FeeRates } from "../domain/curve.ts";
import { sellValue } from "../domain/exits/value.ts";
import type { TickReserves } from "../domain/exits/types.ts";
import type { SellRequest } from "../pipeline/orders.ts";
import type { PositionRecord, SellPolicy } from "./types.ts";

/** Slippage of attempt `attempt` (0-based): base + step x attempt, capped. */
export function slippageFor(policy: SellPolicy, attempt: number): number {
  return Math.min(policy.slippageMaxBps, policy.slippageBps + policy.slippageStepBps * attempt);
}

/** The executor request for `record`'s pending sell priced on `reserves`; null when nothing is pending. */
export function buildSellRequest(record: PositionRecord, reserves: TickReserves, fees: FeeRates, policy: SellPolicy): SellRequest | null {
  const p = record.pendingSell;
  if (p === null) return null;
  const tokens = p.full || p.tokens > record.tokensHeld ? record.tokensHeld : p.tokens;
  if (tokens <= 0n) return null;
  const expected = sellValue(reserves, tokens, fees);
  const keep = BigInt(10_000 - slippageFor(policy, p.attempt));
  return {
    mint: record.mint,
    bondingCurve: record.bondingCurve,
    creator: record.creator,
    tokenProgram: record.tokenProgram,
    positionId: record.positionId,
    tokens,
    minSolOutput: (expected * keep) / 10_000n,
    reason: p.reason,
    triggeredAt: p.triggeredAt,
    closeAccount: tokens === record.tokensHeld && p.keepAccount !== true,
  };
}
