import type { AnyActorRef, InspectionEvent } from "xstate";
import type { Clock } from "../clock.ts";
import type { RestartRecord } from "../domain/restart-record.ts";
import { adoptedRows, DEFAULT_MAX_ADOPTED, type AdoptedSource } from "./adopted-rows.ts";
import { redact, redactText, type Json, type RedactOptions } from "./redact.ts";

/** Lifecycle status of an actor as the registry saw it. */
export type ActorStatus = "active" | "done" | "error" | "stopped";

/** One row of the live actor table: plain JSON, safe to serve over HTTP. */
export interface ActorRow {
  id: string;
  sessionId: string;
  systemId: string | null;
  parentId: string | null;
  parentSessionId: string | null;
  /** Depth in the tree (root = 0), for indenting. */
  depth: number;
  /** State value of a machine; null for other actor kinds. */
  value: Json;
  status: ActorStatus;
  /** Restarts noted by supervisors for this actor id (under this parent). */
  restarts: number;
  lastRestart: RestartRecord | null;
  lastError: { message: string; at: number } | null;
  /** Events received (cheap activity counter). */
  events: number;
  startedAt: number;
  updatedAt: number;
  stoppedAt: number | null;
  /** Redacted, bounded context of a machine; null for other actor kinds. */
  context: Json;
  /** Only on the `+K more` row standing for adopted children left out of the table: how many (K). */
  omitted?: number;
}

/** Options of createInspectionRegistry. */
export interface InspectionRegistryOptions {
  clock: Clock;
  /** Replaces the default redactor for contexts and state values. */
  redact?: (value: unknown) => Json;
  /** Bounds of the default redactor. */
  redactOptions?: RedactOptions;
  /** Rows kept at most (live + ended); the oldest ended rows go first. Default 2000. */
  maxActors?: number;
  /** Ended (stopped/done/error) rows kept at most; older ones are pruned. Default 200. */
  maxEnded?: number;
  /** Ended rows older than this (wall ms from the clock) are pruned on list(). Default 10 min. */
  retainEndedMs?: number;
  /** Adopted rows listed at most under one parent (the rest become one `+K more` row). Default 100. */
  maxAdopted?: number;
}

/** The live actor table fed by XState's inspection events. */
export interface InspectionRegistry {
  /** Pass as `createActor(logic, { inspect: registry.observer })`. O(1) per event. */
  readonly observer: (event: InspectionEvent) => void;
  /** Feeds a supervisor's restart record. */
  noteRestart(record: RestartRecord): void;
  /**
   * Lists the actors `source` reports (read on each list(), never per event) as children of the live
   * actor with id `parentId`: actors its manager starts outside the inspected tree. Returns the undo.
   */
  adopt(parentId: string, source: AdoptedSource): () => void;
  /** Every known actor, depth-first in tree order (children by start order, adopted ones after them), as plain JSON. */
  list(): ActorRow[];
  /** The most recent row with this actor id (or session id); an adopted child's by its id. */
  get(id: string): ActorRow | undefined;
  /** Rows dropped because the table was full of live actors. */
  readonly dropped: number;
}

interface Entry {
  ref: AnyActorRef;
  id: string;
  parentSessionId: string | null;
  parentId: string | null;
  status: ActorStatus;
  lastError: { message: string; at: number } | null;
  events: number;
  startedAt: number;
  updatedAt: number;
  stoppedAt: number | null;
}

const ERROR_PREFIX = "xstate.error.actor.";

const errorMessage = (error: unknown): string =>
  redactText(error instanceof Error ? error.message : typeof error === "string" ? error : String(error), 300);

// A root actor created without an `id` is named by its session id; its machine id reads better.
const nameOf = (ref: AnyActorRef): string =>
  ref.id === ref.sessionId ? ((ref as { logic?: { id?: string } }).logic?.id ?? ref.id) : ref.id;

const parentOf = (ref: AnyActorRef): AnyActorRef | undefined => (ref as { _parent?: AnyActorRef })._parent;

