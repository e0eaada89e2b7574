/**
 * What the listener hands to the rest of the bot. Each carries where and when it was seen, so latency
 * can be measured from the frame that brought it (monotonic ms, from the injected Clock).
 */
import type { CompleteEvent, CreateEvent, TradeEvent } from "../chain/pump/index.ts";

/** Where an event came from: a live websocket notification or a backfill after a reconnect. */
export interface Seen {
  signature: string;
  slot: number;
  /** Clock.monotonic() when the frame carrying it was received (backfill: when it was fetched). */
  receivedAt: number;
  /** Clock.now() at the same moment (wall clock, for records). */
  seenAt: number;
  /** Index of the websocket endpoint that delivered it first, or "backfill". */
  source: number | "backfill";
}

/** A new token on the pump.fun curve. */
export interface LaunchDetected extends Seen {
  type: "launch.detected";
  event: CreateEvent;
}

/** A buy or sell on a curve, ours or anyone's. */
export interface TradeObserved extends Seen {
  type: "trade.observed";
  event: TradeEvent;
}

/** A curve reached completion (migration to PumpSwap follows; no more curve trades). */
export interface CurveCompleted extends Seen {
  type: "curve.completed";
  event: CompleteEvent;
}

/** Every chain event the listener emits. */
export type ChainEvent = LaunchDetected | TradeObserved | CurveCompleted;

/** Where the listener delivers events: plain synchronous calls that must return quickly and never throw. */
export interface ChainEventSink {
  launch(e: LaunchDetected): void;
  trade(e: TradeObserved): void;
  complete(e: CurveCompleted): void;
  /** Every event of one transaction was delivered (a launch's dev buy, if any, is among them). */
  endOfTransaction?(): void;
}
