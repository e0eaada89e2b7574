/**
 * The public face of supervision: build supervisors from child specs, start the root with an error
 * observer always attached, route events to children by id, and shut the tree down in reverse order.
 */
import { createActor, type ActorOptions, type AnyActorRef, type AnyEventObject, type InspectionEvent, type Observer } from "xstate";
import type { Clock } from "../clock.ts";
import { SniperError } from "../errors.ts";
import type { RestartRecord } from "../domain/restart-record.ts";
import type { BackoffPolicy, Intensity, Strategy } from "../domain/supervision.ts";
import { stopSubtree } from "../machines/actor-tree.ts";
import { createSupervisorMachine, isSupervisorRef, type SupervisorActor, type SupervisorMachine } from "../machines/supervisor.machine.ts";
import type { ChildSpec, DeliverEvent, SupervisorConfig } from "../machines/supervisor.types.ts";

/** Defaults: at most 3 restarts in 5 s, backoff 100 ms doubling up to 10 s, no jitter. */
export const supervisorDefaults = {
  strategy: "one_for_one" as Strategy,
  intensity: { maxRestarts: 3, withinMs: 5_000 } as Intensity,
  backoff: { initialMs: 100, factor: 2, maxMs: 10_000 } as BackoffPolicy,
  mailboxBound: 1_000,
  recordBound: 100,
};

/** Options of `createSupervisor`: only `id` and `children` are required. */
export interface SupervisorOptions {
  id: string;
  children: ChildSpec[];
  strategy?: Strategy;
  intensity?: Intensity;
  backoff?: BackoffPolicy;
  mailboxBound?: number;
  recordBound?: number;
}

function invalid(field: string, rule: string, value: unknown): SniperError {
  return new SniperError("config", `supervisor ${field}: ${rule}`, { field, value });
}

// Policy errors are configuration errors: refuse them when the tree is built, not at the first crash.
function validate(config: SupervisorConfig): void {
  const ids = new Set<string>();
  for (const child of config.children) {
    if (child.id === "" || ids.has(child.id)) throw invalid(`${config.id}.children`, "ids must be unique and non-empty", child.id);
    ids.add(child.id);
  }
  const { maxRestarts, withinMs } = config.intensity;
  if (!(Number.isInteger(maxRestarts) && maxRestarts >= 0)) throw invalid(`${config.id}.intensity.maxRestarts`, "an integer >= 0", maxRestarts);
  if (!(withinMs > 0)) throw invalid(`${config.id}.intensity.withinMs`, "> 0", withinMs);
  const { initialMs, factor, maxMs, jitter } = config.backoff;
  if (!(initialMs >= 0)) throw invalid(`${config.id}.backoff.initialMs`, ">= 0", initialMs);
  if (!(factor >= 1)) throw invalid(`${config.id}.backoff.factor`, ">= 1", factor);
  if (!(maxMs >= initialMs)) throw invalid(`${config.id}.backoff.maxMs`, ">= initialMs", maxMs);
  if (jitter !== undefined && !(jitter >= 0 && jitter <= 1)) throw invalid(`${config.id}.backoff.jitter`, "within [0, 1]", jitter);
  if (!((config.mailboxBound ?? 0) >= 0)) throw invalid(`${config.id}.mailboxBound`, ">= 0", config.mailboxBound);
}

/** Supervisor logic for the given policy; usable as a root or as the `logic` of another supervisor's child spec. */
export function createSupervisor(options: SupervisorOptions): SupervisorMachine {
  const config: SupervisorConfig = {
    id: options.id,
    children: options.children,
    strategy: options.strategy ?? supervisorDefaults.strategy,
    intensity: options.intensity ?? supervisorDefaults.intensity,
    backoff: options.backoff ?? supervisorDefaults.backoff,
    mailboxBound: options.mailboxBound ?? supervisorDefaults.mailboxBound,
    recordBound: options.recordBound ?? supervisorDefaults.recordBound,
  };
  validate(config);
  return createSupervisorMachine(config);
}

