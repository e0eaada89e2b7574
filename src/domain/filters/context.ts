/** A ready FilterContext built from live views (positions book, wallet); the gate fills the per-launch fields. */
import type { CreatorHistory, FilterConfig, FilterContext } from "./types.ts";
import { LaunchRateLimiter } from "./rate.ts";

/** Live views the context reads on each decision (plain getters; must be cheap). */
export interface FilterContextSources {
  creatorHistory: CreatorHistory;
  walletLamports: () => bigint;
  openPositions: () => number;
  totalExposureLamports: () => bigint;
  exposureFor: (mint: string) => bigint;
  alreadyBought: (mint: string) => boolean;
  paused?: () => boolean;
}

/** Builds the long-lived context with a launch-rate limiter sized from `config`. */
export function createFilterContext(config: FilterConfig, src: FilterContextSources): FilterContext {
  const limiter = new LaunchRateLimiter(config.maxLaunchesPerMinute);
  return {
    get paused() {
      return src.paused?.() ?? false;
    },
    set paused(_v: boolean) {
      // read-only view: pause through the source
    },
    nowMono: 0,
    devBuy: null,
    get walletLamports() {
      return src.walletLamports();
    },
    get openPositions() {
      return src.openPositions();
    },
    get totalExposureLamports() {
      return src.totalExposureLamports();
    },
    exposureFor: src.exposureFor,
    alreadyBought: src.alreadyBought,
    creatorHistory: src.creatorHistory,
    launchRate: limiter,
  };
}
