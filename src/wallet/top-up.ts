/**
 * The sim wallet's top-up rule, pure: given the balance a background check just read, whether to ask the
 * cluster for an airdrop now. The airdrop rate is bounded by a minimum interval between attempts (failed
 * ones count too); a new chain (a restarted simulated cluster) starts with no attempt behind it.
 */

/** The top-up settings (`wallet.simFloorLamports`, `simAirdropLamports`, `simAirdropMinIntervalMs`). */
export interface TopUpPolicy {
  /** Top up when the balance is below this. */
  floorLamports: bigint;
  /** How much one airdrop asks for; 0 turns top-ups off. */
  airdropLamports: bigint;
  /** At least this long between two airdrop attempts on the same chain. */
  minIntervalMs: number;
}

/** What one check does: airdrop, or nothing and why. */
export type TopUpDecision =
  | { action: "airdrop"; lamports: bigint }
  | { action: "none"; reason: "above_floor" | "disabled" }
  /** Below the floor, but the last attempt was less than the minimum interval ago: the next in `waitMs`. */
  | { action: "none"; reason: "too_soon"; waitMs: number };

/**
 * Airdrop `airdropLamports` when `balance` is below the floor and no attempt was made on this chain in the
 * last `minIntervalMs` (`lastAttemptAt` is monotonic ms, null when none; `now` on the same clock).
 */
export function decideTopUp(balance: bigint, policy: TopUpPolicy, lastAttemptAt: number | null, now: number): TopUpDecision {
  if (balance >= policy.floorLamports) return { action: "none", reason: "above_floor" };
  if (policy.airdropLamports <= 0n) return { action: "none", reason: "disabled" };
  if (lastAttemptAt !== null && now - lastAttemptAt < policy.minIntervalMs) return { action: "none", reason: "too_soon", waitMs: lastAttemptAt + policy.minIntervalMs - now };
  return { action: "airdrop", lamports: policy.airdropLamports };
}
