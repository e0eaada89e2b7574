import { afterEach, describe, expect, test } from "bun:test";
import type { AnyActorRef } from "xstate";
import { supervisedCallback } from "../../src/actors/supervised-callback.ts";
import { createSupervisor, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import { uiBridgeActor, type UiBridgeInput } from "../../src/actors/ui-bridge.actor.ts";
import type { TradeRecord } from "../../src/domain/trade-record.ts";
import { createUi } from "../../src/ui/index.ts";
import { HOSTILE, mint, trade, until } from "./helpers.ts";

const roots: AnyActorRef[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await shutdownTree(root);
});

/** A trading child that only counts its starts (it must never be restarted by the UI's crashes). */
function tradingChild(starts: { n: number }) {
  return supervisedCallback(() => {
    starts.n++;
  });
}

describe("UI bridge crashing every 100 ms while trading writes at a high rate", () => {
  test("trading writes never block or throw; every launch reaches the feed or is counted dropped; trading never restarts", async () => {
    const ui = createUi({ mode: "sim", cacheBounds: { launches: 256, decisions: 256 }, stateBounds: { feed: 10_000_000 } });
    let nextCrash = performance.now() + 100;
    let crashes = 0;
    let poisonNext = false;
    const input: UiBridgeInput = {
      ui,
      intervalMs: 5,
      beforeTick: () => {
        if (performance.now() < nextCrash) return;
        nextCrash += 100;
        crashes++;
        // Alternate: crash before taking anything, or crash in the middle of a fold (a poisoned trade).
        if (crashes % 2 === 0) poisonNext = true;
        else throw new Error(`injected bridge crash ${crashes}`);
      },
    };
    const tradingStarts = { n: 0 };
    const policy = { intensity: { maxRestarts: 10_000, withinMs: 1_000 }, backoff: { initialMs: 5, factor: 2, maxMs: 40 } };
    const root = startRootSupervisor(
      createSupervisor({
        id: "root",
        ...policy,
        children: [
          { id: "trading", logic: createSupervisor({ id: "trading", ...policy, children: [{ id: "loop", logic: tradingChild(tradingStarts), restart: "permanent" }] }), restart: "permanent" },
          { id: "ui", logic: createSupervisor({ id: "ui", ...policy, children: [{ id: "bridge", logic: uiBridgeActor, restart: "permanent", input }] }), restart: "permanent" },
        ],
      }),
      { onError: (e) => { throw e; } },
    );
    roots.push(root);

    // The fake trading loop: bursts of writes on every macrotask for ~1.2 s.
    const m = mint();
    let written = 0;
    let throws = 0;
    let slowest = 0;
    const end = performance.now() + 1200;
    while (performance.now() < end) {
      for (let i = 0; i < 200; i++) {
        const t0 = performance.now();
        try {
          ui.cache.launch({ mint: m, name: HOSTILE, symbol: "X", at: written });
          ui.cache.price(m, written);
          if (i === 0) ui.cache.decision({ mint: m, action: "skip", reason: "filter", at: written });
          if (i === 0 && poisonNext) {
            poisonNext = false;
            const poisoned = trade();
            Object.defineProperty(poisoned, "proceedsLamports", { get: () => { throw new Error("poisoned record"); } });
            ui.cache.trade(poisoned as TradeRecord);
          }
        } catch {
          throws++;
        }
        slowest = Math.max(slowest, performance.now() - t0);
        written++;
      }
      await new Promise((r) => setTimeout(r, 0));
    }
    const stopCrashing = () => { nextCrash = Number.POSITIVE_INFINITY; };
    stopCrashing();
    poisonNext = false;

    // Let a healthy bridge fold the rest.
    await until(() => {
      const c = ui.store.get().status.counters;
      return c.launches + c.launchesDropped === written && ui.cache.counters().written.launches === written;
    }, 5000);

    expect(throws).toBe(0);
    expect(slowest).toBeLessThan(20); // a write is a map set or a ring push; allow GC pauses
    const counters = ui.store.get().status.counters;
    const feedSeqs = ui.store.get().feed.filter((f) => f.kind === "launch").map((f) => f.seq);
    expect(new Set(feedSeqs).size).toBe(feedSeqs.length);
    expect(feedSeqs.length).toBe(counters.launches);
    expect(counters.launches + counters.launchesDropped).toBe(written);
    expect(counters.launches).toBeGreaterThan(0);
    expect(crashes).toBeGreaterThanOrEqual(8);

    const ctx = root.getSnapshot().context as { restartCounts: Record<string, number> };
    expect(ctx.restartCounts.trading ?? 0).toBe(0);
    expect(ctx.restartCounts.ui ?? 0).toBe(0);
    expect(tradingStarts.n).toBe(1);
    const uiSup = (root.getSnapshot().children as Record<string, AnyActorRef>).ui!;
    const uiCtx = uiSup.getSnapshot().context as { restartCounts: Record<string, number> };
    expect(uiCtx.restartCounts.bridge).toBeGreaterThanOrEqual(8);
  }, 15_000);
});
