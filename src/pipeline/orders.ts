/** What the sniper and the positions ask of the executor, and what comes back. Amounts in bigint. */
import type { ExitReason } from "../domain/trade-record.ts";

/** Curve accounts a trade needs, all known from the launch or trade events (no RPC round trip). */
export interface CurveRef {
  mint: string;
  bondingCurve: string;
  creator: string;
  /** SPL Token or Token-2022 program id. */
  tokenProgram: string;
}

/** Buy `lamports` worth of a fresh launch (buy_exact_sol_in) with a slippage bound. */
export interface BuyRequest extends CurveRef {
  /** Lamports to spend on the curve (fees come on top, within the slippage bound). */
  lamports: bigint;
  /** Smallest acceptable token amount (derived from the expected tokens and slippage). */
  minTokensOut: bigint;
  /** The launch frame's Clock.monotonic() receive time, for latency records. */
  launchReceivedAt: number;
  launchSignature: string;
  /** The position this buy opens (set by the positions manager), echoed in the outcome. */
  positionId?: string;
}

/** `req` for the position `positionId` (the one place a buy request gets its position: one object shape for the executor). */
export function withPosition(req: BuyRequest, positionId: string): BuyRequest {
  return { ...req, positionId };
}

/** Sell `tokens` of a position with a minimum SOL output. */
export interface SellRequest extends CurveRef {
  positionId: string;
  tokens: bigint;
  minSolOutput: bigint;
  reason: ExitReason;
  /** The price-moving frame's Clock.monotonic() receive time, for exit latency records. */
  triggeredAt: number;
  /**
   * Close the wallet's token account in the same transaction, its rent back to the wallet: set when the
   * sell takes every token the position holds, unless a close was refused (the account held more).
   */
  closeAccount: boolean;
}

/** What the executor reports for an order, delivered to the position manager as an event. */
export type OrderOutcome =
  | { type: "order.confirmed"; intentId: string; side: "buy" | "sell"; mint: string; signature: string; slot: number;
      /** SOL moved on the curve excluding fees, tokens, and every fee paid (protocol+creator+network+priority). */
      lamports: bigint; tokens: bigint; feeLamports: bigint; positionId?: string;
      /** feeLamports by recipient (network = base + priority). */
      fees?: { protocol: bigint; creator: bigint; network: bigint };
      /** True when amounts are the quote's because the landed TradeEvent could not be read. */
      estimated?: boolean }
  | { type: "order.failed"; intentId: string; side: "buy" | "sell"; mint: string; reason: string;
      /** True when a later retry by the caller makes sense (e.g. slippage on a sell); false for buys. */
      retryable: boolean; positionId?: string;
      /** A sell's close of the token account was refused: the account held more tokens than were sold. */
      accountNotEmpty?: boolean };
