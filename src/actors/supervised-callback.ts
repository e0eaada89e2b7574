/**
 * `fromCallback` with crash reporting. XState does not see a throw inside a timer or socket callback
 * (it becomes an uncaughtException and the child stays "active"), and a crashed callback never runs its
 * cleanup. Here every failure becomes a `supervisor.child.failed` event; the supervisor then stops the
 * child, which runs the cleanup and aborts `signal`, and restarts it.
 */
import { fromCallback, type AnyActorRef, type AnyEventObject, type CallbackActorLogic, type EventObject } from "xstate";
import { toError } from "../errors.ts";
import { CHILD_FAILED, CHILD_RETURNED, type ChildFailedEvent, type ChildReturnedEvent } from "../machines/supervisor.types.ts";

/** What the body of a supervised callback receives. */
export interface SupervisedCallbackArgs<TEvent extends EventObject, TInput> {
  input: TInput;
  self: AnyActorRef;
  /** Sends an event to the parent; silently ignored once the child failed or was stopped. */
  sendBack: (event: AnyEventObject) => void;
  /** Registers a handler for events sent to this child; a throw inside it becomes `fail`. */
  receive: (handler: (event: TEvent) => void) => void;
  /** Aborted when the child is stopped (restart, shutdown): pass it to every I/O call. */
  signal: AbortSignal;
  /** Reports a crash to the supervisor (first report wins; later ones are ignored). */
  fail: (error: unknown) => void;
  /** Wraps a callback (timer, socket, promise handler) so a throw or rejection becomes `fail`. */
  guard: <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => R | undefined;
}

/** The body: set things up, return the cleanup (it runs exactly once, when the supervisor stops the child). */
export type SupervisedCallbackBody<TEvent extends EventObject, TInput> = (
  args: SupervisedCallbackArgs<TEvent, TInput>,
) => (() => void) | void;

/** Callback logic whose synchronous and asynchronous failures all reach the supervisor as events. */
export function supervisedCallback<TEvent extends EventObject = AnyEventObject, TInput = unknown>(
  body: SupervisedCallbackBody<TEvent, TInput>,
): CallbackActorLogic<TEvent, TInput> {
  return fromCallback<TEvent, TInput>(({ input, self, sendBack, receive }) => {
    const controller = new AbortController();
    let failed = false;
    const closed = (): boolean => failed || controller.signal.aborted;

    const fail = (error: unknown): void => {
      if (closed()) return;
      failed = true;
      const event: ChildFailedEvent = { type: CHILD_FAILED, childId: self.id, error: toError(error), ref: self };
      sendBack(event);
    };
    const guard = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R | undefined => {
      if (closed()) return undefined;
      try {
        const result = fn(...args);
        if (result instanceof Promise) result.catch(fail);
        return result;
      } catch (error) {
        fail(error);
        return undefined;
      }
    };
    // XState would turn a throwing receive handler into an error without running the cleanup.
    const handlers: Array<(event: TEvent) => void> = [];
    receive((event) => {
      if (controller.signal.aborted) return;
      if (failed) {
        // Dead but not yet stopped: hand the event back so the next instance gets it instead.
        const returned: ChildReturnedEvent = { type: CHILD_RETURNED, to: self.id, event };
        sendBack(returned);
        return;
      }
      for (const handler of handlers) {
        if (closed()) return;
        try {
          handler(event);
        } catch (error) {
          fail(error);
        }
      }
    });
    const args: SupervisedCallbackArgs<TEvent, TInput> = {
      input,
      self,
      signal: controller.signal,
      fail,
      guard,
      sendBack: (event) => {
        if (!closed()) sendBack(event);
      },
      receive: (handler) => {
        handlers.push(handler);
      },
    };

    let cleanup: (() => void) | void = undefined;
    try {
      cleanup = body(args);
    } catch (error) {
      // Whatever the body set up before throwing is released through `signal` when the child is stopped.
      fail(error);
    }

    return () => {
      controller.abort();
      try {
        cleanup?.();
      } catch (error) {
        // The child is already being stopped; a throw here would crash the supervisor instead.
        console.error(`cleanup of ${self.id} threw`, error);
      }
    };
  });
}
