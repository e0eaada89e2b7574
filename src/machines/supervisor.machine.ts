/**
 * The supervisor machine: starts its children, turns their crashes and exits into restarts (with
 * backoff), escalations or removals, routes deliveries, and shuts down in reverse start order.
 * Decisions come from ../domain/supervision.ts through ./supervisor.plan.ts; this file only wires them.
 */
import { enqueueActions, setup, type ActorRefFrom, type AnyActorLogic, type AnyActorRef, type AnyEventObject } from "xstate";
import { systemClock } from "../clock.ts";
import { toError } from "../errors.ts";
import type { RestartRecord } from "../domain/restart-record.ts";
import { stopSubtree } from "./actor-tree.ts";
import {
  initialContext,
  planDeliver,
  planExit,
  planFlush,
  planRestartDue,
  planReturned,
  planShutdown,
  planStartAll,
  type ExitInput,
  type Op,
  type Step,
  type SupervisorContext,
} from "./supervisor.plan.ts";
import {
  CHILD_FAILED,
  CHILD_RETURNED,
  type ChildFailedEvent,
  type ChildReturnedEvent,
  type FlushEvent,
  type DeliverEvent,
  type EscalateEvent,
  type RestartDueEvent,
  type ShutdownEvent,
  type SupervisorConfig,
  type SupervisorInput,
  type SupervisorRuntime,
} from "./supervisor.types.ts";

/** Every event a supervisor handles (child error/done events arrive under XState's own names). */
export type SupervisorEvent =
  | DeliverEvent
  | ShutdownEvent
  | RestartDueEvent
  | EscalateEvent
  | ChildFailedEvent
  | ChildReturnedEvent
  | FlushEvent
  | { type: "supervisor.escalating" }
  | { type: `xstate.error.actor.${string}`; error: unknown }
  | { type: `xstate.done.actor.${string}`; output: unknown };

const ERROR_PREFIX = "xstate.error.actor.";
const DONE_PREFIX = "xstate.done.actor.";

// One runtime per actor system: the root registers it from its input, nested supervisors find it by
// their shared `system`, so clock and journal reach every level without threading input through specs.
const runtimes = new WeakMap<object, SupervisorRuntime>();

/** The runtime (clock, jitter source, journal) of the tree `self` belongs to. */
export function runtimeOf(self: AnyActorRef): SupervisorRuntime {
  return runtimes.get(self.system) ?? { clock: systemClock };
}

/** True when `ref` is a live supervisor (it then shuts its own children down in reverse order first). */
export function isSupervisorRef(ref: AnyActorRef): boolean {
  const snapshot = ref.getSnapshot() as { status?: string; context?: { kind?: unknown } } | undefined;
  return snapshot?.status === "active" && snapshot.context?.kind === "supervisor";
}

type ChildMap = Record<string, AnyActorRef | undefined>;

// The part of XState's `enqueue` used here; its own type is tied to the setup() generics.
interface Enqueue {
  (action: { type: "recordRestart"; params: RestartRecord } | (() => void)): void;
  assign(fn: () => SupervisorContext): void;
  sendTo(to: AnyActorRef | string, event: AnyEventObject): void;
  stopChild(id: string): void;
  spawnChild(logic: AnyActorLogic, options: { id: string; input: unknown }): void;
  raise(event: AnyEventObject, options?: { delay?: number }): void;
}

// The children XState currently holds; empty before the actor's first snapshot exists (initial entry).
function childMap(self: AnyActorRef): ChildMap {
  return (self.getSnapshot() as { children?: ChildMap } | undefined)?.children ?? {};
}

function statusOf(ref: AnyActorRef | undefined): string | undefined {
  return (ref?.getSnapshot() as { status?: string } | undefined)?.status;
}

