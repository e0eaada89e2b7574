/** Adopted rows: actors a manager starts outside the inspected tree, listed under their parent when asked. */
import { describe, expect, test } from "bun:test";
import { createActor, fromCallback, setup } from "xstate";
import { ManualClock } from "../../src/clock.ts";
import type { AdoptedChild } from "../../src/runtime/adopted-rows.ts";
import { createInspectionRegistry } from "../../src/runtime/inspection.ts";
import { REDACTED } from "../../src/runtime/redact.ts";

const manager = fromCallback(() => () => {});
const tree = setup({ actors: { manager } }).createMachine({
  id: "trading",
  invoke: [{ id: "positions", src: "manager" }, { id: "listener", src: "manager" }],
});

const child = (id: string, over: Partial<AdoptedChild> = {}): AdoptedChild => ({
  id,
  sessionId: `s-${id}`,
  snapshot: { status: "active", value: "open", context: { record: { mint: id, tokensHeld: 5n } } },
  restarts: 0,
  lastRestart: null,
  startedAt: 7,
  ...over,
});

function inspected(maxAdopted?: number) {
  const registry = createInspectionRegistry({ clock: new ManualClock(), ...(maxAdopted === undefined ? {} : { maxAdopted }) });
  const actor = createActor(tree, { inspect: registry.observer }).start();
  return { registry, actor };
}

describe("adopted rows", () => {
  test("listed right under their live parent, before its next sibling, redacted, read on each list()", () => {
    const { registry } = inspected();
    let children: AdoptedChild[] = [child("b"), child("a", { snapshot: { status: "active", value: { exiting: "inFlight" }, context: { apiKey: "k-123" } } })];
    let reads = 0;
    registry.adopt("positions", () => (reads++, children));
    expect(reads).toBe(0);
    const rows = registry.list();
    expect(reads).toBe(1);
    expect(rows.map((r) => [r.id, r.depth, r.parentId])).toEqual([
      ["trading", 0, null], ["positions", 1, "trading"], ["a", 2, "positions"], ["b", 2, "positions"], ["listener", 1, "trading"],
    ]);
    const positions = rows[1]!;
    expect(rows[2]).toMatchObject({ sessionId: "s-a", parentSessionId: positions.sessionId, value: { exiting: "inFlight" }, status: "active", context: { apiKey: REDACTED }, restarts: 0, startedAt: 7 });
    expect(rows[3]?.context).toEqual({ record: { mint: "b", tokensHeld: "5" } });
    expect(() => JSON.parse(JSON.stringify(rows))).not.toThrow();
    children = [child("b")];
    expect(registry.list().map((r) => r.id)).toEqual(["trading", "positions", "b", "listener"]);
    expect(registry.get("b")?.value).toBe("open");
    expect(registry.get("a")).toBeUndefined();
  });

  test("a restart shows as count, last restart and last error, without URLs", () => {
    const { registry } = inspected();
    const reason = "sell failed at https://rpc.example/?api-key=SECRET-1";
    registry.adopt("positions", () => [child("p", { restarts: 2, lastRestart: { actorId: "p", supervisorId: "positions", at: 9, reason, count: 2 }, startedAt: 9 })]);
    const row = registry.get("p")!;
    expect(row).toMatchObject({ restarts: 2, lastRestart: { actorId: "p", supervisorId: "positions", at: 9, count: 2 }, lastError: { at: 9 }, startedAt: 9 });
    expect(JSON.stringify(row)).not.toContain("SECRET-1");
  });

  test("bounded: the first maxAdopted by id, then one `+K more` row", () => {
    const { registry } = inspected(3);
    registry.adopt("positions", () => ["e", "c", "a", "d", "b"].map((id) => child(id)));
    const under = registry.list().filter((r) => r.parentId === "positions");
    expect(under.map((r) => r.id)).toEqual(["a", "b", "c", "+2 more"]);
    expect(under[3]).toMatchObject({ omitted: 2, value: null, depth: 2, context: null });
    expect(under.slice(0, 3).every((r) => r.omitted === undefined)).toBe(true);
  });

  test("nothing under a parent that is not live; the undo stops the listing", () => {
    const { registry, actor } = inspected();
    const undo = registry.adopt("positions", () => [child("p")]);
    expect(registry.list().some((r) => r.id === "p")).toBe(true);
    undo();
    expect(registry.list().some((r) => r.id === "p")).toBe(false);
    registry.adopt("positions", () => [child("p")]);
    actor.stop();
    expect(registry.list().some((r) => r.id === "p")).toBe(false);
  });
});
