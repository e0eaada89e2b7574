import { createActor, fromPromise, type Actor, type ActorOptions, type InspectionEvent, type Observer } from "xstate";
import { systemClock, type Clock } from "../clock.ts";
import {
  lifecycleMachine,
  type DrainInput,
  type LifecycleOutput,
  type LifecycleTimeouts,
  type ShutdownReport,
} from "../machines/lifecycle.machine.ts";
import { createShutdownRegistry, type Drainer, type Flusher, type ShutdownRegistry } from "../runtime/flushers.ts";
import { emptyShutdownReport } from "../runtime/shutdown-report.ts";

/** Defaults sized for a bot whose sends confirm in a few seconds. */
export const defaultLifecycleTimeouts: LifecycleTimeouts = {
  drainTimeoutMs: 10_000,
  flusherTimeoutMs: 5_000,
  deadlineMs: 25_000,
};

/** Options of createLifecycle; effects are injected so the lifecycle depends on no other module. */
export interface LifecycleOptions {
  /** Drainers known at creation (more can be registered until shutdown begins). */
  drainers?: readonly Drainer[];
  /** Flushers known at creation, in flush order. */
  flushers?: readonly Flusher[];
  /** Use this registry instead of a fresh one (e.g. one built before the lifecycle). */
  registry?: ShutdownRegistry;
  /** Tells the bot to take no new work (stop the listener, refuse launches). Must return quickly. */
  stopIntake: (reason: string) => void | Promise<void>;
  /** Stops the actor tree (the supervisor's reverse-order shutdown). */
  stopActors: (signal: AbortSignal) => Promise<void>;
  timeouts?: Partial<LifecycleTimeouts>;
  /** Time source for the reported timings; monotonic() is used. */
  clock?: Clock;
  /** XState clock for the delays (e.g. SimulatedClock in tests); defaults to real timers. */
  xstateClock?: XStateClock;
  /** Inspection observer, e.g. an inspection registry's `observer`. */
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Where problems of the lifecycle itself go (a failing stopIntake, a crashed machine). */
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** A running lifecycle: request shutdown, register drainers/flushers, await the exit code. */
export interface Lifecycle {
  /** The root lifecycle actor (already started). */
  readonly actor: Actor<typeof lifecycleMachine>;
  /** Registers a flusher; throws once shutdown has begun. Returns an unregister function. */
  registerFlusher(flusher: Flusher): () => void;
  /** Registers a drainer; throws once shutdown has begun. Returns an unregister function. */
  registerDrainer(drainer: Drainer): () => void;
  /** Sends `lifecycle.shutdown`; later calls are ignored by the machine. */
  shutdown(reason: string, options?: { fatal?: boolean; error?: unknown }): void;
  /** Resolves once the machine is `stopped`, with the exit code to use and the full report. */
  whenStopped(): Promise<LifecycleOutput>;
}

/** XState's timer clock (setTimeout/clearTimeout), e.g. a SimulatedClock. */
export type XStateClock = NonNullable<ActorOptions<typeof lifecycleMachine>["clock"]>;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/** Creates and starts the root lifecycle actor with its effects bound to the given functions. */
export function createLifecycle(options: LifecycleOptions): Lifecycle {
  const registry = options.registry ?? createShutdownRegistry();
  for (const f of options.flushers ?? []) registry.registerFlusher(f);
  for (const d of options.drainers ?? []) registry.registerDrainer(d);
  const clock = options.clock ?? systemClock;
  const now = () => clock.monotonic();
  const log = options.log ?? (() => {});

  const machine = lifecycleMachine.provide({
    actions: {
      stopIntake: ({ self }, { reason }) => {
        const fail = (e: unknown) => {
          log("stopIntake failed", { error: errorText(e) });
          self.send({ type: "lifecycle.intake.failed", error: errorText(e) });
        };
        try {
          Promise.resolve(options.stopIntake(reason)).catch(fail);
        } catch (e) {
          fail(e);
        }
      },
    },
    actors: {
      drainAll: fromPromise<void, DrainInput>(async ({ input, signal }) => {
        await Promise.all(
          input.names.map(async (name) => {
            const drainer = registry.drainer(name);
            const t0 = now();
            try {
              if (!drainer) throw new Error(`drainer "${name}" is not registered`);
              await drainer.drain(signal);
              if (!signal.aborted) input.report({ name, status: "ok", ms: now() - t0 });
            } catch (e) {
              if (!signal.aborted) input.report({ name, status: "failed", ms: now() - t0, error: errorText(e) });
            }
          }),
        );
      }),
      flushOne: fromPromise<void, { name: string }>(async ({ input, signal }) => {
        const flusher = registry.flusher(input.name);
        if (!flusher) throw new Error(`flusher "${input.name}" is not registered`);
        await flusher.flush(signal);
      }),
      stopActors: fromPromise<void, void>(({ signal }) => options.stopActors(signal)),
    },
  });

  const actor = createActor(machine, {
    input: {
      timeouts: { ...defaultLifecycleTimeouts, ...options.timeouts },
      now,
      capturePlan: () => registry.seal(),
    },
    ...(options.xstateClock ? { clock: options.xstateClock } : {}),
    ...(options.inspect ? { inspect: options.inspect } : {}),
  });

  const stopped = new Promise<LifecycleOutput>((resolve) => {
    actor.subscribe({
      complete: () => {
        const output = actor.getSnapshot().output;
        if (output) resolve(output);
      },
      // The machine is not expected to fail; if it does, exit non-zero with what it knew.
      error: (err) => {
        log("lifecycle machine crashed", { error: errorText(err) });
        const report: ShutdownReport = { ...emptyShutdownReport(), fatal: true, error: errorText(err) };
        resolve({ exitCode: 1, report });
      },
    });
  });
  actor.start();

  return {
    actor,
    registerFlusher: (f) => registry.registerFlusher(f),
    registerDrainer: (d) => registry.registerDrainer(d),
    shutdown(reason, opts = {}) {
      actor.send({
        type: "lifecycle.shutdown",
        reason,
        ...(opts.fatal ? { fatal: true } : {}),
        ...(opts.error !== undefined ? { error: errorText(opts.error) } : {}),
      });
    },
    whenStopped: () => stopped,
  };
}
