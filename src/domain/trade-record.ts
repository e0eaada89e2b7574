/**
 * The trade record: one position from its first buy to its last sell, the unit of history, exports and
 * analytics. Amounts are bigint lamports / token base units; times are wall-clock ms from the Clock.
 */

/** Why a position (or part of it) was sold. */
export type ExitReason =
  | "take_profit"
  | "stop_loss"
  | "trailing_stop"
  | "max_hold"
  | "creator_sold"
  | "curve_complete"
  | "manual"
  | "shutdown";

/** Every exit reason, in display order. */
export const EXIT_REASONS: readonly ExitReason[] = [
  "take_profit", "stop_loss", "trailing_stop", "max_hold", "creator_sold", "curve_complete", "manual", "shutdown",
];

/** Exit reasons that count as the creator rugging us (the filters' max-prior-rugs input). */
export const RUG_REASONS: ReadonlySet<ExitReason> = new Set(["stop_loss", "creator_sold"]);

/** True when a position closed for `reason` counts as its creator rugging us. */
export function isRugExit(reason: ExitReason | null): boolean {
  return reason !== null && RUG_REASONS.has(reason);
}

/** Which adapters produced the record. */
export type TradeMode = "sim" | "paper" | "live";

/** One executed buy or sell of a position. */
export interface Fill {
  side: "buy" | "sell";
  /** When the fill was confirmed. */
  at: number;
  /** SOL moved by the curve, excluding every fee (the TradeEvent's sol_amount). */
  lamports: bigint;
  tokens: bigint;
  /** Protocol fee + creator fee + network fee + priority fee of this fill. */
  feeLamports: bigint;
  signature: string;
  /** Set on sells: the rule that triggered it. */
  reason?: ExitReason;
}

/** A position as analytics see it. `closedAt === null` means still open. */
export interface TradeRecord {
  positionId: string;
  mode: TradeMode;
  mint: string;
  /** Attacker-chosen strings: escape before display, neutralise before CSV. */
  name: string;
  symbol: string;
  creator: string;
  openedAt: number;
  closedAt: number | null;
  /** Total SOL paid for the buys, fees included. */
  costLamports: bigint;
  /** Total SOL received from the sells, net of fees. */
  proceedsLamports: bigint;
  tokensBought: bigint;
  tokensSold: bigint;
  /** Every fee paid on this position (included in cost / deducted from proceeds). */
  feesLamports: bigint;
  /** The reason of the final sell; null while open. */
  exitReason: ExitReason | null;
  /** Launch notification seen -> buy transaction sent, in ms; null when unknown. */
  snipeLatencyMs: number | null;
  /** For open positions: the value of the tokens still held at the last known price, net of sell fees. */
  markLamports: bigint | null;
  fills: Fill[];
}
