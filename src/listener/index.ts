/** The listener: pump.fun launches, trades and completions from websocket logs, de-duplicated, gap-free. */
export { createListener, createListenerState, type Listener, type ListenerLogger, type ListenerOptions, type ListenerState } from "./listener.ts";
export { ListenerStats, type EndpointCounters, type ListenerCounters, type ListenerMalformedKind, type ListenerStatsSnapshot } from "./stats.ts";
export { SignatureRing } from "./dedupe.ts";
export { eventsFromTransaction, type TransactionEvents } from "../chain/pump/transaction-events.ts";
export { createFetchRpc, listenerRpcFrom, type HttpRpcLike, type ListenerRpc, type SignatureInfo } from "./rpc.ts";
export { fetchInOrder, listGap, type Anchor, type BackfillBounds } from "./backfill.ts";
export { PumpLogScanner, ScanResult } from "./scan.ts";
