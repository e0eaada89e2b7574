/**
 * Supervision decisions as pure functions (OTP semantics): no xstate, no I/O, no clock reads.
 * The supervisor machine asks "a child exited, what now?" and executes the answer.
 */

/** Which siblings are restarted with a crashed child (OTP `strategy`). */
export type Strategy = "one_for_one" | "one_for_all" | "rest_for_one";

/** When a child is restarted (OTP `restart`). */
export type RestartType = "permanent" | "transient" | "temporary";

/** How a child ended: a crash (error) or a normal exit (promise resolved, machine reached a final state). */
export type ExitKind = "crash" | "normal";

/** More than `maxRestarts` restarts within `withinMs` escalates to the parent supervisor. */
export interface Intensity {
  maxRestarts: number;
  withinMs: number;
}

/** Exponential backoff between restarts: initialMs * factor^attempt, capped at maxMs, optional jitter ratio. */
export interface BackoffPolicy {
  initialMs: number;
  factor: number;
  maxMs: number;
  /** 0..1: the delay is reduced by up to this share, drawn from the injected RNG (0 or absent: exact). */
  jitter?: number;
}

/** What the decision needs to know about one child, in start (spec) order. */
export interface ChildView {
  id: string;
  restart: RestartType;
  /** false once the child was removed (temporary exit, transient normal exit): it is not brought back. */
  present: boolean;
}

/** Everything `decideExit` looks at. Timestamps are monotonic ms from the injected clock. */
export interface ExitFacts {
  strategy: Strategy;
  intensity: Intensity;
  /** All children in start order. */
  children: readonly ChildView[];
  /** The child that ended. */
  exited: string;
  exit: ExitKind;
  /** Timestamps of this supervisor's earlier restarts (any child). */
  history: readonly number[];
  now: number;
}

/** The supervisor's answer to one child exit. */
export type Decision =
  /** Nothing restarts; `remove` lists the children to forget (the exited one, never its siblings). */
  | { kind: "remove"; remove: string[] }
  /** Stop `stop` (reverse start order), forget `remove`, later start `restart` (start order). */
  | { kind: "restart"; stop: string[]; remove: string[]; restart: string[] }
  /** Too many restarts: stop everything and fail, so the parent supervisor decides. */
  | { kind: "escalate"; restartsInWindow: number };

/** Whether a child with this restart type comes back after this kind of exit (OTP table). */
export function shouldRestart(restart: RestartType, exit: ExitKind): boolean {
  if (restart === "permanent") return true;
  if (restart === "transient") return exit === "crash";
  return false;
}

/** Restarts still inside the intensity window at `now` (older ones no longer count). */
export function restartsInWindow(history: readonly number[], now: number, withinMs: number): number[] {
  return history.filter((t) => now - t < withinMs);
}

/** True when one more restart now would exceed the intensity (more than maxRestarts within withinMs). */
export function exceedsIntensity(history: readonly number[], now: number, intensity: Intensity): boolean {
  return restartsInWindow(history, now, intensity.withinMs).length + 1 > intensity.maxRestarts;
}

/**
 * Backoff before restart number `attempt` (0-based): min(maxMs, initialMs * factor^attempt), then minus
 * up to `jitter` of it using `random()` in [0, 1). Jitter only shortens, so the cap always holds.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random?: () => number): number {
  const raw = policy.initialMs * Math.pow(policy.factor, Math.max(0, attempt));
  const capped = Math.min(policy.maxMs, Number.isFinite(raw) ? raw : policy.maxMs);
  const jitter = policy.jitter ?? 0;
  if (jitter <= 0 || random === undefined) return Math.round(capped);
  return Math.round(capped * (1 - Math.min(1, jitter) * random()));
}

/** Children affected by a restart of `exited` under `strategy`, in start order (exited included). */
export function affectedChildren(strategy: Strategy, children: readonly ChildView[], exited: string): ChildView[] {
  const present = children.filter((c) => c.present || c.id === exited);
  if (strategy === "one_for_one") return present.filter((c) => c.id === exited);
  if (strategy === "one_for_all") return present;
  const index = present.findIndex((c) => c.id === exited);
  return index < 0 ? [] : present.slice(index);
}

/**
 * Decides what happens after a child exit. Siblings are stopped in reverse start order and restarted in
 * start order; a temporary sibling stopped by a one_for_all / rest_for_one restart is removed, not
 * restarted (as in OTP).
 */
export function decideExit(facts: ExitFacts): Decision {
  const child = facts.children.find((c) => c.id === facts.exited);
  if (child === undefined) return { kind: "remove", remove: [] };
  if (!shouldRestart(child.restart, facts.exit)) return { kind: "remove", remove: [child.id] };
  if (exceedsIntensity(facts.history, facts.now, facts.intensity)) {
    return {
      kind: "escalate",
      restartsInWindow: restartsInWindow(facts.history, facts.now, facts.intensity.withinMs).length + 1,
    };
  }
  const affected = affectedChildren(facts.strategy, facts.children, facts.exited);
  const siblings = affected.filter((c) => c.id !== facts.exited);
  return {
    kind: "restart",
    stop: [facts.exited, ...siblings.map((c) => c.id).reverse()],
    remove: siblings.filter((c) => c.restart === "temporary").map((c) => c.id),
    restart: affected.filter((c) => c.id === facts.exited || c.restart !== "temporary").map((c) => c.id),
  };
}

/** Shutdown order: reverse start order of the children still present. */
export function shutdownOrder(children: readonly ChildView[]): string[] {
  return children.filter((c) => c.present).map((c) => c.id).reverse();
}

/** Appends to a bounded queue, dropping the oldest entries when full; returns the new queue and drops. */
export function boundedPush<T>(queue: readonly T[], item: T, bound: number): { queue: T[]; dropped: number } {
  const next = [...queue, item];
  const dropped = Math.max(0, next.length - Math.max(0, bound));
  return { queue: dropped > 0 ? next.slice(dropped) : next, dropped };
}
