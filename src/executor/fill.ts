/**
 * Exact fills from the chain: the TradeEvent of our wallet in a landed transaction (its logs, or the
 * event self-CPI in the inner instructions when the logs were truncated) plus the network fee from
 * meta; and the reason of a failed one (slippage is recognised so a sell can be retried).
 */
import { eventsFromTransaction, type TradeEvent } from "../chain/pump/index.ts";
import type { TransactionResponse } from "../chain/rpc/http-client.ts";
import { ACCOUNT_NOT_EMPTY_ERROR } from "../chain/token-close.ts";
import type { OrderFill } from "./journal.ts";

/** pump.fun slippage errors: TooMuchSolRequired, TooLittleSolReceived, BuySlippageBelowMinTokensOut. */
const SLIPPAGE_CODES = new Set([6002, 6003, 6042]);

/** The TradeEvents of a landed transaction: from the logs, else from the event self-CPIs. */
export function tradeEventsOf(tx: TransactionResponse): TradeEvent[] {
  return eventsFromTransaction(tx).events.filter((e): e is TradeEvent => e.kind === "trade");
}

/** The fill of our trade on `mint` in a landed, successful transaction, or undefined if none is found. */
export function fillFromTransaction(tx: TransactionResponse, signature: string, wallet: string, mint: string): OrderFill | undefined {
  const ev = tradeEventsOf(tx).find((e) => e.user === wallet && e.mint === mint);
  if (!ev) return undefined;
  return fillFromTradeEvent(ev, signature, tx.slot, BigInt(tx.meta?.fee ?? 0));
}

/** The fill from a TradeEvent the listener saw, with the network fee we know we paid. */
export function fillFromTradeEvent(ev: TradeEvent, signature: string, slot: number, networkFee: bigint): OrderFill {
  return {
    signature,
    slot,
    lamports: ev.solAmount,
    tokens: ev.tokenAmount,
    feeLamports: ev.fee + ev.creatorFee + networkFee,
    fees: { protocol: ev.fee, creator: ev.creatorFee, network: networkFee },
  };
}

/** The network fee of a one-signature transaction: 5000 lamports + ceil(limit * price / 1e6). */
export function networkFee(computeUnitLimit: number, microLamportsPerCu: bigint): bigint {
  return 5_000n + (BigInt(computeUnitLimit) * microLamportsPerCu + 999_999n) / 1_000_000n;
}

/** A failure a sell can retry with a change: a wider slippage bound, or without closing the token account. */
export type SellRetryCause = "slippage" | "account-not-empty";

/**
 * A short reason for a failed transaction, and the cause a sell may retry for. Custom error 11 is the
 * token programs' "account not empty" (pump.fun's errors are all 6000 and up, the system program's under
 * 11): in a sell it can only come from the CloseAccount after it.
 */
export function failureReason(err: unknown, logs?: readonly string[] | null): { reason: string; retry: SellRetryCause | null } {
  const ie = (err as { InstructionError?: [number, unknown] } | null)?.InstructionError;
  const custom = ie && typeof ie[1] === "object" && ie[1] !== null ? (ie[1] as { Custom?: unknown }).Custom : undefined;
  const what = typeof custom === "number" ? `custom program error ${custom}` : typeof err === "string" ? err : JSON.stringify(err);
  if (custom === ACCOUNT_NOT_EMPTY_ERROR) return { reason: `token account not empty: close refused (${what})`, retry: "account-not-empty" };
  const slippage =
    (typeof custom === "number" && SLIPPAGE_CODES.has(custom)) || (logs ?? []).some((l) => /slippage/i.test(l));
  return { reason: slippage ? `slippage (${what})` : `transaction failed: ${what}`.slice(0, 300), retry: slippage ? "slippage" : null };
}
