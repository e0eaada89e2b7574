/**
 * The SSE fan-out. The HTTP app owns the streams (one per connection, with its own heartbeat timer); the
 * UI bridge only calls `publish`. So a bridge crash leaves every stream open (clients keep their
 * heartbeats and get updates again once the bridge is back), and an HTTP server crash closes the
 * connections, which EventSource reopens by itself (`retry:`), receiving a full snapshot on connect.
 *
 * Per-client queue policy: one pending frame per section, the newest replacing the older one
 * (coalescing, so the queue is bounded by the number of sections); frames leave only while the stream has
 * room (`highWaterMark` chunks); a client that takes nothing for `stallMs` is disconnected.
 */
import { safeJson } from "./json.ts";

/** Options of the hub's streams. */
export interface UiHubOptions {
  /** `: ping` comment interval (Bun closes idle connections after 10 s). Default 5000. */
  heartbeatMs?: number;
  /** A client whose stream stays full this long is disconnected. Default 30000. */
  stallMs?: number;
  /** Reconnect delay suggested to EventSource. Default 2000. */
  retryMs?: number;
  /** Most concurrent streams. Default 32. */
  maxClients?: number;
  /** Chunks buffered per stream before frames wait (and coalesce). Default 16. */
  highWaterMark?: number;
  /** Monotonic time for stall detection. */
  now?: () => number;
}

/** Counters of the hub (for /metrics and tests). */
export interface UiHubStats {
  clients: number;
  published: number;
  /** Frames replaced by a newer frame of the same section before a slow client took them. */
  coalesced: number;
  /** Clients disconnected for stalling. */
  stalled: number;
  /** Connections refused because `maxClients` were open. */
  refused: number;
}

interface Client {
  pending: Map<string, string>;
  flush(): void;
  close(): void;
}

const encoder = new TextEncoder();

/** Formats one SSE frame; `event` names are internal identifiers, data is one line of safe JSON. */
export function sseFrame(event: string, data: unknown, id?: number): string {
  const name = event.replace(/[^a-zA-Z0-9_.-]/g, "");
  return `event: ${name}\n${id === undefined ? "" : `id: ${id}\n`}data: ${safeJson(data)}\n\n`;
}

/** The fan-out of UiState sections to SSE clients. */
export class UiHub {
  private readonly clients = new Set<Client>();
  private readonly opts: Required<UiHubOptions>;
  private nextId = 0;
  private counters = { published: 0, coalesced: 0, stalled: 0, refused: 0 };

  constructor(options: UiHubOptions = {}) {
    this.opts = {
      heartbeatMs: options.heartbeatMs ?? 5000,
      stallMs: options.stallMs ?? 30_000,
      retryMs: options.retryMs ?? 2000,
      maxClients: options.maxClients ?? 32,
      highWaterMark: options.highWaterMark ?? 16,
      now: options.now ?? (() => performance.now()),
    };
  }

  /** Queues a section for every client (serialized once); never blocks, never throws on a dead client. */
  publish(event: string, data: unknown): void {
    this.counters.published++;
    const frame = sseFrame(event, data, ++this.nextId);
    for (const client of this.clients) {
      if (client.pending.has(event)) {
        client.pending.delete(event);
        this.counters.coalesced++;
      }
      client.pending.set(event, frame);
      client.flush();
    }
  }

  /** Opens a stream that starts with `initial` (a full snapshot) and then carries every publish; undefined when full. */
  connect(initial: ReadonlyArray<readonly [string, unknown]>, signal?: AbortSignal): ReadableStream<Uint8Array> | undefined {
    if (this.clients.size >= this.opts.maxClients) {
      this.counters.refused++;
      return undefined;
    }
    const { heartbeatMs, stallMs, retryMs, highWaterMark, now } = this.opts;
    let timer: ReturnType<typeof setInterval> | undefined;
    let closed = false;
    let lastTaken = now();
    const client: Client = { pending: new Map(), flush: () => {}, close: () => {} };
    const close = () => {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearInterval(timer);
      this.clients.delete(client);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      try {
        ctrl?.close();
      } catch {
        // already closed or errored
      }
      close();
    };
    let ctrl: ReadableStreamDefaultController<Uint8Array> | undefined;
    client.close = onAbort;
    const enqueue = (text: string) => ctrl?.enqueue(encoder.encode(text));
    client.flush = () => {
      if (closed || !ctrl) return;
      try {
        for (const [event, frame] of client.pending) {
          if ((ctrl.desiredSize ?? 0) <= 0) return;
          client.pending.delete(event);
          enqueue(frame);
        }
      } catch {
        close();
      }
    };
    for (const [event, data] of initial) client.pending.set(event, sseFrame(event, data, ++this.nextId));
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          ctrl = controller;
          enqueue(`retry: ${retryMs}\n: connected\n\n`);
          this.clients.add(client);
          timer = setInterval(() => {
            if (closed) return;
            if ((controller.desiredSize ?? 0) > 0) {
              try {
                enqueue(": ping\n\n");
              } catch {
                close();
              }
            } else if (now() - lastTaken > stallMs) {
              this.counters.stalled++;
              onAbort();
            }
          }, heartbeatMs);
          (timer as { unref?: () => void }).unref?.();
          if (signal?.aborted) onAbort();
          else signal?.addEventListener("abort", onAbort);
        },
        pull: () => {
          lastTaken = now();
          client.flush();
        },
        cancel: () => close(),
      },
      new CountQueuingStrategy({ highWaterMark }),
    );
    return stream;
  }

  /** Counters since creation. */
  stats(): UiHubStats {
    return { clients: this.clients.size, ...this.counters };
  }

  /** Closes every stream (shutdown). */
  closeAll(): void {
    for (const client of [...this.clients]) client.close();
  }
}
