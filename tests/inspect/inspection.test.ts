import { describe, expect, test } from "bun:test";
import { assign, createActor, fromCallback, fromPromise, sendTo, setup, spawnChild, type AnyActorRef } from "xstate";
import { ManualClock } from "../../src/clock.ts";
import { createLifecycle } from "../../src/actors/lifecycle.actor.ts";
import { createInspectionRegistry } from "../../src/runtime/inspection.ts";
import { REDACTED } from "../../src/runtime/redact.ts";

const PRIVATE_KEY = "4vJ9JU1bJJE96FWSJKvHsmmFADCg4gpZQff4P3bkLKi6privatekeybytes";
const RPC_URL = "https://mainnet.helius-rpc.com/?api-key=SECRET-API-KEY-123";

const listener = setup({}).createMachine({
  id: "listener",
  initial: "connecting",
  states: { connecting: { on: { "ws.open": "subscribed" } }, subscribed: {} },
});

const scanner = setup({}).createMachine({ id: "scanner", initial: "scanning", states: { scanning: {} } });

const position = setup({}).createMachine({
  id: "position",
  context: { mint: "So1ana", amount: 42n },
  initial: "open",
  states: { open: {} },
});

// Throws from its receive handler: XState reports it to the parent as xstate.error.actor.uiBridge.
const uiBridge = fromCallback<{ type: string }>(({ receive }) => {
  receive((event) => {
    if (event.type === "boom") throw new Error(`ui crashed talking to ${RPC_URL}`);
  });
});

const bot = setup({
  types: {
    context: {} as {
      privateKey: string;
      rpcUrl: string;
      settings: { auth: { token: string }; label: string; deep: unknown };
      lamports: bigint;
      note: string;
      positionRef: AnyActorRef | null;
    },
  },
  actors: { listener, scanner, position, uiBridge, warmup: fromPromise(async () => "warm") },
}).createMachine({
  id: "bot",
  context: ({ spawn }) => ({
    privateKey: PRIVATE_KEY,
    rpcUrl: RPC_URL,
    settings: { auth: { token: "tok-abc-123" }, label: "main", deep: { a: { b: { c: { d: { e: { f: "too deep" } } } } } } },
    lamports: 1_500_000_000n,
    note: "x".repeat(5_000),
    positionRef: spawn("position", { id: "position-1" }),
  }),
  invoke: [
    { id: "listener", src: "listener" },
    { id: "uiBridge", src: "uiBridge" },
    { id: "warmup", src: "warmup" },
  ],
  initial: "scanning",
  on: {
    "ui.boom": { actions: sendTo("uiBridge", { type: "boom" }) },
    "listener.open": { actions: sendTo("listener", { type: "ws.open" }) },
    "xstate.error.actor.*": {},
  },
  states: {
    scanning: {
      invoke: { id: "scanner", src: "scanner" },
      on: { "scan.stop": "idle" },
    },
    idle: {},
  },
});

function startBot() {
  const clock = new ManualClock();
  const registry = createInspectionRegistry({ clock });
  const actor = createActor(bot, { inspect: registry.observer });
  actor.subscribe({ error: () => {} });
  actor.start();
  return { clock, registry, actor };
}

