/** Walking and stopping parts of an XState actor tree from outside the owning machine. */
import type { AnyActorRef } from "xstate";

/** The children of an actor, in insertion (start) order; empty for logic without children. */
export function childrenOf(ref: AnyActorRef): AnyActorRef[] {
  const snapshot = ref.getSnapshot() as { children?: Record<string, AnyActorRef | undefined> } | undefined;
  return Object.values(snapshot?.children ?? {}).filter((c): c is AnyActorRef => c !== undefined);
}

/** Every descendant of `ref` (not `ref` itself) whose own status is still active, depth-first. */
export function liveDescendants(ref: AnyActorRef): AnyActorRef[] {
  const out: AnyActorRef[] = [];
  for (const child of childrenOf(ref)) {
    if ((child.getSnapshot() as { status?: string } | undefined)?.status === "active") out.push(child);
    out.push(...liveDescendants(child));
  }
  return out;
}

// XState refuses `stop()` on a non-root actor; `_stop()` is what its own parent would call. It is the
// only handle left when that parent crashed (xstate issue #4726) and will never stop them itself.
function forceStop(ref: AnyActorRef): void {
  const internal = ref as unknown as { _stop?: () => void };
  if (typeof internal._stop === "function") internal._stop();
  else ref.send({ type: "xstate.stop" });
}

/**
 * Stops every descendant of `ref`, deepest first and in reverse start order at each level. Used before
 * a crashed machine child is restarted, because XState leaves that child's own children running.
 */
export function stopSubtree(ref: AnyActorRef): void {
  for (const child of childrenOf(ref).reverse()) {
    stopSubtree(child);
    forceStop(child);
  }
}
