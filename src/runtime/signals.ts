/** The signals that ask the bot to shut down. */
export type ShutdownSignal = "SIGINT" | "SIGTERM";

/** The part of `process` the handlers need; tests pass an EventEmitter. */
export interface SignalSource {
  on(event: ShutdownSignal, listener: () => void): unknown;
  off(event: ShutdownSignal, listener: () => void): unknown;
}

/** Options of installSignalHandlers. */
export interface SignalHandlerOptions {
  /** Called once, on the first signal: send `lifecycle.shutdown` from here. */
  onShutdown(reason: ShutdownSignal): void;
  /** Ends the process at once (a second signal, or onShutdown throwing). */
  exit(code: number): void;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Defaults to the real `process`. */
  process?: SignalSource;
  signals?: readonly ShutdownSignal[];
  /** A signal this soon (ms) after the first is the same request delivered twice, not a second one (default {@link REPEAT_GRACE_MS}). */
  repeatGraceMs?: number;
  /** Monotonic ms clock (default `performance.now`). */
  now?: () => number;
}

/**
 * How long after the first signal another one still counts as the same: a terminal's Ctrl-C reaches the
 * whole foreground process group, so under `bun run start` the bot gets it from the terminal and again
 * from `bun run`, which forwards it to its child, within a millisecond. To leave at once, a person
 * presses Ctrl-C again at least this long after the first (README, "Shutdown", says so).
 */
export const REPEAT_GRACE_MS = 1_000;

/** Conventional exit codes of a process killed by a signal: 128 + signal number. */
export const signalExitCode: Record<ShutdownSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * First SIGINT/SIGTERM: graceful shutdown through `onShutdown`. Another one more than `repeatGraceMs`
 * later: `exit(130|143)` at once, whatever the lifecycle is doing (the operator's way out of a hung
 * flush); sooner, it is the first one delivered again and is only logged. Returns an uninstall function.
 */
export function installSignalHandlers(options: SignalHandlerOptions): () => void {
  const source: SignalSource = options.process ?? process;
  const log = options.log ?? (() => {});
  const signals = options.signals ?? (["SIGINT", "SIGTERM"] as const);
  const grace = options.repeatGraceMs ?? REPEAT_GRACE_MS;
  const now = options.now ?? (() => performance.now());
  let received: ShutdownSignal | null = null;
  let receivedAt = 0;

  const handlers = signals.map((signal) => {
    const handler = () => {
      if (received !== null && now() - receivedAt < grace) {
        log("signal repeated within the grace period: still shutting down gracefully", { signal, first: received, graceMs: grace });
        return;
      }
      if (received !== null) {
        log("second signal: exiting now", { signal, first: received });
        options.exit(signalExitCode[signal]);
        return;
      }
      received = signal;
      receivedAt = now();
      log("signal received: shutting down gracefully (send it again to exit at once)", { signal, repeatAfterMs: grace });
      try {
        options.onShutdown(signal);
      } catch (error) {
        // Without a working shutdown path, leaving at once beats hanging until someone kills -9.
        log("shutdown request failed: exiting now", { signal, error: String(error) });
        options.exit(signalExitCode[signal]);
      }
    };
    source.on(signal, handler);
    return [signal, handler] as const;
  });

  return () => {
    for (const [signal, handler] of handlers) source.off(signal, handler);
  };
}
