/**
 * One open position: opening (buy sent) -> open -> exiting (sell sent, retried with a widening slippage
 * bound) -> closed, or stuck after too many failed sells (alert-worthy; a manual retry or a late fill
 * gets it out). It starts in the state its record says, so a restarted position resumes where it was.
 * Prices never come here: the manager evaluates the exit rules on every trade as a plain function call
 * and sends `position.exit` only when a rule fires. Effects are named; position.actor.ts binds them.
 */
import { and, assign, setup } from "xstate";
import type { ExitReason } from "../domain/trade-record.ts";
import type { OrderOutcome } from "../pipeline/orders.ts";
import {
  applyBuyFailed, applyBuyFill, applySellFailed, applySellFill, startExit, startQueuedExit,
} from "../positions/record.ts";
import type { PositionRecord } from "../positions/types.ts";

/** An exit the rules decided (one merged sell). */
export interface PositionExitEvent {
  type: "position.exit";
  exit: { reason: ExitReason; tokens: bigint; full: boolean; levels: number };
  /** Clock.monotonic() of the frame that triggered it. */
  triggeredAt: number;
}

/** Sell everything now (control endpoint, shutdown policy). */
export interface PositionSellEvent {
  type: "position.sell";
  reason: ExitReason;
  triggeredAt?: number;
}

/** The executor took no order at all (reconciling at start, draining at shutdown): wait for it, no attempt counted. */
export interface ExecutorUnavailableEvent {
  type: "executor.unavailable";
}

/** Events a position accepts. */
export type PositionEvent = OrderOutcome | PositionExitEvent | PositionSellEvent | ExecutorUnavailableEvent | { type: "position.retry" };

/** Input: the record to start (or resume) from, and wall-clock time. */
export interface PositionInput {
  record: PositionRecord;
  now: () => number;
}

/** Context: the record (saved by `persist` after every change). */
export interface PositionContext {
  record: PositionRecord;
  now: () => number;
}

const isSide = (side: "buy" | "sell") => ({ event }: { event: PositionEvent }) =>
  (event.type === "order.confirmed" || event.type === "order.failed") && event.side === side;

