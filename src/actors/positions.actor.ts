/**
 * The positions manager: one child actor per live position, a per-mint index for the hot path, and
 * resume. On start it loads every live position from the store, applies what the journal settled for
 * it that the record missed, and starts its actor in the state the record says. A position actor that
 * crashes is restarted from its stored record, caught up the same way (at most `maxRestarts` times,
 * then the manager itself fails and its supervisor restarts it, which reloads everything). The
 * listener and the sniper call the bound PositionsPort directly (plain calls); the same operations are
 * accepted as events (`trade.observed`, `curve.completed`, `order.*`, `positions.open`,
 * `positions.sell`) for callers that go through `deliver`.
 */
import { createActor, type Actor, type AnyActorRef } from "xstate";
import type { Clock } from "../clock.ts";
import type { RestartRecord } from "../domain/restart-record.ts";
import { toError } from "../errors.ts";
import type { ExitRules } from "../domain/exits/types.ts";
import type { ExitReason } from "../domain/trade-record.ts";
import type { CurveCompleted, TradeObserved } from "../pipeline/events.ts";
import type { BuyRequest, OrderOutcome } from "../pipeline/orders.ts";
import type { PortSlot } from "../pipeline/port-slot.ts";
import type { PositionEvent } from "../machines/position.machine.ts";
import type { AdoptedChild } from "../runtime/adopted-rows.ts";
import { PositionBook, type BookStats } from "../positions/book.ts";
import { applyMissedOutcomes, openingRecord } from "../positions/record.ts";
import type { ExecutorPort, MissedOutcome, PositionRecord, PositionStore, SellPolicy } from "../positions/types.ts";
import type { TimerClock } from "./supervisor.actor.ts";
import { positionLogic } from "./position.actor.ts";
import { supervisedCallback } from "./supervised-callback.ts";

/** What the listener, the sniper, the control endpoints and the executor's outcome path call. */
export interface PositionsPort {
  trade(e: TradeObserved): void;
  complete(e: CurveCompleted): void;
  outcome(o: OrderOutcome): boolean;
  /** Opens (saves and starts) a position for a buy; returns its positionId. */
  open(request: BuyRequest, meta?: { name?: string; symbol?: string }): string;
  /**
   * The first half of `open` for the snipe path: makes the opening position (in memory only) and returns
   * its id; `activate` then saves it and starts its actor. The buy is sent between the two, so neither
   * the record's write nor the actor's start-up is paid before the send; call both in the same
   * synchronous turn. A crash between the send and `activate` loses nothing: the buy's intent, durable
   * before the send, implies this record (the store derives it on load, see PositionStore).
   */
  reserve(request: BuyRequest, meta?: { name?: string; symbol?: string }): string;
  /** Saves (write-ahead) and starts a position made by `reserve` (no-op if already started). */
  activate(positionId: string): void;
  sell(positionId: string, reason: ExitReason): boolean;
  sellAll(reason: ExitReason): number;
  /** Manual retry of a stuck position. */
  retry(positionId: string): boolean;
  list(): PositionRecord[];
  openCount(): number;
  hasMint(mint: string): boolean;
  exposureFor(mint: string): bigint;
  totalExposure(): bigint;
  stats(): BookStats;
  /** The live position actors for the actor table (id, state, restarts), read when asked; never on the hot path. */
  actors(): AdoptedChild[];
}

/** Events the positions actor accepts (the same operations as the port). */
export type PositionsEvent =
  | TradeObserved
  | CurveCompleted
  | OrderOutcome
  | { type: "positions.open"; request: BuyRequest; name?: string; symbol?: string }
  | { type: "positions.sell"; positionId?: string; reason: ExitReason }
  | { type: "positions.retry"; positionId: string };

/** Input of the positions actor. */
export interface PositionsInput {
  store: PositionStore;
  rules: ExitRules;
  policy: SellPolicy;
  executor: PortSlot<ExecutorPort>;
  clock: Clock;
  /** XState scheduler for the position machines' delays (SimulatedClock in tests); default real timers. */
  scheduler?: TimerClock;
  /** Bound to the port while the actor runs. */
  slot?: PortSlot<PositionsPort>;
  /** Restarts of one position actor before the manager escalates (default 3). */
  maxRestarts?: number;
  onChange?: (record: PositionRecord) => void;
  onStuck?: (record: PositionRecord) => void;
  /**
   * A stored live record taken up again, unchanged or caught up, at load or after its actor's crash: views
   * that follow `onChange` (the status page) learn of it here, since a quiet position may not change for minutes.
   */
  onResumed?: (record: PositionRecord) => void;
  /** A stored record caught up with outcomes the journal settled while it was not told (`record` is the result). */
  onCaughtUp?: (record: PositionRecord, missed: readonly MissedOutcome[]) => void;
}

