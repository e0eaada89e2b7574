/**
 * A small websocket JSON-RPC subscription client on Bun's `WebSocket`: numeric request ids, bounded pending
 * requests with timeouts, notifications routed by subscription id, a heartbeat watchdog, reconnect with
 * exponential backoff + jitter and re-subscribe. Nothing thrown inside a socket callback reaches the
 * caller: failures (including a throwing notification handler) become `WsClientEvent`s.
 */
import { systemClock } from "../../clock.ts";
import { SniperError, toError } from "../../errors.ts";
import { seededRng } from "../../rng.ts";
import { DEFAULT_WS_BACKOFF, wsBackoffDelay } from "./ws-backoff.ts";
import type {
  WsClient,
  WsClientEvent,
  WsClientOptions,
  WsClientStats,
  WsMalformedKind,
  WsNotificationHandler,
  WsSocket,
  WsTimers,
} from "./ws-types.ts";

export { DEFAULT_WS_BACKOFF, wsBackoffDelay, type WsBackoffPolicy } from "./ws-backoff.ts";

export type * from "./ws-types.ts";

const realTimers: WsTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

interface Sub {
  method: string;
  params: unknown[];
  handler: WsNotificationHandler;
  unsubscribeMethod: string;
  oneShot: boolean;
  subscription: number | null;
  active: boolean;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: unknown;
}

const OPEN = 1;

