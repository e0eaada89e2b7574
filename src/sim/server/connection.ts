import type { ServerWebSocket } from "bun";
import type { FaultPolicy } from "../hooks.ts";

/** Per-socket data Bun keeps for us. */
export interface WsData {
  connId: number;
}

/** Counters of the websocket side. */
export interface WsStats {
  framesSent: number;
  /** Connections closed because their send buffer passed the bound (slow consumers). */
  slowConsumerDrops: number;
  /** Connections closed by fault injection. */
  faultDrops: number;
  malformedFrames: number;
  truncatedFrames: number;
}

/** Frames queued before a write is forced (per connection). */
const FLUSH_FRAMES = 64;

/**
 * Writes frames to one subscriber with a bounded send buffer and the fault policy applied.
 *
 * Notifications are queued and written together inside one `cork` at the end of the current task, or
 * as soon as 64 are queued (bounded added delay), or at once for a frame whose write someone waits on
 * (launch notifications, which the referee stamps). One write per frame was the largest cost of a busy
 * market. Faults are still decided per frame, in order, when the frame is queued; the
 * slow-consumer bound is checked per frame when it is written. Replies and closes write what is queued
 * first, so the order on the wire is the order of the calls.
 */
export class Connection {
  closed = false;
  readonly subs = new Set<number>();
  private queue: (string | Uint8Array)[] = [];
  private written: ((() => void) | undefined)[] = [];
  private flushScheduled = false;
  private readonly flushNow = (): void => {
    this.flushScheduled = false;
    this.flush();
  };
  private readonly writeQueued = (): void => {
    const frames = this.queue;
    const written = this.written;
    this.queue = [];
    this.written = [];
    for (let i = 0; i < frames.length; i++) {
      if (this.closed) return;
      if (this.ws.getBufferedAmount() > this.maxBufferedBytes) {
        this.stats.slowConsumerDrops++;
        this.close(1008, "slow consumer");
        return;
      }
      if (this.ws.send(frames[i]!) === 0) {
        this.stats.slowConsumerDrops++;
        this.close(1008, "slow consumer");
        return;
      }
      this.stats.framesSent++;
      written[i]?.();
    }
  };

  constructor(
    readonly id: number,
    private readonly ws: ServerWebSocket<WsData>,
    private readonly faults: FaultPolicy,
    private readonly stats: WsStats,
    private readonly maxBufferedBytes: number,
  ) {}

  /** Sends a reply (never faulted), after the notifications queued before it. */
  reply(frame: string): void {
    if (this.closed) return;
    this.flush();
    if (!this.closed) this.ws.send(frame);
  }

  /**
   * Queues a notification frame; false when it will not be written (connection gone, or dropped now by
   * a fault). `onWritten` runs when the frame is actually handed to the socket (at the end of the task).
   * Policy when the send buffer is full: close the connection and count it, as a real node does.
   */
  notify(frame: string, onWritten?: () => void): boolean {
    if (this.closed) return false;
    const fault = this.faults.beforeWsFrame();
    if (fault === "drop-connection") {
      this.stats.faultDrops++;
      this.close(1011, "simulated disconnect");
      return false;
    }
    let out: string | Uint8Array = frame;
    if (fault === "malform" || fault === "truncate") {
      if (fault === "malform") this.stats.malformedFrames++;
      else this.stats.truncatedFrames++;
      out = this.faults.corruptFrame
        ? this.faults.corruptFrame(frame, fault)
        : fault === "malform"
          ? `{"jsonrpc":"2.0","method":${frame.slice(0, 40)}`
          : frame.slice(0, Math.max(1, frame.length >> 1));
    }
    this.queue.push(out);
    this.written.push(onWritten);
    // Write now when the batch is big enough (bounded added delay: a few trades' worth) or when someone
    // waits for the write (the referee stamps launch notifications): else at the end of the task.
    if (onWritten !== undefined || this.queue.length >= FLUSH_FRAMES) {
      this.flush();
      return !this.closed;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flushNow);
    }
    return true;
  }

  /** Writes the queued frames now (one corked write). */
  flush(): void {
    if (this.queue.length === 0 || this.closed) return;
    try {
      this.ws.cork(this.writeQueued);
    } catch {
      // the socket went away under us
      this.closed = true;
    }
  }

  /** Closes the socket (idempotent), after writing what is queued. */
  close(code = 1000, reason = ""): void {
    if (this.closed) return;
    this.flush();
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.written = [];
    try {
      this.ws.close(code, reason);
    } catch {
      // already closed by the peer
    }
  }
}
