import { SniperError } from "../errors.ts";

/** Something flushed once at shutdown (history, CSV, logs); it must honour the signal. */
export interface Flusher {
  readonly name: string;
  flush(signal: AbortSignal): Promise<void>;
}

/** Something with work in flight (sends, confirmations) that shutdown waits for before flushing. */
export interface Drainer {
  readonly name: string;
  drain(signal: AbortSignal): Promise<void>;
}

/** The names captured when shutdown begins: what the lifecycle will drain and flush, in order. */
export interface ShutdownPlan {
  drainers: string[];
  flushers: string[];
}

/** Where components register their drainers and flushers before shutdown begins. */
export interface ShutdownRegistry {
  /** Adds a flusher (run after every flusher registered before it); returns an unregister function. */
  registerFlusher(flusher: Flusher): () => void;
  /** Adds a drainer (all drainers run concurrently); returns an unregister function. */
  registerDrainer(drainer: Drainer): () => void;
  /** Looks a flusher up by name. */
  flusher(name: string): Flusher | undefined;
  /** Looks a drainer up by name. */
  drainer(name: string): Drainer | undefined;
  /** Freezes the registry and returns the plan; later registrations throw. Idempotent. */
  seal(): ShutdownPlan;
  /** True once shutdown has begun. */
  readonly sealed: boolean;
}

/** Creates an empty registry, optionally pre-filled (in the given order). */
export function createShutdownRegistry(
  initial: { flushers?: readonly Flusher[]; drainers?: readonly Drainer[] } = {},
): ShutdownRegistry {
  // Maps keep insertion order, which is the flush order.
  const flushers = new Map<string, Flusher>();
  const drainers = new Map<string, Drainer>();
  let plan: ShutdownPlan | null = null;

  const add = <T extends { name: string }>(kind: string, map: Map<string, T>, item: T): (() => void) => {
    if (plan) {
      throw new SniperError("invariant", `cannot register ${kind} "${item.name}": shutdown already began`, {
        name: item.name,
      });
    }
    if (map.has(item.name)) {
      throw new SniperError("invariant", `${kind} "${item.name}" is already registered`, { name: item.name });
    }
    map.set(item.name, item);
    return () => {
      if (!plan && map.get(item.name) === item) map.delete(item.name);
    };
  };

  const registry: ShutdownRegistry = {
    registerFlusher: (f) => add("flusher", flushers, f),
    registerDrainer: (d) => add("drainer", drainers, d),
    flusher: (name) => flushers.get(name),
    drainer: (name) => drainers.get(name),
    seal() {
      plan ??= { drainers: [...drainers.keys()], flushers: [...flushers.keys()] };
      return { drainers: [...plan.drainers], flushers: [...plan.flushers] };
    },
    get sealed() {
      return plan !== null;
    },
  };
  for (const f of initial.flushers ?? []) registry.registerFlusher(f);
  for (const d of initial.drainers ?? []) registry.registerDrainer(d);
  return registry;
}