describe("inspection registry", () => {
  test("shows the tree: ids, parents, depth, state values and statuses", async () => {
    const { registry, actor } = startBot();
    actor.send({ type: "listener.open" });
    actor.send({ type: "scan.stop" });
    await Bun.sleep(0); // let the promise child resolve

    const rows = registry.list();
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(rows[0]?.id).toBe("bot");
    expect(rows[0]?.depth).toBe(0);
    expect(rows[0]?.parentId).toBeNull();
    expect(rows.slice(1).every((r) => r.parentId === "bot" && r.depth === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.id))).toEqual(
      new Set(["bot", "position-1", "listener", "uiBridge", "warmup", "scanner"]),
    );
    expect(byId.bot?.value).toBe("idle");
    expect(byId.bot?.status).toBe("active");
    expect(byId.listener?.value).toBe("subscribed");
    expect(byId.listener?.status).toBe("active");
    expect(byId.scanner?.status).toBe("stopped");
    expect(byId.scanner?.stoppedAt).not.toBeNull();
    expect(byId.warmup?.status).toBe("done");
    expect(byId["position-1"]?.context).toEqual({ mint: "So1ana", amount: "42" });
    expect(byId.uiBridge?.value).toBeNull();
    expect(byId.bot?.events).toBeGreaterThanOrEqual(3);
    expect(() => JSON.parse(JSON.stringify(rows))).not.toThrow();
  });

  test("a crashed callback child shows status error and its last error, without the URL", () => {
    const { registry, actor } = startBot();
    expect(registry.get("uiBridge")?.status).toBe("active");
    actor.send({ type: "ui.boom" });
    const row = registry.get("uiBridge");
    expect(row?.status).toBe("error");
    expect(row?.lastError?.message).toContain("ui crashed talking to");
    expect(row?.lastError?.message).not.toContain("api-key");
    expect(actor.getSnapshot().status).toBe("active");
  });

  test("restart counts and the last restart come from noteRestart", () => {
    const { registry, clock } = startBot();
    expect(registry.get("uiBridge")?.restarts).toBe(0);
    registry.noteRestart({ actorId: "uiBridge", supervisorId: "bot", at: clock.now(), reason: "ui crashed", count: 1 });
    clock.advance(1_000);
    registry.noteRestart({ actorId: "uiBridge", supervisorId: "bot", at: clock.now(), reason: "ui crashed again", count: 2 });
    const row = registry.get("uiBridge");
    expect(row?.restarts).toBe(2);
    expect(row?.lastRestart).toEqual({ actorId: "uiBridge", supervisorId: "bot", at: clock.now(), reason: "ui crashed again", count: 2 });
    expect(registry.get("listener")?.restarts).toBe(0);
  });

  test("contexts are redacted and bounded; secrets never reach JSON", () => {
    const { registry } = startBot();
    const json = JSON.stringify(registry.list());
    expect(json).not.toContain(PRIVATE_KEY);
    expect(json).not.toContain("api-key=");
    expect(json).not.toContain("SECRET-API-KEY-123");
    expect(json).not.toContain("tok-abc-123");
    expect(json).not.toContain("x".repeat(300));
    const ctx = registry.get("bot")?.context as Record<string, unknown>;
    expect(ctx.privateKey).toBe(REDACTED);
    expect(ctx.rpcUrl).toBe(`${new URL(RPC_URL).origin}/${REDACTED}`);
    expect(ctx.lamports).toBe("1500000000");
    expect(ctx.positionRef).toBe("@actor:position-1");
    expect((ctx.settings as Record<string, unknown>).auth).toEqual({ token: REDACTED });
    expect((ctx.settings as Record<string, unknown>).label).toBe("main");
    expect(JSON.stringify((ctx.settings as Record<string, unknown>).deep)).toContain("[depth]");
    expect(JSON.stringify((ctx.settings as Record<string, unknown>).deep)).not.toContain("too deep");
    expect(String(ctx.note).length).toBeLessThan(300);
  });

  test("contexts are read on list(), not on every event", () => {
    let reads = 0;
    const probe = {
      get value() {
        reads++;
        return 1;
      },
    };
    const m = setup({ types: { context: {} as { probe: typeof probe } } }).createMachine({
      context: { probe },
      on: { tick: {} },
    });
    const registry = createInspectionRegistry({ clock: new ManualClock() });
    const actor = createActor(m, { inspect: registry.observer }).start();
    for (let i = 0; i < 1_000; i++) actor.send({ type: "tick" });
    expect(reads).toBe(0);
    expect(registry.list()[0]?.events).toBe(1_001); // 1000 ticks + xstate.init
    expect(reads).toBe(1);
  });

  test("a restarted child replaces its ended row and keeps the last error", () => {
    const flaky = fromCallback<{ type: string }>(({ receive }) => {
      receive(() => {
        throw new Error("flaky failed");
      });
    });
    const sup = setup({ actors: { flaky } }).createMachine({
      id: "sup",
      initial: "up",
      states: {
        up: {
          invoke: { id: "flaky", src: "flaky", onError: { target: "up", reenter: true } },
          on: { poke: { actions: sendTo("flaky", { type: "poke" }) } },
        },
      },
    });
    const registry = createInspectionRegistry({ clock: new ManualClock() });
    const actor = createActor(sup, { inspect: registry.observer });
    actor.subscribe({ error: () => {} });
    actor.start();
    const first = registry.get("flaky")?.sessionId;
    actor.send({ type: "poke" });
    const rows = registry.list().filter((r) => r.id === "flaky");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.sessionId).not.toBe(first);
    expect(rows[0]?.status).toBe("active");
    expect(rows[0]?.lastError?.message).toBe("flaky failed");
  });

  test("ended actors are pruned past maxEnded; live ones never", () => {
    const child = setup({}).createMachine({ initial: "a", states: { a: {} } });
    const parent = setup({ actors: { child } }).createMachine({
      id: "parent",
      on: {
        spawn: { actions: spawnChild("child", { id: ({ event }) => (event as { type: string; id: string }).id }) },
      },
    });
    const registry = createInspectionRegistry({ clock: new ManualClock(), maxEnded: 3 });
    const actor = createActor(parent, { inspect: registry.observer }).start();
    for (let i = 0; i < 10; i++) actor.send({ type: "spawn", id: `c${i}` } as never);
    expect(registry.list()).toHaveLength(11);
    actor.stop();
    const rows = registry.list();
    expect(rows.every((r) => r.status === "stopped")).toBe(true);
    expect(rows.length).toBe(3);
  });

  test("ended rows older than retainEndedMs are pruned on list(); maxActors bounds the table", () => {
    const clock = new ManualClock();
    const registry = createInspectionRegistry({ clock, retainEndedMs: 1_000, maxActors: 2 });
    const m = setup({}).createMachine({});
    const a = createActor(m, { inspect: registry.observer }).start();
    const b = createActor(m, { inspect: registry.observer }).start();
    const c = createActor(m, { inspect: registry.observer }).start(); // table full of live actors
    expect(registry.list()).toHaveLength(2);
    expect(registry.dropped).toBe(1);
    a.stop();
    expect(registry.list()).toHaveLength(2);
    clock.advance(1_001);
    expect(registry.list().map((r) => r.status)).toEqual(["active"]);
    b.stop();
    c.stop();
  });

  test("the lifecycle actor shows its phase, reason and per-flusher results", async () => {
    const clock = new ManualClock();
    const registry = createInspectionRegistry({ clock });
    const lc = createLifecycle({
      stopIntake: () => {},
      stopActors: async () => {},
      flushers: [{ name: "history", flush: async () => {} }],
      inspect: registry.observer,
    });
    expect(registry.get("lifecycle")?.value).toBe("running");
    lc.shutdown("SIGTERM");
    await lc.whenStopped();
    const row = registry.get("lifecycle");
    expect(row?.status).toBe("done");
    expect(row?.value).toBe("stopped");
    const ctx = row?.context as { phase: string; reason: string; flushers: { name: string; status: string }[] };
    expect(ctx.phase).toBe("stopped");
    expect(ctx.reason).toBe("SIGTERM");
    expect(ctx.flushers.map((f) => [f.name, f.status])).toEqual([["history", "ok"]]);
    expect(registry.list().some((r) => r.parentId === "lifecycle")).toBe(true); // its invoked steps
  });
});
