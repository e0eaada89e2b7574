/**
 * Position actors in the actor table: composed as the bot composes them (the positions manager under a
 * supervisor, the inspection registry observing the tree and adopting the manager's position actors),
 * each live position is a row under `positions` in GET /api/actors and on the status page, with its
 * machine state and restart count, and its row goes when the position closes.
 */
import { afterEach, describe, expect, test } from "bun:test";
import type { AnyActorRef } from "xstate";
import type { PositionsPort } from "../../src/actors/positions.actor.ts";
import { shutdownTree } from "../../src/actors/supervisor.actor.ts";
import { bridgeTick } from "../../src/actors/ui-bridge.actor.ts";
import { createStatusApp } from "../../src/http/app.ts";
import { createStatusReadModel } from "../../src/http/status-read-model.ts";
import { LogRing } from "../../src/log/ring.ts";
import type { BuyRequest } from "../../src/pipeline/orders.ts";
import { PortSlot } from "../../src/pipeline/port-slot.ts";
import type { PositionRecord } from "../../src/positions/index.ts";
import { createInspectionRegistry, type ActorRow } from "../../src/runtime/inspection.ts";
import { createUi } from "../../src/ui/index.ts";
import { BUY, buyConfirmed, reservesAtPnl, RULES, sellConfirmed, sellFailed, settle, supervisedManager, TestClock, tradeAt } from "./harness.ts";

const roots: AnyActorRef[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await shutdownTree(root);
});

const MINT_B = "MintB11111111111111111111111111111111111pump";
const BUY_B: BuyRequest = { ...BUY, mint: MINT_B, launchSignature: "launch-signature-b-0123456789" };

/** The trading supervisor with the positions manager, inspected and adopted as in src/bot.ts, behind a status app. */
function composed() {
  const clock = new TestClock();
  const registry = createInspectionRegistry({ clock });
  let port: PortSlot<PositionsPort> | undefined;
  registry.adopt("positions", () => port?.get()?.actors() ?? []);
  const { store, sells, slot, errors, root } = supervisedManager({ clock, inspect: registry.observer });
  port = slot;
  roots.push(root);
  const ui = createUi({ mode: "sim" });
  const readModel = createStatusReadModel({
    mode: "sim", gc: "default", jit: "default", startedAt: 0, now: () => clock.now(), registry,
    ring: new LogRing(10), phase: () => "running", endpoints: () => ({}),
  });
  const app = createStatusApp({ readModel, ui });
  return {
    clock, store, sells, registry, errors, ui,
    port: () => slot.get()!,
    record: (positionId: string): PositionRecord => store.rows.get(positionId)!,
    /** GET /api/actors. */
    actors: async () => (await (await app.request("/api/actors")).json()) as ActorRow[],
    /** The status page after one UI bridge tick (the bridge reads the same rows). */
    page: async () => {
      bridgeTick({ ui, actors: () => registry.list() }, true);
      return (await app.request("/")).text();
    },
  };
}

/** The rows right under `positions`, keyed by id. */
function positionRows(rows: ActorRow[]): Map<string, ActorRow> {
  const parent = rows.find((r) => r.id === "positions" && r.status === "active");
  expect(parent).toBeDefined();
  const under = rows.filter((r) => r.parentSessionId === parent!.sessionId);
  for (const r of under) {
    expect(r.parentId).toBe("positions");
    expect(r.depth).toBe(parent!.depth + 1);
    // Listed right after their parent (depth-first order).
    expect(rows.indexOf(r)).toBeGreaterThan(rows.indexOf(parent!));
  }
  return new Map(under.map((r) => [r.id, r]));
}

