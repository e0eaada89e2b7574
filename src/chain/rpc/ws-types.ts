/** Public types of the websocket JSON-RPC client (src/chain/rpc/ws-client.ts). */
import type { Clock } from "../../clock.ts";
import type { Rng } from "../../rng.ts";
import type { WsBackoffPolicy } from "./ws-backoff.ts";

/** Timer functions (injected so tests drive reconnects and the watchdog without waiting). */
export interface WsTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The part of a WebSocket the client uses (Bun's global `WebSocket` by default). */
export type WsSocket = Pick<WebSocket, "send" | "close" | "readyState" | "binaryType"> & {
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
};

/** Why a frame was skipped. */
export type WsMalformedKind = "utf8" | "json" | "shape" | "unknown-subscription";

/** Everything that happens to the connection, reported instead of thrown. */
export type WsClientEvent =
  | { type: "open"; connects: number }
  | { type: "close"; code: number; reason: string }
  | { type: "reconnect-scheduled"; attempt: number; delayMs: number }
  | { type: "subscribed"; method: string; subscription: number; resubscribe: boolean }
  | { type: "subscribe-failed"; method: string; error: Error }
  | { type: "heartbeat-timeout"; silentMs: number }
  /** `frame`: the frame's text (bad UTF-8 replaced by U+FFFD), so a caller can salvage what it names. */
  | { type: "malformed"; kind: WsMalformedKind; frame?: string }
  | { type: "handler-error"; error: Error }
  | { type: "closed" };

/** Options of `createWsClient`; only `url` is required. */
export interface WsClientOptions {
  url: string;
  clock?: Clock;
  /** Jitter source for backoff (a seeded RNG in tests). */
  rng?: Rng;
  timers?: WsTimers;
  /** Reconnect when nothing (no frame at all) arrived for this long while open or connecting. Default 15 000. */
  heartbeatMs?: number;
  /** Optional keepalive request sent every `everyMs` while open (any answer, even an error, is liveness). */
  keepalive?: { method: string; params?: unknown[]; everyMs: number } | null;
  /** Timeout of each request (subscribe, unsubscribe, keepalive). Default 5 000. */
  requestTimeoutMs?: number;
  /** Bound on requests awaiting an answer; past it `request` rejects at once (transient). Default 256. */
  maxPending?: number;
  backoff?: WsBackoffPolicy;
  /** A connection open at least this long resets the backoff attempt counter on close. Default 5 000. */
  stableAfterMs?: number;
  /** Aborting closes the client for good. */
  signal?: AbortSignal;
  /** Every connection event (never throws into the client: a throw here is swallowed). */
  onEvent?: (event: WsClientEvent) => void;
  /**
   * Runs on every text frame before JSON.parse with its receive time; return false when the frame needs
   * no parsing: dealt with by the hook (the listener reads its notifications itself and skips duplicates)
   * and not counted in `stats.notifications`. A throw is a handler-error.
   */
  onRawFrame?: (text: string, receivedAt: number) => boolean;
  /** Socket factory (default `new WebSocket(url)`). */
  createSocket?: (url: string) => WsSocket;
}

/** Options of one subscription. */
export interface WsSubscribeOptions {
  /** Method that ends it (default: `method` with Subscribe -> Unsubscribe). */
  unsubscribeMethod?: string;
  /** The server ends it after the first notification (signatureSubscribe). */
  oneShot?: boolean;
}

/** A live (or pending) subscription; it is re-sent after every reconnect until unsubscribed. */
export interface WsSubscriptionHandle {
  readonly method: string;
  /** The server's subscription id on the current connection, or null while not (re)subscribed. */
  readonly subscription: number | null;
  readonly active: boolean;
  /** Stops it (and tells the server if connected); idempotent. */
  unsubscribe(): void;
}

/** Called for each notification: the `params.result` and the monotonic time the frame arrived. */
export type WsNotificationHandler = (result: unknown, receivedAt: number) => void;

/** Counters of one client (live object: read it, do not write it). */
export interface WsClientStats {
  frames: number;
  notifications: number;
  malformed: Record<WsMalformedKind, number>;
  /** Successful opens (the first one included). */
  connects: number;
  /** Successful opens after the first. */
  reconnects: number;
  reconnectAttempts: number;
  heartbeatTimeouts: number;
  requestTimeouts: number;
  handlerErrors: number;
  /** Monotonic ms of the last frame, or null. */
  lastFrameAt: number | null;
  pending: number;
  open: boolean;
}

/** The client. */
export interface WsClient {
  readonly url: string;
  readonly stats: WsClientStats;
  /** Subscribes now if open, else on the next open; re-subscribes after every reconnect. */
  subscribe(method: string, params: unknown[], onNotification: WsNotificationHandler, options?: WsSubscribeOptions): WsSubscriptionHandle;
  /** One JSON-RPC request over the socket; rejects with a transient SniperError on timeout, close or a full queue. */
  request(method: string, params: unknown[], options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<unknown>;
  /** Drops the current connection now and reconnects (after backoff). */
  reconnect(reason?: string): void;
  /** Closes for good (also on `signal` abort). */
  close(): void;
}
