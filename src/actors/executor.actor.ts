/**
 * The executor actor: a supervised callback that owns the executor's background work (blockhash and
 * priority-fee refresh, confirmation polling, signature subscriptions) while it runs. On each start it
 * reconciles the journal against the chain, then binds the executor into the PortSlot (the hot path
 * calls through it, no event round trip); its cleanup unbinds and stops the timers. The Executor object
 * outlives restarts, so in-flight orders keep being confirmed by the next instance.
 */
import type { ExecutorService } from "../executor/index.ts";
import type { ChildSpec } from "../machines/supervisor.types.ts";
import type { PortSlot } from "../pipeline/port-slot.ts";
import type { Drainer } from "../runtime/flushers.ts";
import { supervisedCallback } from "./supervised-callback.ts";

/** The executor the actor drives: the service plus its optional start-up and shutdown steps (paper has none). */
export type ManagedExecutor = ExecutorService & {
  start?(signal: AbortSignal): Promise<void>;
  reconcile?(signal?: AbortSignal): Promise<{ confirmed: number; failed: number; waiting: number }>;
  stopAccepting?(): void;
};

/** Input of the executor actor. */
export interface ExecutorActorInput {
  executor: ManagedExecutor;
  /** Where the service is bound while the actor runs (after reconciliation). */
  slot: PortSlot<ExecutorService>;
  /** Called once reconciliation is done and the service is bound, with its counts. */
  onReady?: (reconciled: { confirmed: number; failed: number; waiting: number }) => void;
  /**
   * Runs before the executor starts on every (re)start: the wallet checks of the mode (sim: top up the
   * paper wallet by airdrop; live: the balance floor). A failure is a crash, retried with backoff.
   */
  prepare?: (signal: AbortSignal) => Promise<void>;
}

/** Events the actor accepts (the hot path uses the PortSlot instead). */
export type ExecutorActorEvent = { type: "executor.slot"; slot: number } | { type: "executor.stopAccepting" };

/** The actor logic; a failed reconciliation is a crash (the supervisor restarts it with backoff). */
export const executorActor = supervisedCallback<ExecutorActorEvent, ExecutorActorInput>(({ input, signal, fail, receive }) => {
  const { executor, slot } = input;
  let unbind: (() => void) | undefined;
  receive((event) => {
    if (event.type === "executor.slot") executor.onSlot(event.slot);
    else executor.stopAccepting?.();
  });
  void (async () => {
    try {
      await input.prepare?.(signal);
      await executor.start?.(signal);
      const counts = (await executor.reconcile?.(signal)) ?? { confirmed: 0, failed: 0, waiting: 0 };
      if (signal.aborted) return;
      unbind = slot.bind(executor);
      input.onReady?.(counts);
    } catch (e) {
      if (!signal.aborted) fail(e);
    }
  })();
  return () => {
    unbind?.();
  };
});

/** The child spec of the executor (restart permanent). */
export function executorChildSpec(input: ExecutorActorInput, id = "executor"): ChildSpec {
  return { id, logic: executorActor, restart: "permanent", input };
}

/** The lifecycle's drainer: stop taking orders, then wait for in-flight ones to settle (or the bound). */
export function executorDrainer(executor: ManagedExecutor, name = "executor"): Drainer {
  return {
    name,
    async drain(signal) {
      executor.stopAccepting?.();
      await executor.drain(signal);
    },
  };
}
