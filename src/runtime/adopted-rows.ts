/**
 * Rows for actors that XState's inspection events never show the registry: actors a manager starts with
 * its own `createActor` (each position under the positions manager). Their manager reports them when the
 * table is listed (a plain read of its map and their snapshots), so they cost nothing per event, trade or
 * launch. Bounded per parent: the first `max` by id, then one summary row counting the rest.
 */
import type { RestartRecord } from "../domain/restart-record.ts";
import type { ActorRow, ActorStatus } from "./inspection.ts";
import { redactText, type Json } from "./redact.ts";

/** A child actor as its manager reports it when the table is listed. */
export interface AdoptedChild {
  id: string;
  sessionId: string;
  /** The actor's snapshot now: its status, and for a machine its state value and context. */
  snapshot: { status: string; value?: unknown; context?: unknown };
  /** Restarts its manager made of it, and the last one (null if none). */
  restarts: number;
  lastRestart: RestartRecord | null;
  /** When the current instance started (or the best the manager knows without tracking it per start). */
  startedAt: number;
}

/** Reads a manager's live children; called on every list(), so it must be a cheap read. */
export type AdoptedSource = () => readonly AdoptedChild[];

/** Adopted rows shown at most under one parent when none is given. */
export const DEFAULT_MAX_ADOPTED = 100;

const STATUSES: ReadonlySet<string> = new Set<ActorStatus>(["active", "done", "error", "stopped"]);

const byId = (a: AdoptedChild, b: AdoptedChild): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The rows of `children` under `parent`: the first `max` by id, then a `+K more` row (with `omitted: K`) if any were left out. */
export function adoptedRows(parent: ActorRow, children: readonly AdoptedChild[], max: number, redactValue: (value: unknown) => Json): ActorRow[] {
  const shown = [...children].sort(byId).slice(0, Math.max(0, max));
  const depth = parent.depth + 1;
  const rows = shown.map((child): ActorRow => {
    const s = child.snapshot;
    const status = (STATUSES.has(s.status) ? s.status : "active") as ActorStatus;
    const last = child.lastRestart;
    return {
      id: child.id,
      sessionId: child.sessionId,
      systemId: null,
      parentId: parent.id,
      parentSessionId: parent.sessionId,
      depth,
      value: "value" in s ? redactValue(s.value) : null,
      status,
      restarts: child.restarts,
      lastRestart: last && { ...last, reason: redactText(last.reason, 300) },
      lastError: last && { message: redactText(last.reason, 300), at: last.at },
      events: 0,
      startedAt: child.startedAt,
      updatedAt: child.startedAt,
      stoppedAt: null,
      context: "context" in s ? redactValue(s.context) : null,
    };
  });
  const omitted = children.length - shown.length;
  if (omitted > 0) rows.push(moreRow(parent, depth, omitted));
  return rows;
}

function moreRow(parent: ActorRow, depth: number, omitted: number): ActorRow {
  return {
    id: `+${omitted} more`,
    sessionId: `${parent.sessionId}/more`,
    systemId: null,
    parentId: parent.id,
    parentSessionId: parent.sessionId,
    depth,
    value: null,
    status: "active",
    restarts: 0,
    lastRestart: null,
    lastError: null,
    events: 0,
    startedAt: parent.startedAt,
    updatedAt: parent.updatedAt,
    stoppedAt: null,
    context: null,
    omitted,
  };
}
