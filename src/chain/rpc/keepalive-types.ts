/** The keep-alive poster's options, API and pool records (see keepalive-poster.ts for the policy). */
import type { Socket, TLSOptions } from "bun";
import type { Http1ResponseParser } from "./http1-codec.ts";

/** Options of {@link createKeepAlivePoster}. */
export interface KeepAlivePosterOptions {
  /** The http(s) URL (it may carry an API key: it never appears in errors). */
  url: string;
  /** Index of the endpoint in errors' `details.endpoint` (default 0). */
  endpoint?: number;
  /** A name for logs and metrics (default `rpc#<endpoint>`). */
  name?: string;
  /** Per-request timeout in ms (default 5000). */
  timeoutMs?: number;
  /** Most sockets at once (default 4). */
  maxConnections?: number;
  /** Sockets opened at creation and kept open (default 1; 0: lazy). */
  warmConnections?: number;
  /** Most requests waiting for a socket when all are busy (default 64); more are rejected. */
  maxQueue?: number;
  /** A connect that takes longer fails (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Upper bound of the reconnect backoff (default 5000 ms). */
  maxBackoffMs?: number;
  /** Extra request headers (e.g. a provider's auth header). */
  headers?: Record<string, string>;
  /** TLS options for https (default `true`: system CAs, SNI from the host). */
  tls?: TLSOptions | true;
}

/** Per-request options. */
export interface PostOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Counters of the pool (tests, metrics). */
export interface PosterStats {
  open: number;
  busy: number;
  connecting: number;
  queued: number;
  /** Sockets opened since creation (keep-alive reuse keeps this low). */
  connects: number;
  /** Requests written again on a fresh socket after their socket died before answering. */
  retries: number;
  /** Writes the kernel took only in part (the rest went out on drain). */
  partialWrites: number;
}

/** A keep-alive POST pool to one URL; see the module comment. */
export interface KeepAlivePoster {
  readonly name: string;
  readonly endpoint: number;
  /** Posts a pre-built JSON-RPC body; resolves with its `result`, rejects with a SniperError. */
  post<T = unknown>(method: string, body: string, opts?: PostOptions): Promise<T>;
  /** Opens the warm sockets now; resolves once they are connected, rejects (transient) if one fails. */
  warm(): Promise<void>;
  stats(): PosterStats;
  /** Ends every socket and rejects every pending request; later posts reject at once. */
  close(): void;
}

/** A request of the pool (internal to keepalive-poster.ts). */
export interface Pending {
  method: string;
  bytes: Uint8Array;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  conn: Conn | undefined;
  retried: boolean;
  done: boolean;
}

/** A socket of the pool (internal to keepalive-poster.ts). */
export interface Conn {
  socket: Socket<Conn> | undefined;
  state: "connecting" | "idle" | "busy" | "dead";
  req: Pending | undefined;
  /** A request that waits for this fresh socket (retry-once, or opened for a queue that could not wait). */
  reserved: Pending | undefined;
  parser: Http1ResponseParser;
  unsent: Uint8Array | undefined;
  gotByte: boolean;
  openedAt: number;
  ready: Promise<void>;
  onReady: (e?: unknown) => void;
}