/** Creates an empty inspection registry. */
export function createInspectionRegistry(options: InspectionRegistryOptions): InspectionRegistry {
  const { clock } = options;
  const maxActors = options.maxActors ?? 2000;
  const maxEnded = options.maxEnded ?? 200;
  const retainEndedMs = options.retainEndedMs ?? 10 * 60_000;
  const maxAdopted = options.maxAdopted ?? DEFAULT_MAX_ADOPTED;
  const adopted = new Map<string, AdoptedSource>(); // parent actor id -> its manager's live children
  const redactValue = options.redact ?? ((v: unknown) => redact(v, options.redactOptions));

  const entries = new Map<string, Entry>(); // by sessionId, in registration order
  const bySlot = new Map<string, string>(); // "parentSessionId/id" -> sessionId of the latest actor there
  const ended: string[] = []; // sessionIds in the order they ended (may hold stale ids; checked on use)
  const restarts = new Map<string, { count: number; last: RestartRecord }>(); // "supervisorId/actorId" and "/actorId"
  let dropped = 0;

  const slotKey = (parentSessionId: string | null, id: string) => `${parentSessionId ?? ""}/${id}`;

  const markEnded = (entry: Entry, status: ActorStatus) => {
    if (entry.stoppedAt === null) {
      entry.stoppedAt = clock.now();
      ended.push(entry.ref.sessionId);
    }
    entry.status = status;
    while (ended.length > maxEnded) remove(ended.shift()!);
  };

  const remove = (sessionId: string) => {
    const entry = entries.get(sessionId);
    if (!entry || entry.stoppedAt === null) return; // never prune a live actor
    entries.delete(sessionId);
    const key = slotKey(entry.parentSessionId, entry.id);
    if (bySlot.get(key) === sessionId) bySlot.delete(key);
  };

  const evictOneEnded = (): boolean => {
    while (ended.length > 0) {
      const sid = ended.shift()!;
      if (entries.get(sid)?.stoppedAt != null) {
        remove(sid);
        return true;
      }
    }
    return false;
  };

  const onActor = (ref: AnyActorRef) => {
    if (entries.size >= maxActors && !evictOneEnded()) {
      dropped++;
      return;
    }
    const parent = parentOf(ref);
    const parentSessionId = parent?.sessionId ?? null;
    const id = nameOf(ref);
    const key = slotKey(parentSessionId, id);
    // A restart reuses the id under the same parent: the new row replaces the ended one and keeps its last error.
    const previous = entries.get(bySlot.get(key) ?? "");
    const at = clock.now();
    const entry: Entry = {
      ref,
      id,
      parentSessionId,
      parentId: parent ? nameOf(parent) : null,
      status: "active",
      lastError: previous?.lastError ?? null,
      events: 0,
      startedAt: at,
      updatedAt: at,
      stoppedAt: null,
    };
    if (previous && previous.stoppedAt !== null) remove(previous.ref.sessionId);
    entries.set(ref.sessionId, entry);
    bySlot.set(key, ref.sessionId);
  };

  const observer = (event: InspectionEvent): void => {
    switch (event.type) {
      case "@xstate.actor":
        onActor(event.actorRef as AnyActorRef);
        return;
      case "@xstate.snapshot": {
        const entry = entries.get(event.actorRef.sessionId);
        if (!entry) return;
        const snapshot = event.snapshot as { status: ActorStatus; error?: unknown };
        entry.updatedAt = clock.now();
        if (snapshot.status === "error") {
          entry.lastError = { message: errorMessage(snapshot.error), at: entry.updatedAt };
        }
        if (snapshot.status === "active") entry.status = "active";
        else markEnded(entry, snapshot.status);
        return;
      }
      case "@xstate.event": {
        const target = entries.get(event.actorRef.sessionId);
        if (target) target.events++;
        const type = event.event.type;
        // Callback and machine children fail without an error snapshot: their parent's error event is the record.
        if (type.startsWith(ERROR_PREFIX) && event.sourceRef) {
          const child = entries.get(event.sourceRef.sessionId);
          if (child) {
            child.updatedAt = clock.now();
            child.lastError = { message: errorMessage((event.event as { error?: unknown }).error), at: child.updatedAt };
            markEnded(child, "error");
          }
        }
        return;
      }
      default:
        return;
    }
  };

  const rowOf = (entry: Entry, depth: number): ActorRow => {
    const snapshot = entry.ref.getSnapshot() as { value?: unknown; context?: unknown } | undefined;
    const id = entry.id;
    const noted = restarts.get(`${entry.parentId ?? ""}/${id}`) ?? restarts.get(`/${id}`);
    return {
      id,
      sessionId: entry.ref.sessionId,
      systemId: (entry.ref as { systemId?: string }).systemId ?? null,
      parentId: entry.parentId,
      parentSessionId: entry.parentSessionId,
      depth,
      value: snapshot && "value" in snapshot ? redactValue(snapshot.value) : null,
      status: entry.status,
      restarts: noted?.count ?? 0,
      lastRestart: noted ? { ...noted.last, reason: redactText(noted.last.reason, 300) } : null,
      lastError: entry.lastError && { ...entry.lastError },
      events: entry.events,
      startedAt: entry.startedAt,
      updatedAt: entry.updatedAt,
      stoppedAt: entry.stoppedAt,
      context: snapshot && "context" in snapshot ? redactValue(snapshot.context) : null,
    };
  };

  const prune = () => {
    const horizon = clock.now() - retainEndedMs;
    for (const [sid, entry] of entries) {
      if (entry.stoppedAt !== null && entry.stoppedAt < horizon) remove(sid);
    }
  };

  return {
    observer,
    noteRestart(record) {
      const prev = restarts.get(`${record.supervisorId}/${record.actorId}`);
      const noted = { count: Math.max(record.count, (prev?.count ?? 0) + 1), last: { ...record } };
      restarts.set(`${record.supervisorId}/${record.actorId}`, noted);
      restarts.set(`/${record.actorId}`, noted);
    },
    adopt(parentId, source) {
      adopted.set(parentId, source);
      return () => {
        if (adopted.get(parentId) === source) adopted.delete(parentId);
      };
    },
    list: listRows,
    get(id) {
      const direct = entries.get(id);
      if (direct) return rowOf(direct, depthOf(direct));
      let found: Entry | undefined;
      for (const entry of entries.values()) if (entry.id === id) found = entry;
      if (found) return rowOf(found, depthOf(found));
      return adopted.size === 0 ? undefined : listRows().find((row) => row.id === id);
    },
    get dropped() {
      return dropped;
    },
  };

  function listRows(): ActorRow[] {
    prune();
    const children = new Map<string | null, Entry[]>();
    for (const entry of entries.values()) {
      const parentKey = entry.parentSessionId !== null && entries.has(entry.parentSessionId) ? entry.parentSessionId : null;
      const list = children.get(parentKey);
      if (list) list.push(entry);
      else children.set(parentKey, [entry]);
    }
    const rows: ActorRow[] = [];
    const visit = (parentKey: string | null, depth: number) => {
      for (const entry of children.get(parentKey) ?? []) {
        const row = rowOf(entry, depth);
        rows.push(row);
        visit(entry.ref.sessionId, depth + 1);
        const source = entry.status === "active" ? adopted.get(entry.id) : undefined;
        if (source) rows.push(...adoptedRows(row, source(), maxAdopted, redactValue));
      }
    };
    visit(null, 0); // Map order is registration order, so siblings come in start order
    return rows;
  }

  function depthOf(entry: Entry): number {
    let depth = 0;
    let parent = entry.parentSessionId;
    while (parent !== null && depth < 1000) {
      const p = entries.get(parent);
      if (!p) break;
      depth++;
      parent = p.parentSessionId;
    }
    return depth;
  }
}
