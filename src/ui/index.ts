/**
 * The UI side's public face: the state cache trading writes into, the UiState store the HTTP app reads,
 * the projector the bridge folds the cache with, and the SSE hub. `createUi` builds the four together;
 * they live outside both the bridge and the HTTP server, so either can crash and restart alone.
 */
import { UiHub, type UiHubOptions } from "./hub.ts";
import { UiProjector } from "./projector.ts";
import { StateCache, type StateCacheBounds } from "./state-cache.ts";
import { createUiStore, type UiBounds, type UiStore } from "./state.ts";

export * from "./state.ts";
export * from "./state-cache.ts";
export { UiHub, sseFrame, type UiHubOptions, type UiHubStats } from "./hub.ts";
export { UiProjector, cut, MAX_TEXT } from "./projector.ts";
export { safeJson, jsonReplacer } from "./json.ts";
export { DropOldestRing } from "./ring.ts";

/** The UI side's shared objects. */
export interface UiRuntime {
  cache: StateCache;
  store: UiStore;
  projector: UiProjector;
  hub: UiHub;
}

/** Options of createUi. */
export interface CreateUiOptions {
  mode: string;
  cacheBounds?: Partial<StateCacheBounds>;
  stateBounds?: Partial<UiBounds>;
  hub?: UiHubOptions;
  now?: number;
}

/** Builds the cache, store, projector and hub of the UI side. */
export function createUi(options: CreateUiOptions): UiRuntime {
  const store = createUiStore({ mode: options.mode, bounds: options.stateBounds, now: options.now });
  return {
    cache: new StateCache(options.cacheBounds),
    store,
    projector: new UiProjector(store),
    hub: new UiHub(options.hub),
  };
}
export { positionInputOf, priceNumber, type PositionMeta } from "./positions.ts";
