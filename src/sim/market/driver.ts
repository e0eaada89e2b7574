import type { MarketDriver, SimClusterApi, TradeResult } from "../hooks.ts";
import type { MarketAction } from "./actions.ts";
import type { MarketOptionsInput } from "./options.ts";
import { MarketPlanner } from "./planner.ts";

/** Options of the driver on top of the market model's. */
export type MarketDriverOptions = MarketOptionsInput & {
  /** Lamports credited (via `fund`) to each wallet the first time the market uses it. Default 1,000 SOL. */
  fundLamports?: bigint;
  /** Most actions executed in one timer callback before yielding to the event loop. Default 5,000. */
  maxBatch?: number;
  /** Called when the cluster throws on an action (the market goes on). */
  onError?: (error: unknown, action: MarketAction) => void;
};

/** Counters of what the driver did, for the referee and tests. */
export interface MarketStats {
  launches: number;
  launchErrors: number;
  tradesOk: number;
  /** Trades the cluster refused (`ok: false`), by reason (at most 32 distinct reasons, then "other"). */
  tradesRefused: Record<string, number>;
  /** Sells skipped because the seller held nothing, or trades on a mint that failed to launch or completed. */
  tradesSkipped: number;
  creatorDumps: number;
  /** Curves the market's trades completed. */
  graduations: number;
  /** Exceptions thrown by the cluster. */
  errors: number;
  /** Tokens whose story is still running. */
  liveStories: number;
  /** Virtual ms (since start) of the last executed action. */
  lastActionAt: number;
}

/** The market driver plus its counters and planner (for tests). */
export interface Market extends MarketDriver {
  stats(): MarketStats;
  readonly planner: MarketPlanner;
}

const MAX_REASONS = 32;

/**
 * A market model driving a cluster: runs the seeded plan on the cluster's clock, with one timer at a
 * time (to the next due action) and every action due by then executed in that callback.
 */
export function createMarket(options: MarketDriverOptions = {}): Market {
  const { fundLamports = 1_000_000_000_000n, maxBatch = 5_000, onError, ...marketOptions } = options;
  const planner = new MarketPlanner(marketOptions);
  const mints = new Map<number, string>();
  const funded = new Set<string>();
  const stats: MarketStats = {
    launches: 0, launchErrors: 0, tradesOk: 0, tradesRefused: {}, tradesSkipped: 0,
    creatorDumps: 0, graduations: 0, errors: 0, liveStories: 0, lastActionAt: 0,
  };
  let cluster: SimClusterApi | undefined;
  let cancel: (() => void) | undefined;
  let origin = 0;

  const fundOnce = (c: SimClusterApi, wallet: string): void => {
    if (funded.has(wallet)) return;
    funded.add(wallet);
    c.fund(wallet, fundLamports);
  };

  const record = (result: TradeResult, mintRef: number): void => {
    if (result.ok) {
      stats.tradesOk++;
      if (result.complete) {
        stats.graduations++;
        mints.delete(mintRef); // a completed curve takes no more trades
      }
      return;
    }
    const known = result.reason in stats.tradesRefused || Object.keys(stats.tradesRefused).length < MAX_REASONS;
    const key = known ? result.reason : "other";
    stats.tradesRefused[key] = (stats.tradesRefused[key] ?? 0) + 1;
  };

  const sell = (c: SimClusterApi, mintRef: number, seller: string, bps: bigint): boolean => {
    const mint = mints.get(mintRef);
    const tokens = mint === undefined ? 0n : (c.tokenBalance(seller, mint) * bps) / 10_000n;
    if (mint === undefined || tokens === 0n) return false;
    record(c.trade({ trader: seller, mint, side: "sell", tokens }), mintRef);
    return true;
  };

  const execute = (c: SimClusterApi, a: MarketAction): void => {
    switch (a.kind) {
      case "launch": {
        const { fate: _fate, adversarial: _adv, ...params } = a.launch;
        fundOnce(c, params.creator);
        try {
          mints.set(a.mintRef, c.launchToken(params).mint);
          stats.launches++;
        } catch (error) {
          stats.launchErrors++;
          throw error;
        }
        return;
      }
      case "trade": {
        if (a.side === "sell") {
          if (!sell(c, a.mintRef, a.trader, BigInt(a.tokensBps))) stats.tradesSkipped++;
          return;
        }
        const mint = mints.get(a.mintRef);
        if (mint === undefined) {
          stats.tradesSkipped++;
          return;
        }
        fundOnce(c, a.trader);
        record(c.trade({ trader: a.trader, mint, side: "buy", lamports: a.lamports }), a.mintRef);
        return;
      }
      case "creator-dump":
        if (sell(c, a.mintRef, a.creator, 10_000n)) stats.creatorDumps++;
        return;
      case "story-end":
        mints.delete(a.mintRef);
        return;
    }
  };

  const tick = (): void => {
    cancel = undefined;
    const c = cluster;
    if (!c) return;
    const due = c.now() - origin;
    let done = 0;
    for (let a = planner.peek(); a && a.at <= due && done < maxBatch; a = planner.peek()) {
      planner.next();
      done++;
      try {
        execute(c, a);
      } catch (error) {
        stats.errors++;
        onError?.(error, a);
      }
      stats.lastActionAt = a.at;
    }
    arm(c);
  };

  const arm = (c: SimClusterApi): void => {
    if (cluster !== c) return; // stopped (possibly from inside an action)
    const next = planner.peek();
    if (!next) return;
    cancel = c.schedule(Math.max(0, origin + next.at - c.now()), tick);
  };

  return {
    planner,
    start(c) {
      if (cluster) throw new Error("market already started");
      cluster = c;
      // A restart resumes the plan where it stopped instead of replaying the gap at once.
      origin = c.now() - stats.lastActionAt;
      arm(c);
    },
    stop() {
      cluster = undefined;
      cancel?.();
      cancel = undefined;
    },
    stats: () => ({ ...stats, tradesRefused: { ...stats.tradesRefused }, liveStories: planner.liveStories }),
  };
}
