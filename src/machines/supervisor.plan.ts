/**
 * The supervisor's bookkeeping as pure steps: each handler returns the next context and a list of
 * operations (stop, start, send, record, schedule, escalate) that the machine turns into XState actions.
 * Kept apart from the machine so the order of effects is plain data a test can read.
 */
import type { AnyEventObject } from "xstate";
import type { RestartRecord } from "../domain/restart-record.ts";
import { backoffDelay, boundedPush, decideExit, restartsInWindow, type ExitKind } from "../domain/supervision.ts";
import type { ChildEntry, SupervisorConfig } from "./supervisor.types.ts";

/** The supervisor's context: plain data only, so inspection can serialise it. */
export interface SupervisorContext {
  /** Marks the snapshot as a supervisor's (nested supervisors are told to shut down before being stopped). */
  kind: "supervisor";
  supervisorId: string;
  children: Record<string, ChildEntry>;
  /** Restart counts per child id, for the inspection registry. */
  restartCounts: Record<string, number>;
  /** Monotonic timestamps of this supervisor's restart decisions (intensity window). */
  history: number[];
  /** Last issued restart token. */
  restartSeq: number;
  /** Restart records kept by the default `recordRestart` binding (bounded, newest last). */
  restartLog: RestartRecord[];
  /** Deliveries addressed to an id this supervisor does not have. */
  undeliverable: number;
}

/** One effect for the machine to perform, in order. */
export type Op =
  | { kind: "stop"; id: string }
  | { kind: "start"; id: string }
  | { kind: "send"; id: string; event: AnyEventObject }
  | { kind: "flush"; id: string }
  | { kind: "record"; record: RestartRecord }
  | { kind: "schedule"; token: number; delayMs: number }
  | { kind: "escalate"; error: Error };

/** The next context plus the effects that go with it. */
export interface Step {
  context: SupervisorContext;
  ops: Op[];
}

/** Facts about one exit that only the machine knows (time, error, randomness). */
export interface ExitInput {
  childId: string;
  exit: ExitKind;
  error?: Error;
  wallMs: number;
  monoMs: number;
  random?: () => number;
}

const emptyEntry = (id: string): ChildEntry => ({
  id,
  status: "running",
  restarts: 0,
  history: [],
  pending: null,
  mailbox: [],
  dropped: 0,
  delivered: 0,
});

/** The first context of a supervisor: every child about to be started, in spec order. */
export function initialContext(config: SupervisorConfig): SupervisorContext {
  const children: Record<string, ChildEntry> = {};
  const restartCounts: Record<string, number> = {};
  for (const spec of config.children) {
    children[spec.id] = emptyEntry(spec.id);
    restartCounts[spec.id] = 0;
  }
  return { kind: "supervisor", supervisorId: config.id, children, restartCounts, history: [], restartSeq: 0, restartLog: [], undeliverable: 0 };
}

/** Starts every child in spec order. */
export function planStartAll(config: SupervisorConfig, ctx: SupervisorContext): Step {
  return { context: ctx, ops: config.children.map((spec) => ({ kind: "start", id: spec.id }) as Op) };
}

// Copy-on-write for one entry; everything else is shared.
function withEntry(ctx: SupervisorContext, entry: ChildEntry): SupervisorContext {
  return {
    ...ctx,
    children: { ...ctx.children, [entry.id]: entry },
    restartCounts: { ...ctx.restartCounts, [entry.id]: entry.restarts },
  };
}

// A child that will not run again: its buffered mail can never be delivered, so it counts as dropped.
function retire(entry: ChildEntry, status: "removed" | "stopped"): ChildEntry {
  return { ...entry, status, pending: null, mailbox: [], dropped: entry.dropped + entry.mailbox.length };
}

/** Decides and plans what follows a child exit (crash or normal), per strategy, restart type and intensity. */
export function planExit(config: SupervisorConfig, ctx: SupervisorContext, input: ExitInput): Step {
  const exited = ctx.children[input.childId];
  if (exited === undefined || exited.status !== "running") return { context: ctx, ops: [] };
  const views = config.children.map((spec) => {
    const status = ctx.children[spec.id]?.status;
    return { id: spec.id, restart: spec.restart, present: status === "running" || status === "backoff" };
  });
  const decision = decideExit({
    strategy: config.strategy,
    intensity: config.intensity,
    children: views,
    exited: input.childId,
    exit: input.exit,
    history: ctx.history,
    now: input.monoMs,
  });
  const reason = input.exit === "crash" ? (input.error?.message ?? "crash") : "exit";

  if (decision.kind === "remove") {
    return { context: withEntry(ctx, retire(exited, "removed")), ops: [{ kind: "stop", id: exited.id }] };
  }
  if (decision.kind === "escalate") {
    const shut = planShutdown(config, ctx);
    const message = `supervisor ${config.id}: ${decision.restartsInWindow} restarts within ${config.intensity.withinMs} ms exceed ${config.intensity.maxRestarts} (last: ${input.childId}: ${reason})`;
    const error = new Error(message, { cause: input.error });
    return { context: shut.context, ops: [...shut.ops, { kind: "escalate", error }] };
  }

  let next: SupervisorContext = { ...ctx, history: [...restartsInWindow(ctx.history, input.monoMs, config.intensity.withinMs), input.monoMs] };
  const ops: Op[] = [];
  for (const id of decision.stop) {
    if (next.children[id]?.status === "running") ops.push({ kind: "stop", id });
  }
  for (const id of decision.remove) {
    const entry = next.children[id];
    if (entry !== undefined) next = withEntry(next, retire(entry, "removed"));
  }
  // Backoff grows with this child's own recent restarts; they age out with the intensity window.
  const recent = restartsInWindow(exited.history, input.monoMs, config.intensity.withinMs);
  const delayMs = backoffDelay(config.backoff, recent.length, input.random);
  const token = ctx.restartSeq + 1;
  next = { ...next, restartSeq: token };
  for (const id of decision.restart) {
    const entry = next.children[id];
    if (entry === undefined) continue;
    const restarts = entry.restarts + 1;
    const history = id === exited.id ? [...recent, input.monoMs] : entry.history;
    next = withEntry(next, { ...entry, status: "backoff", pending: token, restarts, history });
    const why = id === exited.id ? reason : `sibling ${exited.id}: ${reason}`;
    ops.push({ kind: "record", record: { actorId: id, supervisorId: config.id, at: input.wallMs, reason: why, count: restarts } });
  }
  ops.push({ kind: "schedule", token, delayMs });
  return { context: next, ops };
}

