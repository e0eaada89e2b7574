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

/** Writes frames to one subscriber with a bounded send buffer and the fault policy applied. */
export class Connection {
  closed = false;
  readonly subs = new Set<number>();

  constructor(
    readonly id: number,
    private readonly ws: ServerWebSocket<WsData>,
    private readonly faults: FaultPolicy,
    private readonly stats: WsStats,
    private readonly maxBufferedBytes: number,
  ) {}

  /** Sends a reply (never faulted). */
  reply(frame: string): void {
    if (!this.closed) this.ws.send(frame);
  }

  /**
   * Sends a notification frame; false when it was not written (connection gone or dropped now).
   * Policy when the buffer is full: close the connection and count it, as a real node does.
   */
  notify(frame: string): boolean {
    if (this.closed) return false;
    const fault = this.faults.beforeWsFrame();
    if (fault === "drop-connection") {
      this.stats.faultDrops++;
      this.close(1011, "simulated disconnect");
      return false;
    }
    if (this.ws.getBufferedAmount() > this.maxBufferedBytes) {
      this.stats.slowConsumerDrops++;
      this.close(1008, "slow consumer");
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
    const res = this.ws.send(out);
    if (res === 0) {
      this.stats.slowConsumerDrops++;
      this.close(1008, "slow consumer");
      return false;
    }
    this.stats.framesSent++;
    return true;
  }

  /** Closes the socket (idempotent). */
  close(code = 1000, reason = ""): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.ws.close(code, reason);
    } catch {
      // already closed by the peer
    }
  }
}
