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
}

/** Conventional exit codes of a process killed by a signal: 128 + signal number. */
export const signalExitCode: Record<ShutdownSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * First SIGINT/SIGTERM: graceful shutdown through `onShutdown`. Second one: `exit(130|143)` at once,
 * whatever the lifecycle is doing (the operator's way out of a hung flush). Returns an uninstall function.
 */
export function installSignalHandlers(options: SignalHandlerOptions): () => void {
  const source: SignalSource = options.process ?? process;
  const log = options.log ?? (() => {});
  const signals = options.signals ?? (["SIGINT", "SIGTERM"] as const);
  let received: ShutdownSignal | null = null;

  const handlers = signals.map((signal) => {
    const handler = () => {
      if (received !== null) {
        log("second signal: exiting now", { signal, first: received });
        options.exit(signalExitCode[signal]);
        return;
      }
      received = signal;
      log("signal received: shutting down gracefully (send it again to exit at once)", { signal });
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
