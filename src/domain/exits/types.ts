/** Shapes of the exit rules: the position as the rules see it, the ticks they react to, the rules, the decisions. */
import type { CurveReserves, FeeRates } from "../curve.ts";
import type { ExitReason } from "../trade-record.ts";

/** An exact price: lamports per token base unit = num / den. */
export interface Price {
  num: bigint;
  den: bigint;
}

/** What the rules need of a position (a subset of the persisted record). */
export interface PositionState {
  /** Tokens the buy filled. */
  tokensBought: bigint;
  /** Tokens still held (after confirmed sells). */
  tokensHeld: bigint;
  /** Total paid for the buy, fees included. */
  costLamports: bigint;
  /** Average curve price of the buy (fees excluded): buy lamports / tokens. */
  entryPrice: Price;
  /** Highest curve price seen since the buy (starts at the entry price). */
  highWater: Price;
  /** Wall-clock ms of the buy fill (max hold counts from here, across restarts). */
  openedAt: number;
  /** Bit i set: take-profit level i was taken (sent). */
  tpDone: number;
  /** A sell in flight: a full exit blocks every rule; a partial blocks further take-profit levels. */
  pendingExit: "none" | "partial" | "full";
}

/** The reserves a price tick carries (a TradeEvent has them: pass it as is). */
export type TickReserves = Pick<CurveReserves, "virtualSolReserves" | "virtualTokenReserves">;

/** A trade moved the curve: the new reserves. */
export interface PriceTick {
  kind: "price";
  reserves: TickReserves;
}
/** Time passed (max hold timer). */
export interface TimeTick {
  kind: "time";
}
/** The creator sold on this mint (its sell TradeEvent). */
export interface CreatorSold {
  kind: "creator_sold";
}
/** The curve completed (CompleteEvent): liquidity migrates to PumpSwap. */
export interface CurveCompletedTick {
  kind: "curve_completed";
}
/** Anything an exit rule reacts to. */
export type ExitTick = PriceTick | TimeTick | CreatorSold | CurveCompletedTick;

/** One rung of the take-profit ladder: when PnL reaches `atBps`, sell `sellBps` of the tokens bought. */
export interface TakeProfitLevel {
  atBps: number;
  sellBps: number;
}

/** The `[exits]` settings that drive the rules (bps are basis points: 5000 = 50 %). */
export interface ExitSettings {
  takeProfit: readonly TakeProfitLevel[];
  /** Sell everything when PnL <= -stopLossBps; 0 = off. */
  stopLossBps: number;
  /** Sell everything when the price falls this far below the high-water mark; 0 = off. */
  trailingStopBps: number;
  /** The trailing stop arms once the high-water mark is this far above the entry price; 0 = armed at once. */
  trailingArmBps: number;
  /** 0 = off. */
  maxHoldMs: number;
  exitOnCreatorSell: boolean;
  exitOnCurveComplete: boolean;
  protocolFeeBps: number;
  creatorFeeBps: number;
}

/** Compiled take-profit level: cumulative share of the tokens bought to have sold after it. */
export interface CompiledLevel {
  readonly atBps: bigint;
  readonly cumSellBps: bigint;
}

/** Compiled, frozen exit rules. */
export interface ExitRules {
  readonly takeProfit: readonly CompiledLevel[];
  readonly stopLossBps: bigint | null;
  readonly trailingStopBps: bigint | null;
  readonly trailingArmBps: bigint;
  readonly maxHoldMs: number | null;
  readonly exitOnCreatorSell: boolean;
  readonly exitOnCurveComplete: boolean;
  readonly fees: FeeRates;
}

/** One rule that fired: sell `tokens` for `reason`. */
export interface ExitDecision {
  reason: ExitReason;
  tokens: bigint;
  /** Sells every token still held (the position closes when it fills). */
  full: boolean;
  /** The take-profit level, or null. */
  level: number | null;
  /** Value-based PnL of the held tokens on this tick, when the tick carried a price. */
  pnlBps: bigint | null;
}