/** The backoff of restart `token` elapsed: start the children still waiting for it, then flush their mail. */
export function planRestartDue(config: SupervisorConfig, ctx: SupervisorContext, token: number): Step {
  let next = ctx;
  const starts: Op[] = [];
  const flushes: Op[] = [];
  for (const spec of config.children) {
    const entry = next.children[spec.id];
    if (entry === undefined || entry.status !== "backoff" || entry.pending !== token) continue;
    starts.push({ kind: "start", id: spec.id });
    if (entry.mailbox.length > 0) flushes.push({ kind: "flush", id: spec.id });
    next = withEntry(next, { ...entry, status: "running", pending: null });
  }
  // Everything restarts first (as in OTP), then buffered mail goes out.
  return { context: next, ops: [...starts, ...flushes] };
}

/**
 * Sends the oldest buffered event of a running child, and asks for another round if more are left.
 * One event per round: if it crashes the child, the crash is handled before the next one is sent, so
 * the rest stays buffered for the next instance instead of going to a dead one.
 */
export function planFlush(ctx: SupervisorContext, id: string, live: boolean): Step {
  const entry = ctx.children[id];
  if (entry === undefined || entry.status !== "running" || !live) return { context: ctx, ops: [] };
  const [head, ...rest] = entry.mailbox;
  if (head === undefined) return { context: ctx, ops: [] };
  const ops: Op[] = [{ kind: "send", id, event: head }];
  if (rest.length > 0) ops.push({ kind: "flush", id });
  return { context: withEntry(ctx, { ...entry, mailbox: rest, delivered: entry.delivered + 1 }), ops };
}

/**
 * Routes one event: straight to a live child, into its bounded mailbox while it restarts or while
 * older mail is still being flushed (drop-oldest, counted), or counted as dropped when the child will
 * not come back. `live` says whether the running instance can take events now (it may have crashed
 * with its error event still queued).
 */
export function planDeliver(config: SupervisorConfig, ctx: SupervisorContext, to: string, event: AnyEventObject, live: boolean): Step {
  const entry = ctx.children[to];
  if (entry === undefined) return { context: { ...ctx, undeliverable: ctx.undeliverable + 1 }, ops: [] };
  if (entry.status === "running" && live && entry.mailbox.length === 0) {
    return { context: withEntry(ctx, { ...entry, delivered: entry.delivered + 1 }), ops: [{ kind: "send", id: to, event }] };
  }
  if (entry.status === "running" || entry.status === "backoff") {
    const { queue, dropped } = boundedPush(entry.mailbox, event, config.mailboxBound ?? 1000);
    return { context: withEntry(ctx, { ...entry, mailbox: queue, dropped: entry.dropped + dropped }), ops: [] };
  }
  return { context: withEntry(ctx, { ...entry, dropped: entry.dropped + 1 }), ops: [] };
}

/**
 * A failed callback handed back an event it could not handle: it was counted as delivered, so undo
 * that and put it first in line for the next instance (it is older than anything buffered since).
 */
export function planReturned(config: SupervisorConfig, ctx: SupervisorContext, to: string, event: AnyEventObject): Step {
  const entry = ctx.children[to];
  if (entry === undefined) return { context: { ...ctx, undeliverable: ctx.undeliverable + 1 }, ops: [] };
  const delivered = Math.max(0, entry.delivered - 1);
  if (entry.status === "running" || entry.status === "backoff") {
    const bound = config.mailboxBound ?? 1000;
    const overflow = entry.mailbox.length + 1 > bound;
    // Full: the returned event is the oldest, so under drop-oldest it is the one to go.
    const mailbox = overflow ? entry.mailbox : [event, ...entry.mailbox];
    return { context: withEntry(ctx, { ...entry, mailbox, delivered, dropped: entry.dropped + (overflow ? 1 : 0) }), ops: [] };
  }
  return { context: withEntry(ctx, { ...entry, delivered, dropped: entry.dropped + 1 }), ops: [] };
}

/** Stops every running child in reverse start order; nothing will be restarted afterwards. */
export function planShutdown(config: SupervisorConfig, ctx: SupervisorContext): Step {
  let next = ctx;
  const ops: Op[] = [];
  for (const spec of [...config.children].reverse()) {
    const entry = next.children[spec.id];
    if (entry === undefined) continue;
    if (entry.status === "running") ops.push({ kind: "stop", id: spec.id });
    if (entry.status !== "removed") next = withEntry(next, retire(entry, "stopped"));
  }
  return { context: next, ops };
}
