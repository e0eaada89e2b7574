import { describe, expect, test } from "bun:test";
import { createActor, setup, type InspectionEvent } from "xstate";
import { ManualClock } from "../../src/clock.ts";
import { createInspectionRegistry } from "../../src/runtime/inspection.ts";
import { startInspectorRelay } from "../../src/runtime/inspector-relay.ts";
import { combineInspectors, createStatelyInspect, redactStatelyEvent } from "../../src/runtime/stately-inspector.ts";

const PRIVATE_KEY = "3xq9PRIVATEKEYVALUEthatmustneverleave";
const machine = setup({}).createMachine({
  id: "wallet",
  context: { privateKey: PRIVATE_KEY, rpc: "https://rpc.example/?api-key=LEAKED", lamports: 5n },
  initial: "idle",
  states: { idle: { on: { go: "busy" } }, busy: {} },
});

describe("combineInspectors", () => {
  test("calls every inspector (functions and observers) in order, even after one throws", () => {
    const seen: string[] = [];
    const combined = combineInspectors(
      (e) => seen.push(`a:${e.type}`),
      () => {
        throw new Error("broken inspector");
      },
      { next: (e) => seen.push(`b:${e.type}`) },
      undefined,
    );
    const event = { type: "@xstate.actor", rootId: "x:0", actorRef: {} } as unknown as InspectionEvent;
    combined(event);
    expect(seen).toEqual(["a:@xstate.actor", "b:@xstate.actor"]);
  });
});

describe("createStatelyInspect", () => {
  test("with the flag off, nothing is created and events reach only the registry", () => {
    const registry = createInspectionRegistry({ clock: new ManualClock() });
    let created = 0;
    const result = createStatelyInspect(registry.observer, {
      enabled: false,
      createRelay: () => {
        created++;
        throw new Error("relay must not start");
      },
      createClient: () => {
        created++;
        throw new Error("client must not start");
      },
    });
    expect(result.url).toBeNull();
    createActor(machine, { inspect: result.inspect }).start();
    expect(created).toBe(0);
    expect(registry.get("wallet")?.status).toBe("active");
  });

  test("with the flag on, both the registry and the Stately client get every event", () => {
    const registry = createInspectionRegistry({ clock: new ManualClock() });
    const forwarded: string[] = [];
    let stopped = false;
    const result = createStatelyInspect(registry.observer, {
      enabled: true,
      startRelay: false,
      port: 9,
      createClient: ({ url }) => {
        expect(url).toBe("ws://127.0.0.1:9");
        return { inspect: { next: (e) => void forwarded.push(e.type) }, stop: () => void (stopped = true) };
      },
    });
    const actor = createActor(machine, { inspect: result.inspect }).start();
    actor.send({ type: "go" });
    expect(forwarded).toContain("@xstate.actor");
    expect(forwarded).toContain("@xstate.snapshot");
    expect(registry.get("wallet")?.value).toBe("busy");
    void result.stop();
    expect(stopped).toBe(true);
  });

  test("end to end on loopback: redacted events reach a relay client; the bridge page is served", async () => {
    const registry = createInspectionRegistry({ clock: new ManualClock() });
    const result = createStatelyInspect(registry.observer, { enabled: true, port: 0 });
    try {
      expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await (await fetch(result.url!)).text();
      expect(page).toContain("https://stately.ai/inspect");

      const viewer = new WebSocket(result.url!.replace("http", "ws"));
      const messages: string[] = [];
      viewer.onmessage = (e) => void messages.push(String(e.data));
      await new Promise((resolve, reject) => {
        viewer.onopen = resolve;
        viewer.onerror = reject;
      });

      const actor = createActor(machine, { inspect: result.inspect }).start();
      actor.send({ type: "go" });
      const deadline = Date.now() + 5_000;
      while (!messages.some((m) => m.includes('"busy"')) && Date.now() < deadline) await Bun.sleep(20);

      const all = messages.join("\n");
      expect(all).toContain("@xstate.snapshot");
      expect(all).toContain('"busy"');
      expect(all).not.toContain(PRIVATE_KEY);
      expect(all).not.toContain("LEAKED");
      expect(all).not.toContain("api-key=");
      expect(registry.get("wallet")?.value).toBe("busy");
      viewer.close();
      actor.stop();
    } finally {
      await result.stop();
    }
  });
});

describe("redactStatelyEvent", () => {
  test("redacts context, event payloads and static context in definitions, keeps state values", () => {
    const ev = redactStatelyEvent({
      type: "@xstate.snapshot",
      snapshot: { status: "active", value: { trading: "tokenWatch" }, context: { token: "abc", n: 1n } },
      event: { type: "config.set", authorization: "Bearer xyz", url: "wss://x?api-key=1" },
      definition: JSON.stringify({ id: "m", context: { secret: "s3" }, on: { "token.seen": {} } }),
    });
    const json = JSON.stringify(ev);
    expect(json).not.toContain("abc");
    expect(json).not.toContain("xyz");
    expect(json).not.toContain("api-key=");
    expect(json).not.toContain("s3");
    expect(ev.snapshot.value).toEqual({ trading: "tokenWatch" });
    expect(ev.event.type).toBe("config.set");
    expect(json).toContain("token.seen");
  });
});

describe("relay", () => {
  test("binds 127.0.0.1 and relays a message to the other clients only", async () => {
    const relay = startInspectorRelay({ port: 0 });
    try {
      expect(relay.wsUrl).toStartWith("ws://127.0.0.1:");
      const open = (ws: WebSocket) => new Promise((r) => (ws.onopen = r));
      const a = new WebSocket(relay.wsUrl);
      const b = new WebSocket(relay.wsUrl);
      await Promise.all([open(a), open(b)]);
      const got: { a: string[]; b: string[] } = { a: [], b: [] };
      a.onmessage = (e) => void got.a.push(String(e.data));
      b.onmessage = (e) => void got.b.push(String(e.data));
      a.send("hello");
      const deadline = Date.now() + 2_000;
      while (got.b.length === 0 && Date.now() < deadline) await Bun.sleep(10);
      expect(got.b).toEqual(["hello"]);
      expect(got.a).toEqual([]);
      const late = new WebSocket(relay.wsUrl);
      const replayed: string[] = [];
      late.onmessage = (e) => void replayed.push(String(e.data));
      await open(late);
      while (replayed.length === 0 && Date.now() < deadline) await Bun.sleep(10);
      expect(replayed).toEqual(["hello"]);
      for (const ws of [a, b, late]) ws.close();
    } finally {
      await relay.stop();
    }
  });
});
