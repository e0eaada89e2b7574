/**
 * A keep-alive HTTP/1.1 POST connection pool to ONE JSON-RPC URL on raw sockets (`Bun.connect`, TLS for
 * https), for the send hot path: `post()` writes the request head and body to the kernel in one
 * `socket.write` before it returns its promise (no fetch machinery, no per-call AbortSignal.timeout).
 *
 * Policy:
 * - Pool: at most `maxConnections` (default 4) sockets, ONE request in flight per socket (no pipelining).
 *   `warmConnections` (default 1) are opened at creation and kept open: when one drops (e.g. the server
 *   closes an idle socket) it is reopened in the background after a bounded exponential backoff (0 after
 *   a healthy socket, then 100 ms doubling to `maxBackoffMs`), so a send does not pay a connect.
 * - No idle socket: the request waits for a warm socket still connecting, else a new socket is opened for
 *   it, up to the bound. Past the bound, up to `maxQueue` (default 64) requests wait FIFO for the next
 *   free socket; when the queue is full a request is rejected at once with a `transient` error (the
 *   sender's retry policy decides what next): nothing waits unboundedly, no buffer grows unboundedly.
 * - One request = one pre-encoded buffer written with ONE `socket.write`; what the kernel did not take
 *   goes out on `drain`. Responses: ./http1-codec.ts (Content-Length, chunked, Connection: close, ...).
 * - Every request has a timeout and honours an AbortSignal; a timed-out or aborted request destroys its
 *   socket (its answer may still come and must not be read as the next request's).
 * - Retry once: when a socket dies before ANY byte of the response arrived (the classic keep-alive race:
 *   the server closed an idle socket as we wrote), the request is written again, once, on a fresh socket.
 *   This is safe for sendTransaction (and sendBundle): the body is the same signed transaction, identified
 *   by its signature, so a second delivery is deduplicated by the cluster and can never spend twice.
 *   Do not post non-idempotent methods through this pool.
 * - The URL's path and query carry provider API keys: errors name the endpoint by index (`endpoint`) and
 *   `name` only, never the URL.
 * - `close()` ends every socket and rejects pending and queued requests (transient, marked `aborted` so
 *   retry policies stop).
 */
import type { Socket } from "bun";
import { SniperError } from "../../errors.ts";
import { encodeRequest, Http1ResponseParser, parseTarget, type Http1Response } from "./http1-codec.ts";
import type { Conn, KeepAlivePoster, KeepAlivePosterOptions, Pending, PostOptions } from "./keepalive-types.ts";
import { abortedError, envelopeResult, httpStatusError, networkError, parseRetryAfter, type RpcErrorDetails } from "./http-errors.ts";

export type { KeepAlivePoster, KeepAlivePosterOptions, PostOptions, PosterStats } from "./keepalive-types.ts";

const HEALTHY_MS = 1_000;

