/** Types and event names shared by the supervisor machine, its factory and supervised children. */
import type { AnyActorLogic, AnyEventObject } from "xstate";
import type { Clock } from "../clock.ts";
import type { BackoffPolicy, Intensity, RestartType, Strategy } from "../domain/supervision.ts";
import type { RestartRecord } from "../domain/restart-record.ts";

/** A child under supervision: what to start, with which input, and when to bring it back. */
export interface ChildSpec {
  /** Unique among its siblings; also the XState child id (`xstate.error.actor.<id>`). */
  id: string;
  /** Any XState logic: a machine (another supervisor too), `fromPromise`, `supervisedCallback`, ... */
  logic: AnyActorLogic;
  restart: RestartType;
  /** Input for each start of the child (a function is called again on every restart). */
  input?: unknown | ((ctx: { clock: Clock; restarts: number }) => unknown);
}

/** Static configuration of one supervisor (policy as data). */
export interface SupervisorConfig {
  id: string;
  strategy: Strategy;
  intensity: Intensity;
  backoff: BackoffPolicy;
  children: ChildSpec[];
  /** Per-child buffer for deliveries while the child is restarting; drop-oldest when full. Default 1000. */
  mailboxBound?: number;
  /** How many restart records to keep in context (newest last). Default 100. */
  recordBound?: number;
}

/** Runtime dependencies handed down the tree through input, so nested supervisors share them. */
export interface SupervisorRuntime {
  clock: Clock;
  /** Source of [0, 1) for backoff jitter; absent means no jitter. */
  random?: () => number;
  /** Journal for every restart record of this supervisor and those below it. */
  onRestart?: (record: RestartRecord) => void;
}

/** Input of a supervisor machine (all optional: the root falls back to the system clock). */
export type SupervisorInput = Partial<SupervisorRuntime> | undefined;

/** Per-child bookkeeping the supervisor keeps in its context (visible to inspection). */
export interface ChildEntry {
  id: string;
  /** running: live instance; backoff: waiting for a restart; removed: not coming back; stopped: shutdown. */
  status: "running" | "backoff" | "removed" | "stopped";
  restarts: number;
  /** Monotonic timestamps of this child's recent restarts (drive its backoff attempt). */
  history: number[];
  /** Token of the restart this child waits for; stale delayed restarts carry another token. */
  pending: number | null;
  mailbox: AnyEventObject[];
  dropped: number;
  delivered: number;
}

/** Name of the event a supervised callback sends to report an asynchronous crash. */
export const CHILD_FAILED = "supervisor.child.failed";

/** A supervised child reports a crash that XState itself would not see (async callback throw). */
export interface ChildFailedEvent {
  type: typeof CHILD_FAILED;
  childId: string;
  error: Error;
  /** The reporting instance, so a report from an already replaced instance is ignored. */
  ref: unknown;
}

/** Route `event` to child `to`, buffering while it restarts (the safe alternative to `sendTo`). */
export interface DeliverEvent {
  type: "supervisor.deliver";
  to: string;
  event: AnyEventObject;
}

/** Name of the event a failed supervised callback uses to hand back an event it received too late. */
export const CHILD_RETURNED = "supervisor.child.returned";

/** An event delivered to a callback that had already failed; the supervisor re-buffers it. */
export interface ChildReturnedEvent {
  type: typeof CHILD_RETURNED;
  to: string;
  event: AnyEventObject;
}

/** Delayed-free self-event: send the next buffered event of child `to` (one per round). */
export interface FlushEvent {
  type: "supervisor.flush";
  to: string;
}

/** Stop every child in reverse start order (nested supervisors first stop theirs) and go idle. */
export interface ShutdownEvent {
  type: "supervisor.shutdown";
}

/** Delayed self-event: the backoff of restart `token` elapsed. */
export interface RestartDueEvent {
  type: "supervisor.restart";
  token: number;
}

/** Second step of escalation: the children are already stopped, now fail. */
export interface EscalateEvent {
  type: "supervisor.escalate";
  error: Error;
}
