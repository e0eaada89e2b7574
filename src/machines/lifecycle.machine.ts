// The root lifecycle: running -> shutdown.{draining -> flushing -> stoppingActors} -> stopped.
// The three shutdown steps live under one compound state so that a single `after` bounds the whole
// sequence from the first shutdown request (the "deadline"), whatever step is stuck; `context.phase`
// names the step. Every wait is an XState delay, so SimulatedClock or fake timers drive it in tests.
import { assign, fromPromise, setup } from "xstate";
import type { ShutdownPlan } from "../runtime/flushers.ts";
import {
  emptyShutdownReport,
  exitCodeOf,
  type DeadlineReport,
  type LifecycleTimeouts,
  type ShutdownReport,
  type StepResult,
  type StepStatus,
  type StepTiming,
} from "../runtime/shutdown-report.ts";

export { exitCodeOf, type DeadlineReport, type LifecycleTimeouts, type ShutdownReport, type StepResult, type StepStatus, type StepTiming };

/** Where the sequence is; `stopped` is final. */
export type LifecyclePhase = "running" | "draining" | "flushing" | "stoppingActors" | "stopped";

/** The machine's context: the report so far plus bookkeeping. */
export interface LifecycleContext extends ShutdownReport {
  phase: LifecyclePhase;
  exitCode: number | null;
  plan: ShutdownPlan;
  flusherIndex: number;
  flusherStartedAt: number;
  timeouts: LifecycleTimeouts;
  /** Time source for the timings (not for the delays, which use the actor's clock). */
  now: () => number;
  /** Freezes the drainer/flusher registry and returns what to run. */
  capturePlan: () => ShutdownPlan;
}

/** What a machine creator passes in. */
export interface LifecycleInput {
  timeouts: LifecycleTimeouts;
  now?: () => number;
  capturePlan?: () => ShutdownPlan;
}

/** Events the machine handles. Only `lifecycle.shutdown` is meant for outside senders. */
export type LifecycleEvent =
  | { type: "lifecycle.shutdown"; reason: string; fatal?: boolean; error?: string }
  | ({ type: "lifecycle.drainer.done" } & StepResult)
  | { type: "lifecycle.intake.failed"; error: string };

/** Input of the `drainAll` actor: drain these, report each one as it ends. */
export interface DrainInput {
  names: string[];
  report: (result: StepResult) => void;
}

/** What `whenStopped()` resolves with and what the machine outputs. */
export interface LifecycleOutput {
  exitCode: number;
  report: ShutdownReport;
}

/** The report part of a context, as plain data. */
export function reportOf(ctx: LifecycleContext): ShutdownReport {
  return {
    reason: ctx.reason,
    fatal: ctx.fatal,
    error: ctx.error,
    timings: structuredClone(ctx.timings),
    drainers: ctx.drainers.map((d) => ({ ...d })),
    busyDrainers: [...ctx.busyDrainers],
    flushers: ctx.flushers.map((f) => ({ ...f })),
    intakeError: ctx.intakeError,
    stopError: ctx.stopError,
    deadline: ctx.deadline && { ...ctx.deadline },
  };
}

const message = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).slice(0, 500);

const ended = (t: StepTiming | undefined, at: number): StepTiming | undefined =>
  t && { startedAt: t.startedAt, endedAt: at, ms: at - t.startedAt };

const pendingDrainers = (ctx: LifecycleContext): string[] =>
  ctx.plan.drainers.filter((n) => !ctx.drainers.some((d) => d.name === n));

