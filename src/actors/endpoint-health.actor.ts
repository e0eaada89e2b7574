import { supervisedCallback } from "./supervised-callback.ts";

/** Input of the endpoint-health actor: one probe round, and how often to run it. */
export interface EndpointHealthInput {
  /** Checks every endpoint once and reports to the status page; must honour `signal` (timeouts). */
  probe: (signal: AbortSignal) => Promise<void>;
  intervalMs: number;
}

/**
 * Probes the RPC and websocket endpoints on a timer for the status page (UI side: a failure here is
 * logged by the probe and never touches trading). One round at a time; the cleanup aborts a round in flight.
 */
export const endpointHealthActor = supervisedCallback<{ type: string }, EndpointHealthInput>(({ input, signal, guard }) => {
  let running = false;
  const round = guard(async () => {
    if (running || signal.aborted) return;
    running = true;
    try {
      await input.probe(signal);
    } finally {
      running = false;
    }
  });
  void round();
  const timer = setInterval(() => void round(), input.intervalMs);
  return () => clearInterval(timer);
});
