/** Positions: the persisted record, its pure transitions, sell requests, the per-mint book, an in-memory store. */
export * from "./types.ts";
export {
  applyBuyFailed, applyBuyFill, applyMissedOutcomes, applySellFailed, applySellFill, combineDecisions, openingRecord,
  positionIdFor, sellReserves, startExit, startQueuedExit,
} from "./record.ts";
export { buildSellRequest, slippageFor } from "./sell.ts";
export { PositionBook, type BookStats, type PositionBookOptions } from "./book.ts";
export { InMemoryPositionStore } from "./memory-store.ts";