/** A pool for `options.url`, warming `warmConnections` sockets at once. */
export function createKeepAlivePoster(options: KeepAlivePosterOptions): KeepAlivePoster {
  const endpoint = options.endpoint ?? 0;
  const name = options.name ?? `rpc#${endpoint}`;
  const target = parseTarget(options.url, endpoint, options.headers);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxConnections = Math.max(1, options.maxConnections ?? 4);
  const warmCount = Math.min(maxConnections, options.warmConnections ?? 1);
  const maxQueue = options.maxQueue ?? 64;
  const connectTimeoutMs = options.connectTimeoutMs ?? 3_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const tls = target.https ? (options.tls ?? true) : undefined;
  const conns: Conn[] = [];
  const queue: Pending[] = [];
  const counters = { connects: 0, retries: 0, partialWrites: 0 };
  let failures = 0;
  let rewarm: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  function settle(p: Pending, ok: boolean, v: unknown): void {
    if (p.done) return;
    p.done = true;
    clearTimeout(p.timer);
    if (p.onAbort) p.signal!.removeEventListener("abort", p.onAbort);
    if (ok) p.resolve(v);
    else p.reject(v);
  }

  function openConn(reserved?: Pending): Conn {
    let onReady!: (e?: unknown) => void;
    const ready = new Promise<void>((res, rej) => (onReady = (e) => (e === undefined ? res() : rej(e))));
    ready.catch(() => {});
    const c: Conn = { socket: undefined, state: "connecting", req: undefined, reserved, parser: new Http1ResponseParser(), unsent: undefined, gotByte: false, openedAt: 0, ready, onReady };
    if (reserved) reserved.conn = c;
    conns.push(c);
    counters.connects++;
    const timer = setTimeout(() => c.state === "connecting" && connectFailed(c, networkError("connect", endpoint, `no connection within ${connectTimeoutMs} ms`)), connectTimeoutMs);
    (timer as { unref?: () => void }).unref?.();
    Bun.connect<Conn>({ hostname: target.hostname, port: target.port, data: c, socket: handlers, ...(tls ? { tls } : {}) }).then(
      (s) => {
        clearTimeout(timer);
        if (c.state === "dead") s.terminate();
        else c.socket = s;
      },
      (e) => {
        clearTimeout(timer);
        connectFailed(c, networkError("connect", endpoint, "connect failed", e));
      },
    );
    return c;
  }

  function connected(s: Socket<Conn>): void {
    const c = s.data;
    c.socket = s;
    if (c.state === "dead") return void s.terminate(); // timed out, dropped or closed while opening
    if (c.state !== "connecting") return; // a second handshake event
    s.setNoDelay(true);
    s.setKeepAlive(true, 15_000); // a peer that vanished without a FIN is found before a send relies on it
    s.unref(); // an in-flight request's timer keeps the process alive, an idle socket does not
    c.openedAt = performance.now();
    c.state = "idle";
    c.onReady();
    const p = c.reserved;
    c.reserved = undefined;
    if (p && !p.done) assign(c, p);
    else next(c);
  }

  function connectFailed(c: Conn, e: SniperError): void {
    if (c.state === "dead") return;
    kill(c);
    failures++;
    c.onReady(e);
    const p = c.reserved;
    c.reserved = undefined;
    // A request that only waited for this socket may wait for another; a retry must not (fresh socket only).
    if (p && !p.retried && conns.some((x) => x.state !== "dead")) queue.unshift(p);
    else if (p) settle(p, false, networkError(p.method, endpoint, "connect failed", e));
    // Nothing left that could serve the queue: fail it now rather than at each request's timeout.
    if (!conns.some((x) => x.state !== "dead")) for (const q of queue.splice(0)) settle(q, false, networkError(q.method, endpoint, "connect failed", e));
    keepWarm();
  }

  function assign(c: Conn, p: Pending): void {
    c.state = "busy";
    c.req = p;
    c.gotByte = false;
    p.conn = c;
    write(c, p.bytes);
  }

  function write(c: Conn, bytes: Uint8Array): void {
    const n = c.socket!.write(bytes);
    if (n < 0) return died(c);
    c.unsent = n < bytes.length ? bytes.subarray(n) : undefined;
    if (c.unsent) counters.partialWrites++;
  }

  /** Gives a free socket the oldest queued request, else one still waiting for a socket being opened. */
  function next(c: Conn): void {
    let p = queue.shift();
    if (!p) {
      const w = conns.find((x) => x.state === "connecting" && x.reserved !== undefined && !x.reserved.retried);
      if (w) [p, w.reserved] = [w.reserved, undefined];
    }
    if (p) assign(c, p);
  }

  /** Removes `c` from the pool and destroys its socket (its late bytes can never be read). */
  function kill(c: Conn): void {
    if (c.state === "dead") return;
    c.state = "dead";
    c.unsent = undefined;
    const i = conns.indexOf(c);
    if (i >= 0) conns.splice(i, 1);
    c.req = undefined;
    c.socket?.terminate();
  }

  function died(c: Conn): void {
    if (c.state === "dead") return;
    const p = c.req;
    const last = c.parser.end();
    const healthy = c.openedAt > 0 && performance.now() - c.openedAt >= HEALTHY_MS;
    if (healthy) failures = 0;
    else if (!p) failures++;
    if (p && !p.done) {
      if (last) answer(p, last);
      else if (!c.gotByte && !p.retried && !closed) {
        p.retried = true;
        counters.retries++;
        kill(c);
        openConn(p);
      } else settle(p, false, networkError(p.method, endpoint, c.gotByte ? "connection closed mid-response" : "connection closed before a response"));
    }
    retire(c);
  }

  /** Takes `c` out for good, then reopens what the queue and the warm count need. */
  function retire(c: Conn): void {
    kill(c);
    grow();
    keepWarm();
  }

  function answer(p: Pending, res: Http1Response): void {
    try {
      if (res.status !== 200) throw httpStatusError(p.method, endpoint, res.status, parseRetryAfter(res.headers.get("retry-after") ?? null));
      settle(p, true, envelopeResult(p.method, endpoint, res.body.toString("utf8")));
    } catch (e) {
      settle(p, false, e);
    }
  }

  const handlers = {
    open(s: Socket<Conn>) {
      if (!tls) connected(s);
    },
    handshake(s: Socket<Conn>, ok: boolean, err: Error | null) {
      if (ok || (typeof tls === "object" && tls.rejectUnauthorized === false)) connected(s);
      else connectFailed(s.data, networkError("connect", endpoint, "TLS handshake failed", err));
    },
    data(s: Socket<Conn>, chunk: Buffer) {
      const c = s.data;
      const p = c.req;
      if (c.state !== "busy" || !p) return died(c); // bytes nobody asked for: the socket is out of step
      c.gotByte = true;
      let res: Http1Response | undefined;
      try {
        res = c.parser.push(chunk);
      } catch (e) {
        settle(p, false, networkError(p.method, endpoint, `malformed HTTP response (${(e as Error).message})`));
        return died(c);
      }
      if (!res) return;
      c.req = undefined;
      failures = 0;
      if (!res.keepAlive || c.parser.buffered > 0) retire(c); // Connection: close, or bytes beyond the response
      else {
        c.state = "idle";
        next(c);
      }
      answer(p, res);
    },
    drain(s: Socket<Conn>) {
      const c = s.data;
      if (c.unsent && c.state === "busy") write(c, c.unsent);
    },
    close(s: Socket<Conn>) {
      const c = s.data;
      if (c.state === "connecting") connectFailed(c, networkError("connect", endpoint, "connection closed while opening"));
      else died(c);
    },
    error() {}, // a close follows and decides
    connectError(s: Socket<Conn>, e: Error) {
      connectFailed(s.data, networkError("connect", endpoint, "connect failed", e));
    },
  };

  /** Opens sockets for queued requests while below the bound (after a socket died). */
  function grow(): void {
    while (!closed && queue.length > 0 && conns.length < maxConnections) openConn(queue.shift());
  }

  /** Keeps `warmCount` sockets open or opening, reconnecting after a bounded backoff. */
  function keepWarm(): void {
    if (closed || rewarm !== undefined || conns.length >= warmCount) return;
    const delay = failures === 0 ? 0 : Math.min(maxBackoffMs, 100 * 2 ** (failures - 1));
    rewarm = setTimeout(() => {
      rewarm = undefined;
      while (!closed && conns.length < warmCount) openConn();
    }, delay);
    (rewarm as { unref?: () => void }).unref?.();
  }

  function onTimeout(p: Pending, ms: number): void {
    drop(p, networkError(p.method, endpoint, `no answer within ${ms} ms`));
  }

  function drop(p: Pending, e: SniperError): void {
    if (p.done) return;
    const qi = queue.indexOf(p);
    if (qi >= 0) queue.splice(qi, 1);
    settle(p, false, e);
    const c = p.conn;
    if (c && c.state !== "dead" && (c.req === p || c.reserved === p)) {
      c.reserved = undefined;
      retire(c);
    }
  }

  function post<T>(method: string, body: string, opts: PostOptions = {}): Promise<T> {
    if (closed) return Promise.reject(closedError(method, endpoint));
    const signal = opts.signal;
    if (signal?.aborted) return Promise.reject(abortedError(method, endpoint));
    const ms = opts.timeoutMs ?? timeoutMs;
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { method, bytes: encodeRequest(target, body), resolve: resolve as (v: unknown) => void, reject, timer: undefined, signal, onAbort: undefined, conn: undefined, retried: false, done: false };
      place(p);
      // The timeout and the abort are armed after the write (nothing can answer before this turn ends):
      // on a warm socket the request is on the wire ~10 us sooner (a listener on a busy signal costs ~8 us).
      if (p.done) return;
      p.timer = setTimeout(onTimeout, ms, p, ms);
      if (signal) {
        p.onAbort = () => drop(p, abortedError(method, endpoint));
        signal.addEventListener("abort", p.onAbort, { once: true });
      }
    });
  }

  /** Writes `p` on an idle socket, or has it wait for one (opening, queued); settles it when the queue is full. */
  function place(p: Pending): void {
    const idle = conns.find((c) => c.state === "idle");
    if (idle) return assign(idle, p);
    const opening = conns.find((c) => c.state === "connecting" && c.reserved === undefined);
    if (opening) {
      opening.reserved = p; // a warm socket still connecting: wait for it rather than open another
      p.conn = opening;
      return;
    }
    if (conns.length < maxConnections) return void openConn(p);
    if (queue.length >= maxQueue) return settle(p, false, networkError(p.method, endpoint, `every connection busy and ${maxQueue} requests queued`));
    queue.push(p);
  }

  function warm(): Promise<void> {
    if (closed) return Promise.reject(closedError("connect", endpoint));
    while (conns.length < Math.max(1, warmCount)) openConn();
    return Promise.all(conns.map((c) => c.ready)).then(() => undefined);
  }

  function close(): void {
    if (closed) return;
    closed = true;
    clearTimeout(rewarm);
    for (const p of queue.splice(0)) settle(p, false, closedError(p.method, endpoint));
    for (const c of [...conns]) {
      const p = c.req ?? c.reserved;
      kill(c);
      c.onReady(closedError("connect", endpoint));
      if (p) settle(p, false, closedError(p.method, endpoint));
    }
  }

  for (let i = 0; i < warmCount; i++) openConn();
  return {
    name,
    endpoint,
    post,
    warm,
    close,
    stats: () => ({
      open: conns.filter((c) => c.state === "idle" || c.state === "busy").length,
      busy: conns.filter((c) => c.state === "busy").length,
      connecting: conns.filter((c) => c.state === "connecting").length,
      queued: queue.length,
      ...counters,
    }),
  };
}

// Closing is the owner's interruption, like an abort: `aborted` keeps retry policies from retrying it.
const closedError = (method: string, endpoint: number): SniperError =>
  new SniperError("transient", `${method}: poster closed`, { method, endpoint, aborted: true } satisfies RpcErrorDetails);
