/** Price throttling: per-key coalescing (one timer for all keys) and the price update it carries. */
export { Coalescer, type CoalescerOptions, type CoalescerStats, type TimerFns } from "./coalescer.ts";
export { priceUpdateFromTrade, type PriceUpdate } from "./price-update.ts";
