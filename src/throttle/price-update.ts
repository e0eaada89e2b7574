/** What the throttler carries per token: the curve after the latest trade (exact reserves, no floats). */
import type { TradeObserved } from "../pipeline/events.ts";

/** The latest price of a mint, as the UI bridge and alerts receive it. */
export interface PriceUpdate {
  mint: string;
  virtualSolReserves: bigint;
  virtualTokenReserves: bigint;
  realSolReserves: bigint;
  realTokenReserves: bigint;
  /** The trade that moved it. */
  signature: string;
  /** Clock.monotonic() when the frame was received. */
  receivedAt: number;
  /** Wall-clock ms of the same moment. */
  seenAt: number;
}

/** The price update a trade implies. */
export function priceUpdateFromTrade(t: TradeObserved): PriceUpdate {
  const e = t.event;
  return {
    mint: e.mint,
    virtualSolReserves: e.virtualSolReserves,
    virtualTokenReserves: e.virtualTokenReserves,
    realSolReserves: e.realSolReserves,
    realTokenReserves: e.realTokenReserves,
    signature: t.signature,
    receivedAt: t.receivedAt,
    seenAt: t.seenAt,
  };
}
