import { afterEach, describe, expect, test } from "bun:test";
import type { AnyActorRef } from "xstate";
import { createSupervisor, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import { uiBridgeActor } from "../../src/actors/ui-bridge.actor.ts";
import { LogRing } from "../../src/log/ring.ts";
import type { ActorRow } from "../../src/runtime/inspection.ts";
import { createUi, UI_SECTIONS } from "../../src/ui/index.ts";
import { mint, until } from "./helpers.ts";

const roots: AnyActorRef[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await shutdownTree(root);
});

const row = (id: string, restarts = 0): ActorRow => ({
  id, sessionId: id, systemId: null, parentId: null, parentSessionId: null, depth: 0, value: "running", status: "active",
  restarts, lastRestart: null, lastError: null, events: 0, startedAt: 0, updatedAt: 0, stoppedAt: null, context: null,
});

describe("UI bridge actor", () => {
  test("publishes every section on start, then only what changed; reads actors and logs; stops its timer", async () => {
    const ui = createUi({ mode: "sim" });
    const ring = new LogRing(50);
    let actors = [row("root")];
    const root = startRootSupervisor(
      createSupervisor({
        id: "ui",
        children: [
          {
            id: "bridge",
            logic: uiBridgeActor,
            restart: "permanent",
            input: { ui, intervalMs: 10, actorsEveryMs: 10, actors: () => actors, logs: (s: number, n: number) => ring.since(s, n) },
          },
        ],
      }),
      { onError: () => {} },
    );
    roots.push(root);
    await until(() => ui.hub.stats().published >= UI_SECTIONS.length);
    ring.push({ level: 30, msg: "first" });
    await until(() => ui.store.get().logs.length === 1);
    expect(ui.store.get().actors.map((a) => a.id)).toEqual(["root"]);
    actors = [row("root", 1)];
    await until(() => ui.store.get().actors[0]?.restarts === 1);

    const publishedBefore = ui.hub.stats().published;
    await new Promise((r) => setTimeout(r, 60)); // idle ticks publish nothing
    expect(ui.hub.stats().published).toBe(publishedBefore);
    ui.cache.price(mint(), 1); // a price for an unknown position changes nothing visible
    await new Promise((r) => setTimeout(r, 30));
    expect(ui.hub.stats().published).toBe(publishedBefore);

    await shutdownTree(roots.pop()!);
    const after = ui.hub.stats().published;
    ui.cache.launch({ mint: mint(), name: "n", symbol: "s", at: 1 });
    await new Promise((r) => setTimeout(r, 40));
    expect(ui.hub.stats().published).toBe(after); // stopped means stopped: no leaked interval
  });
});