/** Creates and connects a client. */
export function createWsClient(options: WsClientOptions): WsClient {
  const clock = options.clock ?? systemClock;
  const rng = options.rng ?? seededRng(Date.now() >>> 0);
  const timers = options.timers ?? realTimers;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
  const maxPending = options.maxPending ?? 256;
  const backoff = options.backoff ?? DEFAULT_WS_BACKOFF;
  const stableAfterMs = options.stableAfterMs ?? 5_000;
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WsSocket);
  const onRawFrame = options.onRawFrame;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const lenient = new TextDecoder("utf-8");

  const stats: WsClientStats = {
    frames: 0,
    notifications: 0,
    malformed: { utf8: 0, json: 0, shape: 0, "unknown-subscription": 0 },
    connects: 0,
    reconnects: 0,
    reconnectAttempts: 0,
    heartbeatTimeouts: 0,
    requestTimeouts: 0,
    handlerErrors: 0,
    lastFrameAt: null,
    pending: 0,
    open: false,
  };
  const subs = new Set<Sub>();
  const byId = new Map<number, Sub>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let ws: WsSocket | null = null;
  let closed = false;
  let attempt = 0;
  let openedAt = 0;
  let activityAt = clock.monotonic();
  let reconnectTimer: unknown = null;
  let watchdogTimer: unknown = null;
  let keepaliveTimer: unknown = null;

  const emit = (event: WsClientEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // An observer's failure must not break the connection.
    }
  };
  const handlerError = (error: unknown): void => {
    stats.handlerErrors++;
    emit({ type: "handler-error", error: toError(error) });
  };

  const rejectAll = (why: string): void => {
    for (const [id, p] of pending) {
      timers.clearTimeout(p.timer);
      pending.delete(id);
      p.reject(new SniperError("transient", why, { url: options.url }));
    }
    stats.pending = 0;
  };

  const sendRaw = (text: string): boolean => {
    if (!ws || ws.readyState !== OPEN) return false;
    try {
      ws.send(text);
      return true;
    } catch {
      return false;
    }
  };

  const request: WsClient["request"] = (method, params, opts = {}) => {
    if (closed) return Promise.reject(new SniperError("transient", "websocket client closed", { method }));
    if (pending.size >= maxPending) return Promise.reject(new SniperError("transient", "too many pending websocket requests", { method, maxPending }));
    if (!ws || ws.readyState !== OPEN) return Promise.reject(new SniperError("transient", "websocket not open", { method }));
    const id = nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const done = (): void => {
        const p = pending.get(id);
        if (!p) return;
        timers.clearTimeout(p.timer);
        pending.delete(id);
        stats.pending = pending.size;
      };
      const timer = timers.setTimeout(() => {
        if (!pending.has(id)) return;
        done();
        stats.requestTimeouts++;
        reject(new SniperError("transient", "websocket request timed out", { method, timeoutMs: opts.timeoutMs ?? requestTimeoutMs }));
      }, opts.timeoutMs ?? requestTimeoutMs);
      pending.set(id, {
        resolve: (v) => {
          done();
          resolve(v);
        },
        reject: (e) => {
          done();
          reject(e);
        },
        timer,
      });
      stats.pending = pending.size;
      opts.signal?.addEventListener("abort", () => pending.get(id)?.reject(new SniperError("transient", "request aborted", { method })), { once: true });
      if (!sendRaw(JSON.stringify({ jsonrpc: "2.0", id, method, params }))) {
        pending.get(id)?.reject(new SniperError("transient", "websocket send failed", { method }));
      }
    });
  };

  const sendSubscribe = (sub: Sub, resubscribe: boolean): void => {
    const socket = ws;
    request(sub.method, sub.params).then(
      (result) => {
        if (socket !== ws) return;
        if (typeof result !== "number") {
          emit({ type: "subscribe-failed", method: sub.method, error: new Error(`subscription id is not a number: ${typeof result}`) });
          return;
        }
        if (!sub.active) {
          sendRaw(JSON.stringify({ jsonrpc: "2.0", id: nextId++, method: sub.unsubscribeMethod, params: [result] }));
          return;
        }
        sub.subscription = result;
        byId.set(result, sub);
        emit({ type: "subscribed", method: sub.method, subscription: result, resubscribe });
      },
      (error: unknown) => {
        if (socket !== ws || closed) return;
        const err = toError(error);
        emit({ type: "subscribe-failed", method: sub.method, error: err });
        // A lost answer leaves us deaf: reconnect (with backoff). A refusal by the server stays refused.
        if (err instanceof SniperError && err.kind === "transient") dropSocket(4001, "subscribe timed out");
      },
    );
  };

  const onFrame = (data: unknown): void => {
    const receivedAt = clock.monotonic();
    stats.frames++;
    stats.lastFrameAt = receivedAt;
    activityAt = receivedAt;
    let text: string;
    if (typeof data === "string") text = data;
    else {
      try {
        text = decoder.decode(data as ArrayBuffer);
      } catch {
        stats.malformed.utf8++;
        emit({ type: "malformed", kind: "utf8", frame: lenient.decode(data as ArrayBuffer) });
        return;
      }
    }
    if (onRawFrame !== undefined) {
      let keep: boolean;
      try {
        keep = onRawFrame(text, receivedAt);
      } catch (error) {
        handlerError(error);
        return;
      }
      if (!keep) return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      stats.malformed.json++;
      emit({ type: "malformed", kind: "json", frame: text });
      return;
    }
    if (typeof msg !== "object" || msg === null) return malformed("shape", text);
    const m = msg as { id?: unknown; method?: unknown; params?: { subscription?: unknown; result?: unknown }; result?: unknown; error?: { message?: unknown; code?: unknown } };
    if (typeof m.method === "string") {
      const params = m.params;
      if (typeof params !== "object" || params === null || typeof params.subscription !== "number") return malformed("shape", text);
      const sub = byId.get(params.subscription);
      if (sub === undefined) return malformed("unknown-subscription", text);
      stats.notifications++;
      if (sub.oneShot) {
        sub.active = false;
        subs.delete(sub);
        byId.delete(params.subscription);
      }
      try {
        sub.handler(params.result, receivedAt);
      } catch (error) {
        handlerError(error);
      }
      return;
    }
    if (typeof m.id === "number") {
      const p = pending.get(m.id);
      if (p === undefined) return; // late answer to a timed-out request
      if (m.error !== undefined && m.error !== null) {
        p.reject(new SniperError("rejected", `websocket request failed: ${String(m.error.message)}`, { code: m.error.code }));
      } else p.resolve(m.result);
      return;
    }
    malformed("shape", text);
  };
  const malformed = (kind: WsMalformedKind, frame: string): void => {
    stats.malformed[kind]++;
    emit({ type: "malformed", kind, frame });
  };

  const armWatchdog = (): void => {
    timers.clearTimeout(watchdogTimer);
    if (closed) return;
    const checkMs = Math.max(10, Math.floor(heartbeatMs / 4));
    watchdogTimer = timers.setTimeout(() => {
      if (closed) return;
      const silent = clock.monotonic() - activityAt;
      if (ws !== null && silent >= heartbeatMs) {
        stats.heartbeatTimeouts++;
        emit({ type: "heartbeat-timeout", silentMs: silent });
        dropSocket(4000, "heartbeat timeout");
      }
      armWatchdog();
    }, checkMs);
  };

  const armKeepalive = (): void => {
    const ka = options.keepalive;
    if (!ka || closed) return;
    keepaliveTimer = timers.setTimeout(() => {
      if (closed) return;
      if (ws?.readyState === OPEN) request(ka.method, ka.params ?? []).catch(() => {});
      armKeepalive();
    }, ka.everyMs);
  };

  /** Forgets the current socket (its late callbacks are ignored) and schedules the next attempt. */
  const dropSocket = (code: number, reason: string): void => {
    const socket = ws;
    if (socket === null) return;
    ws = null;
    const wasOpen = stats.open;
    stats.open = false;
    try {
      socket.close(code, reason);
    } catch {
      // already closing
    }
    if (wasOpen && clock.monotonic() - openedAt >= stableAfterMs) attempt = 0;
    rejectAll(`websocket closed: ${reason}`);
    byId.clear();
    for (const sub of subs) sub.subscription = null;
    emit({ type: "close", code, reason });
    scheduleReconnect();
  };

  const scheduleReconnect = (): void => {
    if (closed || reconnectTimer !== null) return;
    attempt++;
    const delayMs = wsBackoffDelay(attempt, backoff, rng);
    stats.reconnectAttempts++;
    emit({ type: "reconnect-scheduled", attempt, delayMs });
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delayMs);
  };

  const connect = (): void => {
    if (closed) return;
    let socket: WsSocket;
    try {
      socket = createSocket(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    ws = socket;
    activityAt = clock.monotonic();
    socket.binaryType = "arraybuffer";
    socket.onopen = () => {
      if (socket !== ws) return;
      stats.open = true;
      stats.connects++;
      if (stats.connects > 1) stats.reconnects++;
      openedAt = activityAt = clock.monotonic();
      emit({ type: "open", connects: stats.connects });
      for (const sub of subs) sendSubscribe(sub, stats.connects > 1);
    };
    socket.onmessage = (ev) => {
      if (socket !== ws) return;
      try {
        onFrame(ev.data);
      } catch (error) {
        handlerError(error);
      }
    };
    socket.onclose = (ev) => {
      if (socket !== ws) return;
      dropSocket(ev.code, ev.reason || "closed by peer");
    };
    socket.onerror = () => {
      // Bun follows an error with close; closing here covers a socket that never opened.
      if (socket !== ws) return;
      dropSocket(4002, "socket error");
    };
  };

  const close = (): void => {
    if (closed) return;
    closed = true;
    timers.clearTimeout(reconnectTimer);
    timers.clearTimeout(watchdogTimer);
    timers.clearTimeout(keepaliveTimer);
    const socket = ws;
    ws = null;
    stats.open = false;
    if (socket) {
      try {
        socket.close(1000, "client closed");
      } catch {
        // already closed
      }
    }
    rejectAll("websocket client closed");
    subs.clear();
    byId.clear();
    emit({ type: "closed" });
  };

  if (options.signal?.aborted) closed = true;
  else {
    options.signal?.addEventListener("abort", close, { once: true });
    connect();
    armWatchdog();
    armKeepalive();
  }

  return {
    url: options.url,
    stats,
    subscribe(method, params, onNotification, subOptions = {}) {
      const sub: Sub = {
        method,
        params,
        handler: onNotification,
        unsubscribeMethod: subOptions.unsubscribeMethod ?? method.replace(/Subscribe$/, "Unsubscribe"),
        oneShot: subOptions.oneShot === true,
        subscription: null,
        active: !closed,
      };
      if (!closed) {
        subs.add(sub);
        if (ws?.readyState === OPEN) sendSubscribe(sub, false);
      }
      return {
        method,
        get subscription() {
          return sub.subscription;
        },
        get active() {
          return sub.active;
        },
        unsubscribe() {
          if (!sub.active) return;
          sub.active = false;
          subs.delete(sub);
          if (sub.subscription !== null) {
            byId.delete(sub.subscription);
            request(sub.unsubscribeMethod, [sub.subscription]).catch(() => {});
            sub.subscription = null;
          }
        },
      };
    },
    request,
    reconnect(reason = "reconnect requested") {
      if (closed) return;
      if (ws) dropSocket(4003, reason);
      else if (reconnectTimer === null) scheduleReconnect();
    },
    close,
  };
}
