/**
 * The UI bridge: a supervised callback child (under the `ui` supervisor) that, every `intervalMs`, takes
 * the dirty parts of the state cache, folds them into the UiState and publishes the changed sections to
 * the SSE hub. It only reads what trading wrote into the cache; trading never waits for it. A crash is
 * reported to its supervisor, which restarts it; the cache, store, projector and hub live outside it, so
 * nothing is lost but time (the cache's bounded rings count any overflow while it is down).
 */
import type { AnyEventObject } from "xstate";
import { systemClock, type Clock } from "../clock.ts";
import type { LogRecord } from "../log/ring.ts";
import type { ActorRow } from "../runtime/inspection.ts";
import { UI_SECTIONS, type UiRuntime, type UiSection } from "../ui/index.ts";
import { supervisedCallback } from "./supervised-callback.ts";

/** Input of the UI bridge actor (the same objects on every restart). */
export interface UiBridgeInput {
  ui: UiRuntime;
  /** Snapshot period. Default 250 ms. */
  intervalMs?: number;
  /** How often the actor rows are re-read. Default 1000 ms. */
  actorsEveryMs?: number;
  /** Actor rows (e.g. `registry.list`). */
  actors?: () => ActorRow[];
  /** Log records after `seq`, oldest first, at most `limit` (e.g. `(s, n) => ring.since(s, n)`). */
  logs?: (seq: number, limit: number) => LogRecord[];
  clock?: Clock;
  /** Called at the start of every tick (metrics, or a fault injected by tests: a throw crashes the bridge). */
  beforeTick?: () => void;
}

/** One snapshot: cache -> UiState -> hub. Exported for tests and for a final flush at shutdown. */
export function bridgeTick(input: UiBridgeInput, refreshActors: boolean): Set<UiSection> {
  const { cache, projector, store, hub } = input.ui;
  const clock = input.clock ?? systemClock;
  const delta = cache.take();
  let changed: Set<UiSection>;
  try {
    changed = projector.apply(delta, cache.counters(), clock.now());
  } catch (error) {
    // Whatever the fold did not reach is counted as dropped: nothing taken is silently lost.
    cache.countLost(delta);
    throw error;
  }
  if (refreshActors && input.actors && projector.actors(input.actors())) changed.add("actors");
  if (input.logs && projector.logs(input.logs)) changed.add("logs");
  const state = store.get();
  for (const section of UI_SECTIONS) if (changed.has(section)) hub.publish(section, state[section]);
  return changed;
}

/** The bridge as supervised callback logic. */
export const uiBridgeActor = supervisedCallback<AnyEventObject, UiBridgeInput>(({ input, guard }) => {
  const intervalMs = input.intervalMs ?? 250;
  const actorsEvery = Math.max(1, Math.round((input.actorsEveryMs ?? 1000) / intervalMs));
  let ticks = 0;
  const tick = guard(() => {
    input.beforeTick?.();
    bridgeTick(input, ticks++ % actorsEvery === 0);
  });
  // A restart may have happened between a fold and its publish: resend every section once.
  guard(() => {
    const state = input.ui.store.get();
    for (const section of UI_SECTIONS) input.ui.hub.publish(section, state[section]);
  })();
  const timer = setInterval(tick, intervalMs);
  return () => clearInterval(timer);
});