/** XState's scheduler clock (setTimeout/clearTimeout, e.g. a SimulatedClock): delayed restarts run on it. */
export type TimerClock = NonNullable<ActorOptions<SupervisorMachine>["clock"]>;

/** Options of `startRootSupervisor`. */
export interface RootOptions {
  /** Error observer of the root: an escalation that reached the top (always attached). */
  onError: (error: unknown) => void;
  /** Wall/monotonic time for records and the intensity window; if it also has setTimeout/clearTimeout
   * (e.g. a SimulatedClock subclass) it drives backoff delays too. Default: the system clock. */
  clock?: Clock;
  /** XState scheduler clock for delayed restarts (SimulatedClock in tests); default: `clock` if it can. */
  scheduler?: TimerClock;
  /** [0, 1) source for backoff jitter (a seeded RNG's `next`); default none. */
  random?: () => number;
  /** Journal of every restart in the tree (e.g. the history store). */
  onRestart?: (record: RestartRecord) => void;
  /** XState inspection observer (inspection registry, dev tools). */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
}

function isTimerClock(value: unknown): value is TimerClock {
  const v = value as Partial<TimerClock> | undefined;
  return typeof v?.setTimeout === "function" && typeof v.clearTimeout === "function";
}

/** Creates and starts the root supervisor actor, subscribed with an error observer before it starts. */
export function startRootSupervisor(logic: SupervisorMachine, options: RootOptions): SupervisorActor {
  const scheduler = options.scheduler ?? (isTimerClock(options.clock) ? options.clock : undefined);
  const actor = createActor(logic, {
    input: { clock: options.clock, random: options.random, onRestart: options.onRestart },
    ...(scheduler ? { clock: scheduler } : {}),
    ...(options.inspect ? { inspect: options.inspect } : {}),
  });
  // Without an error observer XState rethrows an unhandled root failure and the process exits 1.
  actor.subscribe({ error: options.onError });
  actor.start();
  return actor;
}

/**
 * The `supervisor.deliver` envelope for a child id or a path through nested supervisors; children use
 * it with `sendParent` / `sendBack` to reach a sibling safely (plain `sendTo` throws while it restarts).
 */
export function deliveryEvent(to: string | readonly string[], event: AnyEventObject): DeliverEvent {
  const path = typeof to === "string" ? [to] : [...to];
  const last = path.pop();
  if (last === undefined) throw new SniperError("invariant", "deliver needs a child id");
  let envelope: DeliverEvent = { type: "supervisor.deliver", to: last, event };
  for (const id of path.reverse()) envelope = { type: "supervisor.deliver", to: id, event: envelope };
  return envelope;
}

/**
 * Sends `event` to a child by id through its supervisor (buffered while the child restarts). A path
 * (`["trading", "executor"]`) goes through nested supervisors, each buffering if the next one restarts.
 * Returns false (nothing sent) when the supervisor itself is no longer running; from then on the
 * supervisor counts every accepted event as delivered or dropped.
 */
export function deliver(supervisor: AnyActorRef, to: string | readonly string[], event: AnyEventObject): boolean {
  const status = (supervisor.getSnapshot() as { status?: string } | undefined)?.status;
  if (status !== "active") return false;
  supervisor.send(deliveryEvent(to, event));
  return true;
}

/**
 * Stops the whole tree in reverse start order at every level, then stops the root; resolves when done.
 * A supervisor root is told `supervisor.shutdown`; any other root has its descendants stopped explicitly,
 * because XState's own `stop()` goes in insertion order.
 */
export async function shutdownTree(root: AnyActorRef): Promise<void> {
  const status = (root.getSnapshot() as { status?: string } | undefined)?.status;
  if (status === "active") {
    if (isSupervisorRef(root)) root.send({ type: "supervisor.shutdown" });
    else stopSubtree(root);
  }
  // Let anything queued behind the shutdown settle before the root goes.
  await Promise.resolve();
  root.stop();
  await Promise.resolve();
}

/** Re-exported so callers import supervision from this one module. */
export type { ChildSpec, SupervisorRuntime } from "../machines/supervisor.types.ts";
export type { SupervisorActor, SupervisorMachine } from "../machines/supervisor.machine.ts";
