/**
 * Exact fills from the chain: the TradeEvent of our wallet in a landed transaction (its logs, or the
 * event self-CPI in the inner instructions when the logs were truncated) plus the network fee from
 * meta; and the reason of a failed one (slippage is recognised so a sell can be retried).
 */
import { eventsFromTransaction, type TradeEvent } from "../chain/pump/index.ts";
import type { TransactionResponse } from "../chain/rpc/http-client.ts";
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

/** A short reason for a failed transaction, and whether it was slippage. */
export function failureReason(err: unknown, logs?: readonly string[] | null): { reason: string; slippage: boolean } {
  const ie = (err as { InstructionError?: [number, unknown] } | null)?.InstructionError;
  const custom = ie && typeof ie[1] === "object" && ie[1] !== null ? (ie[1] as { Custom?: unknown }).Custom : undefined;
  const slippage =
    (typeof custom === "number" && SLIPPAGE_CODES.has(custom)) || (logs ?? []).some((l) => /slippage/i.test(l));
  const what = typeof custom === "number" ? `custom program error ${custom}` : typeof err === "string" ? err : JSON.stringify(err);
  return { reason: slippage ? `slippage (${what})` : `transaction failed: ${what}`.slice(0, 300), slippage };
}