/** The position machine; actions persist/sendSell/alertStuck, guards executorReady/sellInFlight/canRetry and the delays are provided by the actor. */
export const positionMachine = setup({
  types: {
    context: {} as PositionContext,
    events: {} as PositionEvent,
    input: {} as PositionInput,
  },
  actions: {
    /** Saves the record (and tells the manager). */
    persist: (_args, _params: { record: PositionRecord }) => {},
    /** Hands the pending sell to the executor. */
    sendSell: (_args, _params: { record: PositionRecord }) => {},
    /** The position is stuck: alert. */
    alertStuck: (_args, _params: { record: PositionRecord }) => {},
    buyFilled: assign({
      record: ({ context, event }) => (event.type === "order.confirmed" ? applyBuyFill(context.record, event, context.now()) : context.record),
    }),
    buyFailed: assign({
      record: ({ context, event }) => (event.type === "order.failed" ? applyBuyFailed(context.record, event.reason, context.now()) : context.record),
    }),
    exitDecided: assign({
      record: ({ context, event }) => {
        const now = context.now();
        if (event.type === "position.exit") return startExit(context.record, event.exit, { triggeredAt: event.triggeredAt, now });
        if (event.type === "position.sell") {
          return startExit(context.record, { reason: event.reason, tokens: context.record.tokensHeld, full: true, levels: 0 }, { triggeredAt: event.triggeredAt ?? 0, now });
        }
        return context.record;
      },
    }),
    maxHoldExit: assign({
      record: ({ context }) => startExit(context.record, { reason: "max_hold", tokens: context.record.tokensHeld, full: true, levels: 0 }, { triggeredAt: 0, now: context.now() }),
    }),
    queueExit: assign({
      record: ({ context, event }) => {
        const reason = event.type === "position.exit" ? event.exit.reason : event.type === "position.sell" ? event.reason : null;
        return reason === null || context.record.queuedExit !== null ? context.record : { ...context.record, queuedExit: reason };
      },
    }),
    startQueued: assign({ record: ({ context }) => startQueuedExit(context.record, context.now()) }),
    sellFilled: assign({
      record: ({ context, event }) => (event.type === "order.confirmed" ? applySellFill(context.record, event, context.now()) : context.record),
    }),
    sellFailed: assign({
      record: ({ context, event }) =>
        event.type === "order.failed"
          ? applySellFailed(context.record, event.reason, event.accountNotEmpty === true)
          : applySellFailed(context.record, "no outcome before the timeout"),
    }),
    markStuck: assign({ record: ({ context }) => ({ ...context.record, status: "stuck" as const }) }),
    markExiting: assign({ record: ({ context }) => ({ ...context.record, status: "exiting" as const, sellFailures: 0 }) }),
  },
  guards: {
    /** The executor slot is bound. */
    executorReady: () => true,
    /** The executor has a sell of this position in flight (its outcome will come). */
    sellInFlight: () => false,
    /** Another attempt is allowed (failures <= maxRetries). */
    canRetry: () => true,
    isBuyOutcome: isSide("buy"),
    isSellOutcome: isSide("sell"),
    retryable: ({ event }) => event.type === "order.failed" && event.retryable,
    fullExitNotPending: ({ context }) => context.record.pendingExit !== "full" && context.record.tokensHeld > 0n,
    fullDecision: ({ event }) => (event.type === "position.exit" && event.exit.full) || event.type === "position.sell",
    isClosed: ({ context }) => context.record.status === "closed",
    hasQueuedExit: ({ context }) => context.record.queuedExit !== null && context.record.tokensHeld > 0n,
    statusIs: ({ context }, params: { status: PositionRecord["status"] }) => context.record.status === params.status,
  },
  delays: {
    /** Until max hold (from the record's openedAt); provided. */
    maxHold: () => 2 ** 31 - 1,
    retryDelay: () => 500,
    executorWait: () => 100,
    outcomeTimeout: () => 60_000,
  },
}).createMachine({
  id: "position",
  context: ({ input }) => ({ record: input.record, now: input.now }),
  initial: "boot",
  states: {
    boot: {
      always: [
        { guard: { type: "statusIs", params: { status: "opening" } }, target: "opening" },
        { guard: { type: "statusIs", params: { status: "open" } }, target: "open" },
        // Resumed mid-sell: wait for the outcome of an attempt the executor still has, else send again.
        { guard: { type: "statusIs", params: { status: "exiting" } }, target: "exiting.resuming" },
        { guard: { type: "statusIs", params: { status: "stuck" } }, target: "stuck" },
        { guard: { type: "statusIs", params: { status: "failed" } }, target: "failed" },
        { target: "closed" },
      ],
    },
    opening: {
      on: {
        "order.confirmed": { guard: "isBuyOutcome", target: "route", actions: ["buyFilled", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
        "order.failed": { guard: "isBuyOutcome", target: "failed", actions: ["buyFailed", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
      },
    },
    open: {
      after: { maxHold: { target: "exiting", actions: ["maxHoldExit", { type: "persist", params: ({ context }) => ({ record: context.record }) }] } },
      on: {
        "position.exit": { guard: "fullExitNotPending", target: "exiting", actions: ["exitDecided", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
        "position.sell": { guard: "fullExitNotPending", target: "exiting", actions: ["exitDecided", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
      },
    },
    exiting: {
      initial: "sending",
      on: {
        "order.confirmed": { guard: "isSellOutcome", target: "route", actions: ["sellFilled", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
        "order.failed": [
          { guard: and(["isSellOutcome", "retryable"]), target: ".failedAttempt", actions: ["sellFailed", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
          // Retrying cannot help (the curve completed: no sell is possible there): alert instead.
          { guard: "isSellOutcome", target: "stuck", actions: ["sellFailed", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
        ],
        // Nothing was sent and nothing went wrong: the sell waits for the executor, as when its slot is empty.
        "executor.unavailable": { target: ".waitingExecutor" },
        "position.exit": { guard: "fullDecision", actions: ["queueExit", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
        "position.sell": { actions: ["queueExit", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
      },
      states: {
        sending: {
          always: [
            { guard: "executorReady", target: "inFlight", actions: { type: "sendSell", params: ({ context }) => ({ record: context.record }) } },
            { target: "waitingExecutor" },
          ],
        },
        waitingExecutor: { after: { executorWait: "sending" } },
        /**
         * Once the executor is up (it reconciles its journal first): a sell it still has in flight is
         * waited for; none means the process died between deciding the exit and journaling the sell (or
         * that attempt was refused), so it is sent now instead of after the outcome timeout.
         */
        resuming: {
          always: [
            { guard: "sellInFlight", target: "inFlight" },
            { guard: "executorReady", target: "sending" },
            { target: "waitingResume" },
          ],
        },
        waitingResume: { after: { executorWait: "resuming" } },
        inFlight: {
          after: { outcomeTimeout: { target: "failedAttempt", actions: ["sellFailed", { type: "persist", params: ({ context }) => ({ record: context.record }) }] } },
        },
        failedAttempt: {
          always: [
            { guard: "canRetry", target: "backoff" },
            { target: "#position.stuck" },
          ],
        },
        backoff: { after: { retryDelay: "sending" } },
      },
    },
    route: {
      always: [
        { guard: "isClosed", target: "closed" },
        { guard: "hasQueuedExit", target: "exiting", actions: ["startQueued", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
        { target: "open" },
      ],
    },
    stuck: {
      entry: ["markStuck", { type: "persist", params: ({ context }) => ({ record: context.record }) }, { type: "alertStuck", params: ({ context }) => ({ record: context.record }) }],
      on: {
        "position.retry": { target: "exiting", actions: ["markExiting", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
        "position.sell": { target: "exiting", actions: ["markExiting", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
        "order.confirmed": { guard: "isSellOutcome", target: "route", actions: ["sellFilled", { type: "persist", params: ({ context }) => ({ record: context.record }) }] },
      },
    },
    closed: { type: "final" },
    failed: { type: "final" },
  },
});
