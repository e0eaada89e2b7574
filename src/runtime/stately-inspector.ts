/**
 * Optional forwarding of XState inspection events to the Stately visual inspector, off by default.
 * Only the websocket inspector is used, through a relay bound to 127.0.0.1 (inspector-relay.ts).
 * The "sky" inspector, which ships state to a third party, is never used.
 * Note: the relay works offline, but the visual UI is the hosted page at stately.ai, so looking at
 * the graph needs internet in the browser (docs/runtime-notes.md, "Inspecting actors").
 */
import { createWebSocketInspector } from "@statelyai/inspect";
import type { InspectionEvent, Observer } from "xstate";
import { startInspectorRelay, type InspectorRelay } from "./inspector-relay.ts";
import { redact, redactText } from "./redact.ts";

/** Something XState accepts as `inspect`: a function or an observer. */
export type Inspector = ((event: InspectionEvent) => void) | Observer<InspectionEvent>;

/** Calls each inspector for every event, in order; one that throws does not starve the others. */
export function combineInspectors(...inspectors: (Inspector | undefined | null)[]): (event: InspectionEvent) => void {
  const fns = inspectors
    .filter((i): i is Inspector => i != null)
    .map((i) => (typeof i === "function" ? i : (e: InspectionEvent) => i.next?.(e)));
  return (event) => {
    for (const fn of fns) {
      try {
        fn(event);
      } catch {
        // An inspector is a bystander: its failure must never reach the actor system.
      }
    }
  };
}

/** The part of a Stately inspector this module uses. */
export interface StatelyClient {
  inspect: Observer<InspectionEvent>;
  stop(): void;
}

/** Options of createStatelyInspect. */
export interface StatelyInspectOptions {
  /** The flag: nothing is created unless true. */
  enabled: boolean;
  /** Port of the loopback relay; 0 picks a free one. Default 8791. */
  port?: number;
  /** Start the relay here (default) or connect to one already listening on `port`. */
  startRelay?: boolean;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Seams for tests. */
  createRelay?: (options: { port: number }) => InspectorRelay;
  createClient?: (options: { url: string; serialize: (event: any) => any }) => StatelyClient;
}

/** The inspect function to pass to createActor, and how to stop what was started. */
export interface StatelyInspect {
  inspect: (event: InspectionEvent) => void;
  /** Bridge page to open in a browser (null when disabled or not started here). */
  url: string | null;
  stop(): Promise<void>;
}

/**
 * Returns `base` (usually the inspection registry's observer) combined, when `enabled`, with a
 * Stately websocket inspector that forwards redacted events to the loopback relay.
 */
export function createStatelyInspect(base: Inspector, options: StatelyInspectOptions): StatelyInspect {
  if (!options.enabled) {
    return { inspect: combineInspectors(base), url: null, stop: async () => {} };
  }
  const port = options.port ?? 8791;
  const relay = options.startRelay === false ? null : (options.createRelay ?? startInspectorRelay)({ port });
  const url = relay?.wsUrl ?? `ws://127.0.0.1:${port}`;
  const client = (options.createClient ?? defaultClient)({ url, serialize: redactStatelyEvent });
  options.log?.("stately inspector forwarding on (the visual UI at stately.ai needs internet)", {
    relay: relay?.httpUrl ?? url,
  });
  return {
    inspect: combineInspectors(base, client.inspect),
    url: relay?.httpUrl ?? null,
    async stop() {
      client.stop();
      await relay?.stop();
    },
  };
}

function defaultClient(options: { url: string; serialize: (event: any) => any }): StatelyClient {
  return createWebSocketInspector({ url: options.url, serialize: options.serialize });
}

/**
 * Redacts a Stately inspection event before it leaves the process: context, output, error and event
 * payloads go through the redactor, and so does any static `context` inside a machine definition.
 * State values, tags and event types are kept so the graph still renders.
 */
export function redactStatelyEvent<T extends Record<string, unknown>>(event: T): T {
  const out: Record<string, unknown> = { ...event };
  const snapshot = out.snapshot;
  if (snapshot && typeof snapshot === "object") {
    const s: Record<string, unknown> = { ...(snapshot as Record<string, unknown>) };
    for (const key of ["context", "output", "error"]) if (key in s) s[key] = redact(s[key]);
    delete s.machine; // a raw machine snapshot (actor events) carries the whole logic
    out.snapshot = s;
  }
  const inner = out.event;
  if (inner && typeof inner === "object" && typeof (inner as { type?: unknown }).type === "string") {
    const { type, ...payload } = inner as { type: string };
    out.event = { ...(redact(payload) as Record<string, unknown>), type: redactText(type, 200) };
  }
  if (typeof out.definition === "string") out.definition = redactDefinition(out.definition);
  return out as T;
}

function redactDefinition(definition: string): string {
  try {
    const parsed = JSON.parse(definition) as Record<string, unknown>;
    if (parsed && typeof parsed === "object" && "context" in parsed) parsed.context = redact(parsed.context);
    return JSON.stringify(parsed);
  } catch {
    return "{}";
  }
}
