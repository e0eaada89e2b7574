/**
 * The compute-unit price (priority fee, micro-lamports per CU): fixed, or a percentile of
 * getRecentPrioritizationFees refreshed in the background and capped. Reading it never does I/O.
 */
import type { HttpRpcClient } from "../chain/rpc/http-client.ts";

/** How the priority fee is chosen. */
export type PriorityFeePolicy =
  | { mode: "fixed"; microLamports: bigint }
  | {
      mode: "dynamic";
      /** Percentile of the recent fees, 0..100 (e.g. 75). */
      percentile: number;
      /** Never more than this. */
      capMicroLamports: bigint;
      /** Never less than this (also used before the first refresh). */
      floorMicroLamports: bigint;
      /** Background refresh period (default 2 s). */
      refreshMs?: number;
      /** Accounts passed to getRecentPrioritizationFees (e.g. the pump program); default none. */
      accounts?: string[];
    };

/** The `p`-th percentile (nearest rank) of `values`; 0n for an empty list. */
export function percentileOf(values: readonly bigint[], p: number): bigint {
  if (values.length === 0) return 0n;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

/** Clamps a fee into [floor, cap]. */
export function clampFee(fee: bigint, floor: bigint, cap: bigint): bigint {
  return fee > cap ? cap : fee < floor ? (floor > cap ? cap : floor) : fee;
}

/** The current priority fee under a policy. */
export class PriorityFee {
  private value: bigint;

  constructor(
    readonly policy: PriorityFeePolicy,
    private readonly rpc?: Pick<HttpRpcClient, "getRecentPrioritizationFees">,
  ) {
    this.value = policy.mode === "fixed" ? policy.microLamports : clampFee(policy.floorMicroLamports, policy.floorMicroLamports, policy.capMicroLamports);
  }

  /** Micro-lamports per CU for the next transaction. Never does I/O. */
  current(): bigint {
    return this.value;
  }

  /** Re-reads the recent fees (dynamic mode only). */
  async refresh(signal?: AbortSignal): Promise<bigint> {
    const p = this.policy;
    if (p.mode === "fixed" || !this.rpc) return this.value;
    const recent = await this.rpc.getRecentPrioritizationFees(p.accounts, { signal, timeoutMs: 2_000, retry: { maxAttempts: 2 } });
    const fees = recent.map((r) => BigInt(Math.max(0, Math.floor(r.prioritizationFee))));
    this.value = clampFee(percentileOf(fees, p.percentile), p.floorMicroLamports, p.capMicroLamports);
    return this.value;
  }

  /** Starts the background refresh (dynamic mode); stops when `signal` aborts. */
  start(signal: AbortSignal, onError?: (e: unknown) => void): void {
    const p = this.policy;
    if (p.mode === "fixed") return;
    const tick = (): void => {
      this.refresh(signal).catch((e) => {
        if (!signal.aborted) onError?.(e);
      });
    };
    tick();
    const timer = setInterval(tick, p.refreshMs ?? 2_000);
    signal.addEventListener("abort", () => clearInterval(timer), { once: true });
  }
}
