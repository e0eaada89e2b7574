/** Shapes of the launch filter: settings from config, the compiled form, the runtime context, the decision. */
import type { FeeRates } from "../curve.ts";
import type { BuyRequest } from "../../pipeline/orders.ts";

/** Every reason a launch is skipped (a closed set: the decisions table and reports group by it). */
export type SkipReason =
  | "paused"
  | "already_bought"
  | "token_program_not_allowed"
  | "creator_denied"
  | "creator_not_allowed"
  | "creator_rugged_before"
  | "name_denied"
  | "name_not_allowed"
  | "dev_buy_too_small"
  | "dev_buy_too_large"
  | "balance_floor"
  | "max_positions"
  | "exposure_token_cap"
  | "exposure_total_cap"
  | "launch_rate_limit"
  /** Decided to buy, but the executor or the positions were not there to take it (restarting, starting). */
  | "trading_unavailable";

/** Every skip reason the filter decides, in the order it checks them (trading_unavailable is the trading side's). */
export const SKIP_REASONS: readonly SkipReason[] = [
  "paused", "already_bought", "token_program_not_allowed", "creator_denied", "creator_not_allowed",
  "creator_rugged_before", "name_denied", "name_not_allowed", "dev_buy_too_small", "dev_buy_too_large",
  "balance_floor", "max_positions", "exposure_token_cap", "exposure_total_cap", "launch_rate_limit",
];

/** Buy: what to send (the executor's BuyRequest) and the quote it was derived from. */
export interface BuyDecision {
  action: "buy";
  lamports: bigint;
  minTokensOut: bigint;
  /** Tokens `lamports` buys at the reserves the decision saw (after the dev buy when known). */
  expectedTokens: bigint;
  request: BuyRequest;
}

/** Skip: a reason code and a short, bounded, human-readable detail. */
export interface SkipDecision {
  action: "skip";
  reason: SkipReason;
  detail: string;
}

/** The outcome of evaluating one launch. */
export type Decision = BuyDecision | SkipDecision;

/** The `[filters]` config section as plain data (lamports as integers). */
export interface FilterSettings {
  /** Case-insensitive regexes tested against the name and the symbol; any match skips. */
  nameDeny: readonly string[];
  /** When non-empty, the name or the symbol must match one of these. */
  nameAllow: readonly string[];
  /** Names/symbols are cut to this many chars before matching (ReDoS and cost bound). */
  maxNameChars: number;
  creatorDeny: readonly string[];
  /** When non-empty, only these creators are bought. */
  creatorAllow: readonly string[];
  /** Skip a creator with more earlier rugs (in our own history) than this. */
  maxCreatorRugs: number;
  devBuyMinLamports: number;
  /** 0 = no upper bound. */
  devBuyMaxLamports: number;
  /** Allowed token program ids (SPL Token, Token-2022). */
  tokenPrograms: readonly string[];
  /** Buys per sliding minute; 0 = unlimited. */
  maxLaunchesPerMinute: number;
  /** 0 = unlimited. */
  maxOpenPositions: number;
  /** 0 = no cap. */
  maxTokenExposureLamports: number;
  /** 0 = no cap. */
  maxTotalExposureLamports: number;
  /** Never let the wallet go below this after a buy (and its fee reserve). */
  balanceFloorLamports: number;
  /** Fees, rent and tips set aside per buy on top of `buyLamports` for the balance check. */
  feeReserveLamports: number;
  buyLamports: number;
  slippageBps: number;
  protocolFeeBps: number;
  creatorFeeBps: number;
}

/** The compiled, frozen filter config: regexes built and checked once, lamports as bigint, sets for lists. */
export interface FilterConfig {
  readonly nameDeny: readonly RegExp[];
  readonly nameAllow: readonly RegExp[];
  readonly maxNameChars: number;
  readonly creatorDeny: ReadonlySet<string>;
  readonly creatorAllow: ReadonlySet<string>;
  readonly maxCreatorRugs: number;
  readonly devBuyMin: bigint;
  /** null = no upper bound. */
  readonly devBuyMax: bigint | null;
  readonly tokenPrograms: ReadonlySet<string>;
  readonly maxLaunchesPerMinute: number;
  readonly maxOpenPositions: number;
  readonly maxTokenExposure: bigint | null;
  readonly maxTotalExposure: bigint | null;
  readonly balanceFloor: bigint;
  readonly feeReserve: bigint;
  readonly buyLamports: bigint;
  /** 10000 - slippageBps, precomputed. */
  readonly keepBps: bigint;
  readonly fees: FeeRates;
}

/** How many times a creator rugged before, from our own history (the store implements it). */
export interface CreatorHistory {
  priorRugs(creator: string): number;
}

/** Where every decision is journaled (the store implements it; called after the buy was sent). */
export interface DecisionLog {
  recordDecision(record: DecisionRecord): void;
}

/** One journaled decision. */
export interface DecisionRecord {
  mint: string;
  signature: string;
  creator: string;
  /** Wall-clock ms of the decision. */
  at: number;
  /** Clock.monotonic() cost of the decision in ms (filter only). */
  decideMs: number;
  /** The dev buy the decision saw, lamports on the curve (0n when the creator did not buy). */
  devBuyLamports: bigint;
  decision: Decision;
}

/** What the creator bought in the launch transaction (its TradeEvent of the same signature). */
export interface DevBuy {
  lamports: bigint;
  tokens: bigint;
  /** Curve reserves after the dev buy: our buy lands after it. */
  virtualSolReserves: bigint;
  virtualTokenReserves: bigint;
  realTokenReserves: bigint;
}

/** Runtime facts the filter reads; one long-lived object the sniper keeps current (no per-launch allocation). */
export interface FilterContext {
  /** Control endpoint pause. */
  paused: boolean;
  /** Monotonic ms now (for the launch-rate window). */
  nowMono: number;
  /** The dev buy of this launch's transaction, or null when the creator did not buy. */
  devBuy: DevBuy | null;
  walletLamports: bigint;
  openPositions: number;
  totalExposureLamports: bigint;
  /** Lamports already committed to `mint` (0n normally: it is a fresh launch). */
  exposureFor(mint: string): bigint;
  /** A mint we bought before (or have an order intent for): never buy twice. */
  alreadyBought(mint: string): boolean;
  creatorHistory: CreatorHistory;
  /** Buys in the last minute; see LaunchRateLimiter. */
  launchRate: { isFull(nowMono: number): boolean; record?(nowMono: number): void };
}
