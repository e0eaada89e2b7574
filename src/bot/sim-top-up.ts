/**
 * The sim wallet's top-up, as a service the background actor (actors/sim-top-up.actor.ts) and the
 * executor's start call: read the balance into the bot's balance cache, then airdrop by the pure rule
 * (wallet/top-up.ts). Owns no timer; one check at a time (a second caller joins the running one), each
 * step bounded by its own timeout as well as the caller's signal. Never on the launch -> buy path.
 */
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import { decideTopUp, type TopUpPolicy } from "../wallet/top-up.ts";

/** What the top-up needs: the rule's settings, the balance refresh, the airdrop, a clock and a logger. */
export interface SimTopUpDeps {
  policy: TopUpPolicy;
  /** Reads the wallet's balance into the bot's balance cache (balance-floor filter, status page) and returns it. */
  refresh(signal: AbortSignal): Promise<bigint>;
  /** requestAirdrop of `lamports` to the wallet (one attempt, never retried); resolves with its signature. */
  airdrop(lamports: bigint, signal: AbortSignal): Promise<string>;
  clock: Pick<Clock, "monotonic">;
  /** Bound of each step (balance read, airdrop), in ms, on top of the caller's signal. */
  timeoutMs: number;
  log: Pick<Logger, "info" | "warn">;
}

/** The top-up service of a sim-mode bot. */
export interface SimTopUp {
  /**
   * One check: refresh the balance, airdrop if it is below the floor and the rate bound allows. Resolves
   * with the ms until the bound allows the next attempt when the balance is below the floor but it is too
   * soon, else null. Rejects only when the balance cannot be read; a failed airdrop is logged (warn).
   */
  check(signal: AbortSignal): Promise<number | null>;
  /** A new chain is up (the simulated cluster (re)started): the rate bound starts afresh for it. */
  newChain(): void;
  /** Airdrops that landed so far. */
  readonly airdrops: number;
}

/** Creates the top-up service over `d` (no I/O until `check`). */
export function createSimTopUp(d: SimTopUpDeps): SimTopUp {
  let running: Promise<number | null> | undefined;
  let lastAttemptAt: number | null = null;
  let airdrops = 0;
  const bounded = (signal: AbortSignal): AbortSignal => AbortSignal.any([signal, AbortSignal.timeout(d.timeoutMs)]);

  const once = async (signal: AbortSignal): Promise<number | null> => {
    const balance = await d.refresh(bounded(signal));
    const now = d.clock.monotonic();
    const decision = decideTopUp(balance, d.policy, lastAttemptAt, now);
    if (decision.action !== "airdrop") return decision.reason === "too_soon" ? decision.waitMs : null;
    lastAttemptAt = now;
    const fields = { balanceLamports: balance, floorLamports: d.policy.floorLamports, airdropLamports: decision.lamports };
    let signature: string;
    try {
      signature = await d.airdrop(decision.lamports, bounded(signal));
    } catch (err) {
      if (!signal.aborted) d.log.warn({ err, ...fields, retryInMs: d.policy.minIntervalMs }, "sim wallet top-up failed: requestAirdrop");
      return d.policy.minIntervalMs;
    }
    airdrops++;
    d.log.info({ ...fields, signature }, "sim wallet topped up by airdrop");
    const after = await d.refresh(bounded(signal));
    return after < d.policy.floorLamports ? d.policy.minIntervalMs : null;
  };

  return {
    check(signal) {
      running ??= once(signal).finally(() => {
        running = undefined;
      });
      return running;
    },
    newChain() {
      lastAttemptAt = null;
    },
    get airdrops() {
      return airdrops;
    },
  };
}
