/** Executor settings with defaults (the config's `[executor]` section maps onto these). */
import { MAINNET_FEES, type FeeRates } from "../domain/curve.ts";
import type { PriorityFeePolicy } from "./priority-fee.ts";

/** Mainnet pump.fun Global fee recipient (the simulator accepts it too). */
export const DEFAULT_FEE_RECIPIENT = "62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV";

/** How the executor builds, sends and confirms. */
export interface ExecutorSettings {
  /** Compute unit limit of every trade transaction. */
  computeUnitLimit: number;
  priorityFee: PriorityFeePolicy;
  /** Background getLatestBlockhash period. */
  blockhashRefreshMs: number;
  /** A cached blockhash older than this refuses the order (reason "blockhash stale"). */
  maxBlockhashAgeMs: number;
  /** getSignatureStatuses polling period (also the fallback when the websocket is down). */
  confirmPollMs: number;
  /** Give up on an order this long after its first send (it stays recorded; the mint stays blocked). */
  confirmTimeoutMs: number;
  /** Re-sends with a fresh blockhash after an expiry (0 = none). */
  maxRetries: number;
  /** Commitment at which an order counts as landed. */
  commitment: "confirmed" | "finalized";
  /** Protocol fee recipient put in the trade instructions. */
  feeRecipient: string;
  /** Fee rates for quotes (the chain's TradeEvent is the truth for fills). */
  fees: FeeRates;
  /** Period of the signing path's cache warm-up (./hot-path-warmer.ts); 0 = off. */
  warmIntervalMs: number;
  /** The warm-up also rehearses the intent's write ahead (the bot adds the launch's decode and filters). */
  rehearseLaunchPath: boolean;
}

/** Defaults: 120k CU, fixed 100k micro-lamports/CU, 400 ms refresh, 2 retries, confirmed. */
export const executorDefaults: ExecutorSettings = {
  computeUnitLimit: 120_000,
  priorityFee: { mode: "fixed", microLamports: 100_000n },
  blockhashRefreshMs: 400,
  maxBlockhashAgeMs: 10_000,
  confirmPollMs: 400,
  confirmTimeoutMs: 90_000,
  maxRetries: 2,
  commitment: "confirmed",
  feeRecipient: DEFAULT_FEE_RECIPIENT,
  fees: MAINNET_FEES,
  warmIntervalMs: 0,
  rehearseLaunchPath: false,
};

/** The `[executor]` config section as parsed (numbers; see the section proposed in the executor README part). */
export interface ExecutorConfigSection {
  computeUnitLimit: number;
  priorityFee: {
    mode: "fixed" | "dynamic";
    fixedMicroLamports: number;
    capMicroLamports: number;
    floorMicroLamports: number;
    percentile: number;
    refreshMs: number;
  };
  blockhashRefreshMs: number;
  maxBlockhashAgeMs: number;
  confirmPollMs: number;
  confirmTimeoutMs: number;
  maxRetries: number;
  warmIntervalMs: number;
  rehearseLaunchPath: boolean;
  bundleUrl?: string;
}

/** Executor settings from the config section (money converted to bigint here, at the edge). */
export function executorSettingsFromConfig(c: ExecutorConfigSection): ExecutorSettings {
  const p = c.priorityFee;
  return {
    ...executorDefaults,
    computeUnitLimit: c.computeUnitLimit,
    priorityFee:
      p.mode === "fixed"
        ? { mode: "fixed", microLamports: BigInt(p.fixedMicroLamports) }
        : { mode: "dynamic", percentile: p.percentile, capMicroLamports: BigInt(p.capMicroLamports), floorMicroLamports: BigInt(p.floorMicroLamports), refreshMs: p.refreshMs },
    blockhashRefreshMs: c.blockhashRefreshMs,
    maxBlockhashAgeMs: c.maxBlockhashAgeMs,
    confirmPollMs: c.confirmPollMs,
    confirmTimeoutMs: c.confirmTimeoutMs,
    maxRetries: c.maxRetries,
    warmIntervalMs: c.warmIntervalMs,
    rehearseLaunchPath: c.rehearseLaunchPath,
  };
}
