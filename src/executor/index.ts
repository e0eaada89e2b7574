/** The executor: build, sign, journal, send (fan-out), confirm, retry, reconcile. */
export { createExecutor, Executor } from "./executor.ts";
export type { ExecutorDeps, ExecutorEvent, ExecutorService, SubmitResult } from "./types.ts";
export { OrderTracker } from "./order-tracker.ts";
export { executorDefaults, executorSettingsFromConfig, DEFAULT_FEE_RECIPIENT, type ExecutorConfigSection, type ExecutorSettings } from "./settings.ts";
export { minSolOutputFor, minTokensOutFor } from "./quote.ts";
export { MemoryJournal, type IntentJournal, type IntentAttempt, type IntentParams, type IntentStatus, type OrderFill, type OrderIntent } from "./journal.ts";
export { BlockhashCache, type BlockhashCacheOptions, type CachedBlockhash } from "./blockhash-cache.ts";
export { PriorityFee, percentileOf, clampFee, type PriorityFeePolicy } from "./priority-fee.ts";
export { bundleSender, fanOut, rpcSender, rpcSenders, type FanOutResult, type OutgoingTx, type TxSender } from "./senders.ts";
export { signatureWatcherFromWs, type SignatureWatcher, type SubscribeClient } from "./signature-watcher.ts";
export { failureReason, fillFromTradeEvent, fillFromTransaction, networkFee, tradeEventsOf } from "./fill.ts";
