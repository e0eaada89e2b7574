/**
 * Observations the alert engine consumes and the alerts it produces. Money is bigint lamports, prices are
 * exact rationals, times are wall-clock ms from the injected Clock. No I/O here.
 */

/** An exact price: `num / den` lamports per token base unit (what `priceRational(curve)` returns). */
export interface Rational {
  num: bigint;
  den: bigint;
}

/** How loud an alert is; sinks may filter on it. */
export type Severity = "info" | "warn" | "critical";

/** Every severity, quietest first. */
export const SEVERITIES: readonly Severity[] = ["info", "warn", "critical"];

/** A token price update (after the throttler). `symbol` is attacker-chosen: sinks escape it. */
export interface PriceObservation {
  type: "price";
  mint: string;
  price: Rational;
  symbol?: string;
  at: number;
}

/** Unrealised PnL of one open position, in basis points of its cost (-10000 = lost everything). */
export interface PnlObservation {
  type: "position.pnl";
  positionId: string;
  mint: string;
  pnlBps: number;
  symbol?: string;
  at: number;
}

/** A position closed with this realised PnL (net of every fee). */
export interface TradeClosedObservation {
  type: "trade.closed";
  positionId?: string;
  mint?: string;
  pnlLamports: bigint;
  at: number;
}

/** The wallet's SOL balance. */
export interface BalanceObservation {
  type: "balance";
  lamports: bigint;
  at: number;
}

/** The listener saw a launch (any launch: the feed is alive). */
export interface LaunchSeenObservation {
  type: "launch.seen";
  mint?: string;
  at: number;
}

/** A supervisor restarted an actor. */
export interface ActorRestartedObservation {
  type: "actor.restarted";
  actorId: string;
  at: number;
}

/** A transaction reached its final outcome (confirmed, or failed / expired). */
export interface TxResultObservation {
  type: "tx.result";
  ok: boolean;
  at: number;
}

/** Periodic heartbeat for the time-based rules (feed stall, windows that slide without new events). */
export interface TickObservation {
  type: "tick";
  at: number;
}

/** Anything the engine can observe. */
export type Observation =
  | PriceObservation
  | PnlObservation
  | TradeClosedObservation
  | BalanceObservation
  | LaunchSeenObservation
  | ActorRestartedObservation
  | TxResultObservation
  | TickObservation;

/** Name of an observation type. */
export type ObservationType = Observation["type"];

/** A detail value: JSON-safe (lamports travel as decimal strings). */
export type DetailValue = string | number | boolean;

/** An alert to deliver. Plain JSON-safe data: it goes to logs, the database, webhooks and the API. */
export interface Alert {
  /** Unique within the process: `<rule>:<key>:<at>:<seq>`. */
  id: string;
  /** The rule's id (its `name`, or `<kind>#<index>`). */
  rule: string;
  kind: string;
  severity: Severity;
  /** What the rule state is kept per: a mint, a position id, or `global`. */
  key: string;
  /** One line for humans; may contain attacker-chosen text (a token symbol): escape it for HTML. */
  message: string;
  details: Record<string, DetailValue>;
  /** Wall-clock ms of the observation that fired it. */
  at: number;
  /** Sink names to deliver to; absent means every sink. */
  sinks?: string[];
}
