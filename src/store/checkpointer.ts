/**
 * Checkpoints off the main thread. The writer connection turns SQLite's auto-checkpoint off (a commit that
 * crosses the threshold would otherwise checkpoint and fsync inline: p99 of a single intent commit went
 * from ~0.09 ms to ~3 ms); this worker checkpoints PASSIVE on an interval instead, and the shutdown flush
 * does the final TRUNCATE. If the worker dies, the WAL only grows until that flush: nothing is lost.
 */

/** A running checkpointer. */
export interface Checkpointer {
  /** Stops the worker (closing its connection); resolves once it has. */
  stop(): Promise<void>;
}

/** Starts the checkpoint worker for `path`; errors go to `onError` (default: ignored). */
export function startCheckpointer(options: { path: string; intervalMs: number; onError?: (message: string) => void }): Checkpointer {
  const worker = new Worker(new URL("./checkpoint.worker.ts", import.meta.url).href);
  let stopped: Promise<void> | null = null;
  let onStopped: () => void = () => {};
  worker.onmessage = (event: MessageEvent<{ type: string; message?: string }>) => {
    if (event.data.type === "error") options.onError?.(event.data.message ?? "checkpoint failed");
    if (event.data.type === "stopped") onStopped();
  };
  worker.onerror = (event) => options.onError?.(event.message);
  worker.postMessage({ path: options.path, intervalMs: options.intervalMs });
  // An idle checkpointer must not keep the process alive.
  (worker as unknown as { unref?: () => void }).unref?.();
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timeout);
          worker.terminate();
          resolve();
        };
        onStopped = done;
        const timeout = setTimeout(done, 1000);
        worker.postMessage("stop");
      });
      return stopped;
    },
  };
}
