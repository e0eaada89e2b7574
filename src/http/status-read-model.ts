import type { LogRing } from "../log/ring.ts";
import type { InspectionRegistry } from "../runtime/inspection.ts";
import type { StatusReadModel } from "./read-model.ts";

/** Where the status read model gets its facts; each is a cheap read, never a write. */
export interface StatusSources {
  mode: string;
  /** The garbage collector the process started with (see runtime/gc-mode.ts). */
  gc: string;
  /** When the compiler optimizes the bot's functions (see runtime/jit-mode.ts). */
  jit: string;
  startedAt: number;
  now: () => number;
  registry: InspectionRegistry;
  ring: LogRing;
  /** Lifecycle phase (`running`, `draining`, ...). */
  phase: () => string;
  /** URLs worth showing (status page, simulator); never a keyed RPC URL. */
  endpoints: () => Record<string, string>;
}

/** The read model of the status port, built from the inspection registry, the log ring and the lifecycle. */
export function createStatusReadModel(s: StatusSources): StatusReadModel {
  return {
    status: () => ({
      mode: s.mode,
      gc: s.gc,
      jit: s.jit,
      phase: s.phase(),
      startedAt: new Date(s.startedAt).toISOString(),
      uptimeMs: s.now() - s.startedAt,
      endpoints: s.endpoints(),
    }),
    actors: () => s.registry.list(),
    logs: (limit, sinceSeq) => (sinceSeq === undefined ? s.ring.recent(limit) : s.ring.since(sinceSeq, limit)),
    ready: () => s.phase() === "running",
  };
}
