/** Builders of launch and trade events for the filter, exits and positions tests. */
import type { CreateEvent, TradeEvent } from "../../../src/chain/pump/event-types.ts";
import { TOKEN_PROGRAM_ID } from "../../../src/chain/pump/constants.ts";
import { MAINNET_CURVE_PARAMS } from "../../../src/domain/curve.ts";
import type { LaunchDetected, TradeObserved } from "../../../src/pipeline/events.ts";

export const CREATOR = "Creator1111111111111111111111111111111111111";
export const MINT = "Mint111111111111111111111111111111111111pump";

/** A 2026-layout CreateEvent on a fresh curve. */
export function createEvent(over: Partial<CreateEvent> = {}): CreateEvent {
  return {
    kind: "create", layoutBytes: 341, truncatedAt: null, extra: new Uint8Array(),
    name: "Good Coin", symbol: "GOOD", uri: "https://x/y.json", mint: MINT,
    bondingCurve: "Curve11111111111111111111111111111111111111", user: CREATOR, creator: CREATOR,
    timestamp: 1_700_000_000n,
    virtualTokenReserves: MAINNET_CURVE_PARAMS.initialVirtualTokenReserves,
    virtualSolReserves: MAINNET_CURVE_PARAMS.initialVirtualSolReserves,
    realTokenReserves: MAINNET_CURVE_PARAMS.initialRealTokenReserves,
    tokenTotalSupply: MAINNET_CURVE_PARAMS.tokenTotalSupply,
    tokenProgram: TOKEN_PROGRAM_ID, isMayhemMode: false, isCashbackEnabled: false,
    quoteMint: "11111111111111111111111111111111", virtualQuoteReserves: 0n, creatorFeeBps: 0n, isHolderReward: false,
    ...over,
  };
}

/** A LaunchDetected around createEvent(over). */
export function launch(over: Partial<CreateEvent> = {}, signature = "sig-launch"): LaunchDetected {
  return { type: "launch.detected", signature, slot: 1, receivedAt: 100, seenAt: 1_700_000_000_000, source: 0, event: createEvent(over) };
}

/** A TradeEvent with the given post-trade reserves. */
export function tradeEvent(over: Partial<TradeEvent> = {}): TradeEvent {
  return {
    kind: "trade", layoutBytes: 258, truncatedAt: null, extra: new Uint8Array(),
    mint: MINT, solAmount: 0n, tokenAmount: 0n, isBuy: true, user: "Someone111111111111111111111111111111111111",
    timestamp: 1_700_000_000n,
    virtualSolReserves: MAINNET_CURVE_PARAMS.initialVirtualSolReserves,
    virtualTokenReserves: MAINNET_CURVE_PARAMS.initialVirtualTokenReserves,
    realSolReserves: 0n, realTokenReserves: MAINNET_CURVE_PARAMS.initialRealTokenReserves,
    feeRecipient: "", feeBasisPoints: 95n, fee: 0n, creator: CREATOR, creatorFeeBasisPoints: 30n, creatorFee: 0n,
    trackVolume: false, totalUnclaimedTokens: 0n, totalClaimedTokens: 0n, currentSolVolume: 0n, lastUpdateTimestamp: 0n,
    ixName: "buy", mayhemMode: false, cashbackFeeBasisPoints: 0n, cashback: 0n, buybackFeeBasisPoints: 0n, buybackFee: 0n,
    shareholders: [], quoteMint: "", quoteAmount: 0n, virtualQuoteReserves: 0n, realQuoteReserves: 0n,
    ...over,
  };
}

/** A TradeObserved around tradeEvent(over). */
export function trade(over: Partial<TradeEvent> = {}, signature = "sig-trade", receivedAt = 200): TradeObserved {
  return { type: "trade.observed", signature, slot: 2, receivedAt, seenAt: 1_700_000_000_100, source: 0, event: tradeEvent(over) };
}