/** Builds the supervisor machine for one configuration (child specs hold logic, so they stay out of context). */
export function createSupervisorMachine(config: SupervisorConfig) {
  const specs = new Map(config.children.map((spec) => [spec.id, spec]));
  const recordBound = config.recordBound ?? 100;

  // Turns planned ops into XState actions, in order. Stops and sends are deferred by XState until the
  // transition is done, so they run in exactly this order afterwards.
  const perform = (enqueuer: unknown, self: AnyActorRef, step: Step): void => {
    const enqueue = enqueuer as Enqueue;
    enqueue.assign(() => step.context);
    const live = childMap(self);
    for (const op of step.ops) runOp(enqueue, self, live, step.context, op);
  };
  const runOp = (enqueue: Enqueue, self: AnyActorRef, live: ChildMap, ctx: SupervisorContext, op: Op): void => {
    switch (op.kind) {
      case "stop": {
        const ref = live[op.id];
        if (ref === undefined) return;
        const status = statusOf(ref);
        // A nested supervisor first stops its own children (reverse order) before XState stops it.
        if (isSupervisorRef(ref)) enqueue.sendTo(ref, { type: "supervisor.shutdown" });
        // A crashed machine never stops its own children (xstate #4726): stop them here.
        if (status === "error") enqueue(() => stopSubtree(ref));
        enqueue.stopChild(op.id);
        return;
      }
      case "start": {
        const spec = specs.get(op.id);
        if (spec === undefined) return;
        const runtime = runtimeOf(self);
        const input = typeof spec.input === "function" ? spec.input({ clock: runtime.clock, restarts: ctx.children[op.id]?.restarts ?? 0 }) : spec.input;
        enqueue.spawnChild(spec.logic, { id: spec.id, input });
        return;
      }
      case "send": {
        // By ref, never by id: `sendTo('id')` throws inside the supervisor when the id is gone. Plans
        // only send to children that are live in this snapshot, so the ref is always there.
        const ref = live[op.id];
        if (ref !== undefined) enqueue.sendTo(ref, op.event);
        return;
      }
      case "flush":
        // Through our own mailbox, so a crash caused by the previous event is handled first.
        enqueue.sendTo(self, { type: "supervisor.flush", to: op.id });
        return;
      case "record":
        enqueue({ type: "recordRestart", params: op.record });
        return;
      case "schedule":
        // XState's scheduler (the actor's clock) so SimulatedClock and fake timers drive backoff.
        enqueue.raise({ type: "supervisor.restart", token: op.token }, { delay: op.delayMs });
        return;
      case "escalate":
        // Two steps: the stops above run first; the failure comes as a later event (see `fail`).
        enqueue.raise({ type: "supervisor.escalating" });
        enqueue.sendTo(self, { type: "supervisor.escalate", error: op.error });
        return;
    }
  };

  const exitOf = (self: AnyActorRef, childId: string, exit: ExitInput["exit"], error?: Error): ExitInput => {
    const runtime = runtimeOf(self);
    return { childId, exit, error, wallMs: runtime.clock.now(), monoMs: runtime.clock.monotonic(), random: runtime.random };
  };

  return setup({
    types: {
      context: {} as SupervisorContext,
      events: {} as SupervisorEvent,
      input: {} as SupervisorInput,
    },
    actions: {
      /** Starts every child in spec order. */
      startChildren: enqueueActions(({ context, enqueue, self }) => perform(enqueue, self, planStartAll(config, context))),
      /** A child errored (promise rejected, callback threw synchronously, machine action threw). */
      onChildError: enqueueActions(({ context, event, enqueue, self }) => {
        const childId = event.type.slice(ERROR_PREFIX.length);
        const ref = childMap(self)[childId];
        if (statusOf(ref) !== "error") return; // not the current instance
        const error = toError((event as { error?: unknown }).error);
        perform(enqueue, self, planExit(config, context, exitOf(self, childId, "crash", error)));
      }),
      /** A supervised callback reported an asynchronous crash through `fail()`. */
      onChildFailed: enqueueActions(({ context, event, enqueue, self }) => {
        const failed = event as ChildFailedEvent;
        const ref = childMap(self)[failed.childId];
        if (ref === undefined || ref !== failed.ref) return; // a replaced instance reporting late
        perform(enqueue, self, planExit(config, context, exitOf(self, failed.childId, "crash", failed.error)));
      }),
      /** A child finished normally (promise resolved, machine reached a final state). */
      onChildDone: enqueueActions(({ context, event, enqueue, self }) => {
        const childId = event.type.slice(DONE_PREFIX.length);
        const ref = childMap(self)[childId];
        if (statusOf(ref) !== "done") return;
        perform(enqueue, self, planExit(config, context, exitOf(self, childId, "normal")));
      }),
      /** A backoff elapsed: start the children waiting for this token and flush their mailboxes. */
      onRestartDue: enqueueActions(({ context, event, enqueue, self }) => {
        perform(enqueue, self, planRestartDue(config, context, (event as RestartDueEvent).token));
      }),
      /** Routes `supervisor.deliver` to the live child or its bounded mailbox. */
      deliver: enqueueActions(({ context, event, enqueue, self }) => {
        const { to, event: inner } = event as DeliverEvent;
        const ref = childMap(self)[to];
        perform(enqueue, self, planDeliver(config, context, to, inner as AnyEventObject, statusOf(ref) === "active"));
      }),
      /** Next round of a mailbox flush after a restart. */
      onFlush: enqueueActions(({ context, event, enqueue, self }) => {
        const { to } = event as FlushEvent;
        perform(enqueue, self, planFlush(context, to, statusOf(childMap(self)[to]) === "active"));
      }),
      /** A failed callback handed an event back: buffer it again for the next instance. */
      onReturned: enqueueActions(({ context, event, enqueue, self }) => {
        const { to, event: inner } = event as ChildReturnedEvent;
        perform(enqueue, self, planReturned(config, context, to, inner));
      }),
      /** Deliveries after shutdown or during escalation can never arrive: count them as dropped. */
      dropDelivery: enqueueActions(({ context, event, enqueue, self }) => {
        const { to } = event as DeliverEvent | ChildReturnedEvent;
        if (event.type === CHILD_RETURNED) perform(enqueue, self, planReturned(config, context, to, { type: "dropped" }));
        else perform(enqueue, self, planDeliver(config, context, to, { type: "dropped" }, false));
      }),
      /** Stops every child in reverse start order (nested supervisors stop theirs first). */
      stopChildren: enqueueActions(({ context, enqueue, self }) => perform(enqueue, self, planShutdown(config, context))),
      /**
       * The named restart journal. Default binding: keep the record in context (bounded, newest last) and
       * pass it to the tree's `onRestart`. Rebind with `.provide({ actions: { recordRestart } })`.
       */
      recordRestart: enqueueActions(({ context, enqueue, self }, record: RestartRecord) => {
        enqueue.assign({ restartLog: [...context.restartLog, record].slice(-recordBound) });
        const journal = runtimeOf(self).onRestart;
        if (journal !== undefined) enqueue(() => journal(record));
      }),
      /** Second step of escalation: children are already stopped, so failing orphans nothing. */
      fail: ({ event }) => {
        throw (event as EscalateEvent).error;
      },
    },
  }).createMachine({
    id: config.id,
    context: ({ input, self }) => {
      const given = input ?? {};
      if (!runtimes.has(self.system)) {
        runtimes.set(self.system, { ...given, clock: given.clock ?? systemClock });
      }
      return initialContext(config);
    },
    initial: "running",
    states: {
      running: {
        entry: "startChildren",
        on: {
          "xstate.error.actor.*": { actions: "onChildError" },
          "xstate.done.actor.*": { actions: "onChildDone" },
          [CHILD_FAILED]: { actions: "onChildFailed" },
          "supervisor.restart": { actions: "onRestartDue" },
          "supervisor.deliver": { actions: "deliver" },
          "supervisor.flush": { actions: "onFlush" },
          [CHILD_RETURNED]: { actions: "onReturned" },
          "supervisor.escalating": { target: "escalating" },
          "supervisor.shutdown": { target: "stopped", actions: "stopChildren" },
        },
      },
      escalating: {
        on: {
          "supervisor.escalate": { actions: "fail" },
          "supervisor.deliver": { actions: "dropDelivery" },
          [CHILD_RETURNED]: { actions: "dropDelivery" },
        },
      },
      // Not a final state: a final nested supervisor would look like a normal exit to its parent.
      stopped: {
        on: {
          "supervisor.deliver": { actions: "dropDelivery" },
          [CHILD_RETURNED]: { actions: "dropDelivery" },
        },
      },
    },
  });
}

/** The machine type of a supervisor. */
export type SupervisorMachine = ReturnType<typeof createSupervisorMachine>;

/** A running supervisor actor. */
export type SupervisorActor = ActorRefFrom<SupervisorMachine>;
