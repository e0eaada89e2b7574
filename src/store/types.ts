/** The rows the history stores, as the rest of the bot hands them in (bigint amounts, ms timestamps). */
import type { ExitReason, TradeMode, TradeRecord } from "../domain/trade-record.ts";

/** A launch the listener saw. Name, symbol and uri are attacker-chosen. */
export interface LaunchRow {
  mint: string;
  name: string;
  symbol: string;
  uri: string;
  creator: string;
  bondingCurve: string;
  tokenProgram: string;
  slot: bigint;
  signature: string;
  seenAt: number;
  /** Where it was detected: "logs", "backfill", ... */
  source: string;
}

/** A buy / skip decision on a launch. */
export interface DecisionRow {
  mint: string;
  decidedAt: number;
  action: "buy" | "skip";
  reason: string;
  details?: unknown;
}

/** Lifecycle of an order intent. */
export type IntentStatus = "intent" | "sent" | "confirmed" | "failed" | "expired";

/** An order intent, persisted before its transaction is sent. */
export interface IntentRow {
  id: string;
  mint: string;
  side: "buy" | "sell";
  positionId?: string | null;
  /** Buy: SOL in (max cost); sell: minimum SOL out. */
  solLamports: bigint;
  /** Buy: minimum tokens out; sell: tokens in. */
  tokenAmount: bigint;
  slippageBps: number;
  createdAt: number;
  status?: IntentStatus;
  attempts?: number;
  /** The executor's whole intent as JSON-able data (bigints kept exact). */
  detail?: unknown;
}

/** An intent as read back. */
export interface StoredIntent extends Required<Omit<IntentRow, "positionId" | "detail">> {
  detail: unknown;
  positionId: string | null;
  updatedAt: number;
  signature: string | null;
  lastError: string | null;
}

/** A change of an intent's status. */
export interface IntentUpdate {
  id: string;
  status: IntentStatus;
  at: number;
  signature?: string | null;
  attempts?: number;
  lastError?: string | null;
  /** Replaces the stored detail when given. */
  detail?: unknown;
}

/** A transaction sent for an intent. */
export interface TransactionRow {
  signature: string;
  intentId: string;
  sentAt: number;
  confirmedAt?: number | null;
  slot?: bigint | null;
  err?: string | null;
}

/** The fees of one fill, split by who got them. */
export interface FillFees {
  protocol: bigint;
  creator: bigint;
  network: bigint;
  priority: bigint;
}

/** A confirmed fill; it also adds to its position's totals. */
export interface FillRow {
  signature: string;
  positionId: string;
  intentId?: string | null;
  mint: string;
  side: "buy" | "sell";
  at: number;
  /** SOL moved by the curve, excluding fees. */
  lamports: bigint;
  tokens: bigint;
  fees: FillFees;
  reason?: ExitReason | null;
}

/** A price as an exact ratio (lamports per `tokens` base units): never a float. */
export interface PriceRatio {
  lamports: bigint;
  tokens: bigint;
}

/** A position its creator rugged (closed by one of RUG_REASONS). */
export interface CreatorRugRow {
  positionId: string;
  creator: string;
}

/** A position being opened. */
export interface PositionOpen {
  id: string;
  mode: TradeMode;
  mint: string;
  openedAt: number;
  /** The exit rules in force, as JSON-able data. */
  rules?: unknown;
  snipeLatencyMs?: number | null;
}

/** Changes to an open position's marks (trailing high-water, last value). */
export interface PositionMark {
  id: string;
  highWater?: PriceRatio | null;
  markLamports?: bigint | null;
}

/** The close of a position. */
export interface PositionClose {
  id: string;
  closedAt: number;
  exitReason: ExitReason;
}

/** A position as read back: the trade record's money fields plus the row's own. */
export interface StoredPosition
  extends Pick<
    TradeRecord,
    | "mode" | "mint" | "openedAt" | "closedAt" | "costLamports" | "proceedsLamports" | "tokensBought" | "tokensSold"
    | "feesLamports" | "exitReason" | "snipeLatencyMs" | "markLamports"
  > {
  id: string;
  status: "open" | "closed";
  rules: unknown;
  highWater: PriceRatio | null;
}

/** An alert that fired. */
export interface AlertRow {
  at: number;
  rule: string;
  severity: "info" | "warn" | "critical";
  mint?: string | null;
  message: string;
  details?: unknown;
}
