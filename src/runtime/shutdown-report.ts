/** What a shutdown did, step by step: the lifecycle machine's output, as plain JSON-able data. */

/** How a drainer or flusher ended; `timeout` means it was still busy when its bound passed (and was aborted). */
export type StepStatus = "ok" | "failed" | "timeout";

/** The outcome of one drainer or flusher. */
export interface StepResult {
  name: string;
  status: StepStatus;
  ms: number;
  error?: string;
}

/** Start, end and duration of one shutdown step (clock ms from the injected `now`). */
export interface StepTiming {
  startedAt: number;
  endedAt?: number;
  ms?: number;
}

/** The bounds of the shutdown sequence, in ms. */
export interface LifecycleTimeouts {
  /** How long all drainers together may take before they are aborted. */
  drainTimeoutMs: number;
  /** How long each flusher may take before it is aborted and the next one runs. */
  flusherTimeoutMs: number;
  /** Overall bound from the first shutdown request to `stopped`. */
  deadlineMs: number;
}

/** What was cut off when the overall deadline passed. */
export interface DeadlineReport {
  /** The step that was running: "draining", "flushing:<name>" or "stoppingActors". */
  stuckStep: string;
  /** Drainers, flusher or "stopActors" still busy when the deadline hit. */
  stillRunning: string[];
  /** Flushers that never got to run. */
  notRun: string[];
}

/** Everything the lifecycle knows about a shutdown; the output of the machine and part of its snapshot. */
export interface ShutdownReport {
  reason: string | null;
  fatal: boolean;
  error: string | null;
  timings: Partial<Record<"draining" | "flushing" | "stoppingActors" | "total", StepTiming>>;
  drainers: StepResult[];
  busyDrainers: string[];
  flushers: StepResult[];
  intakeError: string | null;
  stopError: string | null;
  deadline: DeadlineReport | null;
}

/** Exit code of a finished sequence: 0 only if everything drained, flushed and stopped in time. */
export function exitCodeOf(ctx: ShutdownReport): number {
  const clean =
    !ctx.fatal &&
    ctx.deadline === null &&
    ctx.busyDrainers.length === 0 &&
    ctx.drainers.every((d) => d.status === "ok") &&
    ctx.flushers.every((f) => f.status === "ok") &&
    ctx.intakeError === null &&
    ctx.stopError === null;
  return clean ? 0 : 1;
}

/** A report with nothing in it yet: the start of every shutdown. */
export function emptyShutdownReport(): ShutdownReport {
  return {
    reason: null,
    fatal: false,
    error: null,
    timings: {},
    drainers: [],
    busyDrainers: [],
    flushers: [],
    intakeError: null,
    stopError: null,
    deadline: null,
  };
}