/** The root lifecycle machine; bind its effects with `.provide()` (see createLifecycle). */
export const lifecycleMachine = setup({
  types: {
    context: {} as LifecycleContext,
    events: {} as LifecycleEvent,
    input: {} as LifecycleInput,
    output: {} as LifecycleOutput,
  },
  actors: {
    // Placeholders: createLifecycle provides the real ones.
    drainAll: fromPromise<void, DrainInput>(async () => {}),
    flushOne: fromPromise<void, { name: string }>(async () => {}),
    stopActors: fromPromise<void, void>(async () => {}),
  },
  actions: {
    stopIntake: (_, _params: { reason: string }) => {},
    recordRequest: assign(({ context, event }) => {
      if (event.type !== "lifecycle.shutdown") return {};
      const at = context.now();
      return {
        phase: "draining" as const,
        reason: event.reason,
        fatal: event.fatal === true,
        error: event.error ?? null,
        plan: context.capturePlan(),
        timings: { total: { startedAt: at }, draining: { startedAt: at } },
      };
    }),
    recordDrainer: assign({
      drainers: ({ context, event }) =>
        event.type === "lifecycle.drainer.done"
          ? [...context.drainers, { name: event.name, status: event.status, ms: event.ms, ...(event.error ? { error: event.error } : {}) }]
          : context.drainers,
    }),
    recordIntakeFailure: assign({
      intakeError: ({ event }) => (event.type === "lifecycle.intake.failed" ? event.error : null),
    }),
    recordDrainTimeout: assign(({ context }) => {
      const busy = pendingDrainers(context);
      const ms = context.timeouts.drainTimeoutMs;
      return {
        busyDrainers: busy,
        drainers: [...context.drainers, ...busy.map((name) => ({ name, status: "timeout" as const, ms }))],
      };
    }),
    recordDrainCrash: assign(({ context }, params: { error: unknown }) => {
      const busy = pendingDrainers(context);
      const error = message(params.error);
      return {
        busyDrainers: busy,
        drainers: [...context.drainers, ...busy.map((name) => ({ name, status: "failed" as const, ms: 0, error }))],
      };
    }),
    startFlushing: assign(({ context }) => {
      const at = context.now();
      return {
        phase: "flushing" as const,
        timings: { ...context.timings, draining: ended(context.timings.draining, at), flushing: { startedAt: at } },
      };
    }),
    markFlusherStart: assign({ flusherStartedAt: ({ context }) => context.now() }),
    recordFlusher: assign(({ context }, params: { status: StepStatus; error?: unknown }) => {
      const name = context.plan.flushers[context.flusherIndex] ?? "?";
      const ms = params.status === "timeout" ? context.timeouts.flusherTimeoutMs : context.now() - context.flusherStartedAt;
      const result: StepResult = { name, status: params.status, ms };
      if (params.error !== undefined) result.error = message(params.error);
      return { flushers: [...context.flushers, result], flusherIndex: context.flusherIndex + 1 };
    }),
    startStoppingActors: assign(({ context }) => {
      const at = context.now();
      return {
        phase: "stoppingActors" as const,
        timings: { ...context.timings, flushing: ended(context.timings.flushing, at), stoppingActors: { startedAt: at } },
      };
    }),
    finishStoppingActors: assign(({ context }) => ({
      timings: { ...context.timings, stoppingActors: ended(context.timings.stoppingActors, context.now()) },
    })),
    recordStopFailure: assign({ stopError: (_, params: { error: unknown }) => message(params.error) }),
    recordDeadline: assign(({ context }) => {
      const phase = context.phase;
      const current = context.plan.flushers[context.flusherIndex];
      const notRun = context.plan.flushers.slice(phase === "flushing" ? context.flusherIndex + 1 : phase === "draining" ? 0 : context.plan.flushers.length);
      let deadline: DeadlineReport;
      if (phase === "draining") {
        deadline = { stuckStep: "draining", stillRunning: pendingDrainers(context), notRun };
      } else if (phase === "flushing" && current !== undefined) {
        deadline = { stuckStep: `flushing:${current}`, stillRunning: [current], notRun };
      } else {
        deadline = { stuckStep: phase, stillRunning: phase === "stoppingActors" ? ["stopActors"] : [], notRun };
      }
      const at = context.now();
      const timings = { ...context.timings };
      if (phase === "draining" || phase === "flushing" || phase === "stoppingActors") timings[phase] = ended(timings[phase], at);
      return { deadline, timings };
    }),
    finalize: assign(({ context }) => ({
      phase: "stopped" as const,
      exitCode: exitCodeOf(context),
      timings: { ...context.timings, total: ended(context.timings.total, context.now()) },
    })),
  },
  guards: {
    allFlushed: ({ context }) => context.flusherIndex >= context.plan.flushers.length,
  },
  delays: {
    drainTimeout: ({ context }) => context.timeouts.drainTimeoutMs,
    flusherTimeout: ({ context }) => context.timeouts.flusherTimeoutMs,
    deadline: ({ context }) => context.timeouts.deadlineMs,
  },
}).createMachine({
  id: "lifecycle",
  initial: "running",
  context: ({ input }) => ({
    phase: "running",
    ...emptyShutdownReport(),
    exitCode: null,
    plan: { drainers: [], flushers: [] },
    flusherIndex: 0,
    flusherStartedAt: 0,
    timeouts: input.timeouts,
    now: input.now ?? (() => performance.now()),
    capturePlan: input.capturePlan ?? (() => ({ drainers: [], flushers: [] })),
  }),
  output: ({ context }) => ({ exitCode: exitCodeOf(context), report: reportOf(context) }),
  states: {
    running: {
      on: {
        "lifecycle.shutdown": { target: "shutdown", actions: "recordRequest" },
      },
    },
    shutdown: {
      // No `lifecycle.shutdown` handler in here: repeated requests are ignored by design.
      initial: "draining",
      after: {
        deadline: { target: "stopped", actions: "recordDeadline" },
      },
      states: {
        draining: {
          entry: { type: "stopIntake", params: ({ context }) => ({ reason: context.reason ?? "unknown" }) },
          invoke: {
            src: "drainAll",
            input: ({ context, self }) => ({
              names: context.plan.drainers,
              report: (result: StepResult) => self.send({ type: "lifecycle.drainer.done", ...result }),
            }),
            onDone: { target: "flushing" },
            onError: {
              target: "flushing",
              actions: { type: "recordDrainCrash", params: ({ event }) => ({ error: event.error }) },
            },
          },
          after: {
            drainTimeout: { target: "flushing", actions: "recordDrainTimeout" },
          },
          on: {
            "lifecycle.drainer.done": { actions: "recordDrainer" },
            "lifecycle.intake.failed": { actions: "recordIntakeFailure" },
          },
        },
        flushing: {
          entry: "startFlushing",
          initial: "next",
          on: {
            "lifecycle.intake.failed": { actions: "recordIntakeFailure" },
          },
          states: {
            next: {
              always: [{ guard: "allFlushed", target: "#lifecycle.shutdown.stoppingActors" }, { target: "flushingOne" }],
            },
            flushingOne: {
              entry: "markFlusherStart",
              invoke: {
                src: "flushOne",
                input: ({ context }) => ({ name: context.plan.flushers[context.flusherIndex] ?? "" }),
                onDone: { target: "next", actions: { type: "recordFlusher", params: { status: "ok" } } },
                onError: {
                  target: "next",
                  actions: { type: "recordFlusher", params: ({ event }) => ({ status: "failed" as const, error: event.error }) },
                },
              },
              after: {
                flusherTimeout: { target: "next", actions: { type: "recordFlusher", params: { status: "timeout" } } },
              },
            },
          },
        },
        stoppingActors: {
          entry: "startStoppingActors",
          invoke: {
            src: "stopActors",
            onDone: { target: "#lifecycle.stopped", actions: "finishStoppingActors" },
            onError: {
              target: "#lifecycle.stopped",
              actions: ["finishStoppingActors", { type: "recordStopFailure", params: ({ event }) => ({ error: event.error }) }],
            },
          },
        },
      },
    },
    stopped: {
      type: "final",
      entry: "finalize",
    },
  },
});

/** The machine's type, for actor and provide signatures. */
export type LifecycleMachine = typeof lifecycleMachine;