/** The positions manager logic; put it under the trading supervisor with `restart: "permanent"`. */
export const positionsActor = supervisedCallback<PositionsEvent, PositionsInput>(({ input, self, receive, guard, fail }) => {
  const { store, clock } = input;
  const maxRestarts = input.maxRestarts ?? 3;
  const actors = new Map<string, Actor<ReturnType<typeof positionLogic>>>();
  /** The last restart of each position actor that crashed (its count is what maxRestarts bounds). */
  const restarts = new Map<string, RestartRecord>();
  let stopping = false;
  const book = new PositionBook({ rules: input.rules, clock, store, onChange: input.onChange });
  const logic = positionLogic({
    persist: (record) => book.persist(record),
    executor: input.executor,
    reservesOf: (mint) => book.reservesOf(mint),
    rules: input.rules,
    policy: input.policy,
    clock,
    onStuck: input.onStuck,
  });

  const start = (record: PositionRecord, restart: boolean): void => {
    const actor = createActor(logic, {
      id: record.positionId,
      input: { record, now: () => clock.now() },
      ...(input.scheduler ? { clock: input.scheduler } : {}),
    });
    actors.set(record.positionId, actor);
    const send = (event: PositionEvent) => actor.send(event);
    if (restart) book.rebind(record.positionId, record, send);
    else book.add(record, send);
    actor.subscribe({
      complete: () => {
        actors.delete(record.positionId);
        restarts.delete(record.positionId);
        book.remove(record.positionId);
      },
      error: guard((error: unknown) => crashed(record.positionId, actor, error)),
    });
    actor.start();
  };

  /**
   * A stored live record, brought up to what the journal settled for it meanwhile (saved, and told to
   * onChange like any change), then started unless that settled it.
   */
  const resume = (stored: PositionRecord, restart: boolean): void => {
    const missed = store.missedOutcomes?.(stored) ?? [];
    const record = missed.length === 0 ? stored : book.persist({ ...applyMissedOutcomes(stored, missed), version: stored.version + 1 });
    if (record !== stored) input.onCaughtUp?.(record, missed);
    if (record.status === "closed" || record.status === "failed") {
      if (restart) {
        book.remove(record.positionId);
        actors.delete(record.positionId); // the crashed instance: nothing runs for this position any more
        restarts.delete(record.positionId);
      }
      return;
    }
    start(record, restart);
    input.onResumed?.(record);
  };

  const crashed = (positionId: string, actor: AnyActorRef, error: unknown): void => {
    if (stopping) return;
    actor.stop();
    const n = (restarts.get(positionId)?.count ?? 0) + 1;
    restarts.set(positionId, { actorId: positionId, supervisorId: self.id, at: clock.now(), reason: toError(error).message, count: n });
    if (n > maxRestarts) {
      fail(error);
      return;
    }
    const record = store.loadPosition(positionId);
    if (record === undefined) {
      book.remove(positionId);
      actors.delete(positionId);
      return;
    }
    // Restart outside the failing actor's own notification.
    queueMicrotask(guard(() => resume(record, true)));
  };

  const reserved = new Map<string, PositionRecord>();
  const reserve = (request: BuyRequest, meta: { name?: string; symbol?: string } = {}): string => {
    const record = openingRecord(request, { ...meta, now: clock.now() });
    if (reserved.has(record.positionId) || book.has(record.positionId)) return record.positionId;
    reserved.set(record.positionId, record);
    return record.positionId;
  };
  const activate = (positionId: string): void => {
    const record = reserved.get(positionId);
    if (record === undefined) return;
    reserved.delete(positionId);
    try {
      store.savePositionAhead(record);
    } finally {
      // The buy may be on the wire already: its position is managed even when the store failed (the
      // error still reaches the caller; a restart derives the record from the buy's intent).
      start(record, false);
    }
  };
  const open = (request: BuyRequest, meta: { name?: string; symbol?: string } = {}): string => {
    const positionId = reserve(request, meta);
    activate(positionId);
    return positionId;
  };

  const sellAll = (reason: ExitReason): number => {
    let n = 0;
    for (const r of book.list()) if (book.send(r.positionId, { type: "position.sell", reason })) n++;
    return n;
  };

  // Read by the actor table when it is listed: a walk of the live actors, nothing kept per trade or start.
  const actorViews = (): AdoptedChild[] => {
    const views: AdoptedChild[] = [];
    for (const [positionId, actor] of actors) {
      const snapshot = actor.getSnapshot();
      const last = restarts.get(positionId) ?? null;
      const record = snapshot.context?.record;
      views.push({
        id: positionId,
        sessionId: actor.sessionId,
        snapshot,
        restarts: last?.count ?? 0,
        lastRestart: last,
        startedAt: last?.at ?? record?.requestedAt ?? 0,
      });
    }
    return views;
  };

  const port: PositionsPort = {
    // A throw here (e.g. the store) must not reach the listener: it fails this actor, whose restart reloads the store.
    trade: guard((e: TradeObserved) => book.onTrade(e)),
    complete: guard((e: CurveCompleted) => book.onComplete(e)),
    outcome: (o) => guard((x: OrderOutcome) => book.route(x))(o) ?? false,
    open,
    reserve,
    activate,
    sell: (positionId, reason) => book.send(positionId, { type: "position.sell", reason }),
    sellAll,
    retry: (positionId) => book.send(positionId, { type: "position.retry" }),
    list: () => book.list(),
    openCount: () => book.openCount(),
    hasMint: (mint) => book.hasMint(mint),
    exposureFor: (mint) => book.exposureFor(mint),
    totalExposure: () => book.totalExposure(),
    stats: () => ({ ...book.stats }),
    actors: actorViews,
  };

  for (const record of store.loadOpenPositions()) resume(record, false);
  const unbind = input.slot?.bind(port);

  receive((event) => {
    switch (event.type) {
      case "trade.observed":
        return book.onTrade(event);
      case "curve.completed":
        return book.onComplete(event);
      case "order.confirmed":
      case "order.failed":
        book.route(event);
        return;
      case "positions.open":
        open(event.request, { name: event.name, symbol: event.symbol });
        return;
      case "positions.sell":
        if (event.positionId === undefined) sellAll(event.reason);
        else port.sell(event.positionId, event.reason);
        return;
      case "positions.retry":
        port.retry(event.positionId);
        return;
    }
  });

  return () => {
    stopping = true;
    unbind?.();
    // Every change is already saved: stopping the machines loses nothing.
    for (const actor of actors.values()) actor.stop();
    actors.clear();
  };
});