describe("position actors in the actor table", () => {
  test("each live position is a row under positions with its state and restarts; it goes when the position closes", async () => {
    const c = composed();
    const a = c.port().open(BUY);
    const b = c.port().open(BUY_B);

    let rows = positionRows(await c.actors());
    expect([...rows.keys()].sort()).toEqual([a, b].sort());
    expect(rows.get(a)).toMatchObject({ value: "opening", status: "active", restarts: 0, lastRestart: null, lastError: null, stoppedAt: null });
    expect(rows.get(b)).toMatchObject({ value: "opening", status: "active", restarts: 0 });
    expect((rows.get(a)!.context as { record: { mint: string; tokensBought: string } }).record).toMatchObject({ mint: BUY.mint, tokensBought: "0" });

    c.port().outcome(buyConfirmed());
    c.port().outcome({ ...buyConfirmed(), mint: MINT_B });
    rows = positionRows(await c.actors());
    expect(rows.get(a)?.value).toBe("open");
    expect(rows.get(b)?.value).toBe("open");

    // A: stop loss -> a sell in flight.
    c.port().trade(tradeAt(reservesAtPnl(c.record(a), -4_000, RULES)));
    expect(c.sells.map((s) => s.positionId)).toEqual([a]);
    rows = positionRows(await c.actors());
    expect(rows.get(a)?.value).toEqual({ exiting: "inFlight" });

    // B's actor crashes once (the store fails saving its exit) and its manager restarts it.
    const save = c.store.savePosition.bind(c.store);
    let failOnce = true;
    c.store.savePosition = (r: PositionRecord) => {
      if (r.positionId === b && r.status === "exiting" && failOnce) {
        failOnce = false;
        throw new Error("disk full");
      }
      save(r);
    };
    c.port().sell(b, "manual");
    await settle();
    rows = positionRows(await c.actors());
    expect(rows.get(b)).toMatchObject({ value: "open", status: "active", restarts: 1, lastRestart: { actorId: b, supervisorId: "positions", reason: "disk full", count: 1 } });
    expect(rows.get(b)?.lastError?.message).toBe("disk full");

    // B: a sell the executor says cannot succeed -> stuck (it stays listed: it is still live).
    c.port().sell(b, "manual");
    c.port().outcome(sellFailed(c.sells.find((s) => s.positionId === b)!, false));
    // A: its sell lands -> closed; its row goes.
    c.port().outcome(sellConfirmed(c.sells[0]!));
    expect(c.record(a).status).toBe("closed");

    const all = await c.actors();
    rows = positionRows(all);
    expect([...rows.keys()]).toEqual([b]);
    expect(rows.get(b)).toMatchObject({ value: "stuck", restarts: 1 });
    expect(all.some((r) => r.id === a)).toBe(false);
    expect(c.registry.get(b)?.value).toBe("stuck");
    expect(c.registry.get(a)).toBeUndefined();

    // The status page's actor table shows the same rows.
    const html = await c.page();
    expect(html).toContain(`data-actor="${b}"`);
    expect(html).not.toContain(`data-actor="${a}"`);
    expect(c.errors).toEqual([]);
  });

  test("a position whose actor crashed as it closed (the close saved, then the store threw) leaves no row", async () => {
    const c = composed();
    const a = c.port().open(BUY);
    c.port().outcome(buyConfirmed());
    c.port().trade(tradeAt(reservesAtPnl(c.record(a), -4_000, RULES)));
    const save = c.store.savePosition.bind(c.store);
    c.store.savePosition = (r: PositionRecord) => {
      save(r);
      if (r.status === "closed") throw new Error("fsync failed");
    };
    c.port().outcome(sellConfirmed(c.sells[0]!));
    await settle();
    expect(c.record(a).status).toBe("closed");
    expect((await c.actors()).some((r) => r.id === a)).toBe(false);
    expect(c.port().list()).toEqual([]);
  });

  test("while the positions manager is down its position rows are gone; they come back with it", async () => {
    const c = composed();
    const a = c.port().open(BUY);
    c.port().outcome(buyConfirmed());
    expect(positionRows(await c.actors()).get(a)?.value).toBe("open");
    // The store fails once outside any position actor (a trade's high-water save): the manager crashes.
    const save = c.store.savePosition.bind(c.store);
    let failOnce = true;
    c.store.savePosition = (r: PositionRecord) => {
      if (failOnce) {
        failOnce = false;
        throw new Error("disk hiccup");
      }
      save(r);
    };
    c.port().trade(tradeAt(reservesAtPnl(c.record(a), 3_000, RULES)));
    await settle();
    const down = await c.actors();
    expect(down.find((r) => r.id === "positions")?.status).toBe("stopped"); // in its backoff
    expect(down.some((r) => r.id === a)).toBe(false);
    c.clock.increment(100);
    await settle();
    expect(positionRows(await c.actors()).get(a)).toMatchObject({ value: "open", restarts: 0 });
  });
});
