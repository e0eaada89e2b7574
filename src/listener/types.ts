/** Options, state and the public face of the listener (src/listener/listener.ts). */
import type { Clock } from "../clock.ts";
import type { Rng } from "../rng.ts";
import type { WsBackoffPolicy, WsClient, WsSocket, WsTimers } from "../chain/rpc/ws-client.ts";
import type { ChainEventSink } from "../pipeline/events.ts";
import type { Anchor, BackfillBounds } from "./backfill.ts";
import { SignatureRing } from "./dedupe.ts";
import type { ListenerRpc } from "./rpc.ts";
import { ListenerStats } from "./stats.ts";

/** What survives an actor restart: counters, the de-duplication ring and the backfill anchor. */
export interface ListenerState {
  stats: ListenerStats;
  seen: SignatureRing;
  /** Newest transaction seen (any endpoint): where the next backfill stops. */
  anchor: Anchor | null;
  /** Listener instances started on this state (a second one backfills the restart gap). */
  instances: number;
}

/** Fresh state for `wsUrls`, remembering the last `dedupeSize` signatures. */
export function createListenerState(wsUrls: readonly string[], dedupeSize = 20_000): ListenerState {
  return { stats: new ListenerStats(wsUrls), seen: new SignatureRing(dedupeSize), anchor: null, instances: 0 };
}

/** The minimal logger the listener writes to (pino fits). */
export interface ListenerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Options of `createListener`. */
export interface ListenerOptions {
  wsUrls: readonly string[];
  rpc: ListenerRpc;
  sink: ChainEventSink;
  /** Shared across restarts; default a fresh one. Its stats must have one entry per `wsUrls`. */
  state?: ListenerState;
  clock?: Clock;
  rng?: Rng;
  timers?: WsTimers;
  signal?: AbortSignal;
  /** A bug in the listener (a throw in a frame handler): the actor turns it into a crash. */
  onBug?: (error: Error) => void;
  logger?: ListenerLogger;
  programId?: string;
  /**
   * An address only launches mention (pump.fun's mint authority, default; null: none): a backfill lists
   * and fetches its gap first, so the launches of a long gap arrive before its trades.
   */
  launchAddress?: string | null;
  /** Commitment of logsSubscribe. Default "processed". */
  commitment?: "processed" | "confirmed";
  dedupeSize?: number;
  heartbeatMs?: number;
  requestTimeoutMs?: number;
  backoff?: WsBackoffPolicy;
  /** Socket factory (tests, benchmarks); default Bun's WebSocket. */
  createSocket?: (url: string) => WsSocket;
  /** Also subscribe to slots so a quiet program still shows liveness. Default true. */
  slotLiveness?: boolean;
  backfill?: Partial<BackfillBounds> & {
    enabled?: boolean;
    /** A second pass this long after the first picks up what was only `processed` at the first. */
    settleMs?: number;
  };
  repair?: { concurrency?: number; maxQueued?: number; retries?: number; retryMs?: number; timeoutMs?: number };
}

/** A running listener. */
export interface Listener {
  readonly state: ListenerState;
  readonly clients: readonly WsClient[];
  /** Resolves when no backfill or repair is running (tests, shutdown). */
  idle(): Promise<void>;
  /** Closes every socket and stops repairs and backfills; idempotent. */
  close(): void;
}
