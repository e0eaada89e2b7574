import { afterEach, describe, expect, test } from "bun:test";
import type { AnyActorRef } from "xstate";
import { httpServerActor } from "../../src/actors/http-server.actor.ts";
import { createSupervisor, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import { uiBridgeActor } from "../../src/actors/ui-bridge.actor.ts";
import { createStatusApp } from "../../src/http/app.ts";
import { CHILD_FAILED } from "../../src/machines/supervisor.types.ts";
import { freePort } from "../../src/runtime/free-port.ts";
import { createUi, UiHub } from "../../src/ui/index.ts";
import { fakeReadModel, HOSTILE, mint, until } from "./helpers.ts";

const roots: AnyActorRef[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await shutdownTree(root);
});

/** An SSE reader over fetch, as EventSource would do: keeps the text, notes when the stream ends. */
class SseClient {
  text = "";
  ended = false;
  private controller = new AbortController();
  constructor(readonly url: string) {}
  async open(): Promise<void> {
    const res = await fetch(this.url, { signal: this.controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          this.text += dec.decode(value);
        }
      } catch {
        // connection closed by the server
      }
      this.ended = true;
    })();
  }
  count(needle: string): number {
    return this.text.split(needle).length - 1;
  }
  close(): void {
    this.controller.abort();
  }
}

function crash(sup: AnyActorRef, childId: string): void {
  const ref = sup.getSnapshot().children[childId] as AnyActorRef;
  sup.send({ type: CHILD_FAILED, childId, error: new Error(`test crash of ${childId}`), ref });
}

describe("SSE on a real server (127.0.0.1)", () => {
  test("heartbeats; updates from the bridge; survives a bridge crash; reconnects after an HTTP server crash", async () => {
    const port = freePort();
    const ui = createUi({ mode: "sim", hub: { heartbeatMs: 60, retryMs: 50 } });
    const app = createStatusApp({ readModel: fakeReadModel(), ui });
    const uiSupervisor = createSupervisor({
      id: "ui",
      backoff: { initialMs: 10, factor: 1, maxMs: 10 },
      intensity: { maxRestarts: 100, withinMs: 1000 },
      children: [
        { id: "http", logic: httpServerActor, restart: "permanent", input: { hostname: "127.0.0.1", port, app } },
        { id: "bridge", logic: uiBridgeActor, restart: "permanent", input: { ui, intervalMs: 20 } },
      ],
    });
    const root = startRootSupervisor(createSupervisor({ id: "root", children: [{ id: "ui", logic: uiSupervisor, restart: "permanent" }] }), {
      onError: (e) => {
        throw e;
      },
    });
    roots.push(root);
    const sup = () => (root.getSnapshot().children as Record<string, AnyActorRef>).ui!;
    const url = `http://127.0.0.1:${port}/api/stream`;

    const client = new SseClient(url);
    await client.open();
    await until(() => client.text.includes("event: logs"));
    expect(client.text.startsWith("retry: 50\n")).toBe(true);
    await until(() => client.count(": ping") >= 2); // heartbeats keep Bun's idle timeout away

    const m1 = mint();
    ui.cache.launch({ mint: m1, name: HOSTILE, symbol: "ONE", at: 1 });
    await until(() => client.text.includes(m1));
    expect(client.text).not.toContain("<img");

    // The bridge crashes: the stream stays open, heartbeats go on, updates resume after the restart.
    crash(sup(), "bridge");
    const pingsBefore = client.count(": ping");
    const m2 = mint();
    ui.cache.launch({ mint: m2, name: "two", symbol: "TWO", at: 2 });
    await until(() => client.text.includes(m2));
    await until(() => client.count(": ping") > pingsBefore);
    expect(client.ended).toBe(false);
    const ctx = () => sup().getSnapshot().context as { restartCounts: Record<string, number> };
    expect(ctx().restartCounts.bridge).toBe(1);

    // The HTTP server crashes: its connections close; a reconnect gets a full snapshot incl. what it missed.
    crash(sup(), "http");
    await until(() => client.ended);
    const m3 = mint();
    ui.cache.launch({ mint: m3, name: "three", symbol: "THREE", at: 3 });
    await until(() => ctx().restartCounts.http === 1);
    const again = new SseClient(url);
    for (let i = 0; ; i++) {
      try {
        await again.open();
        break;
      } catch (error) {
        if (i > 100) throw error;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    await until(() => again.text.includes(m3) && again.text.includes(m1));
    expect(ctx().restartCounts.bridge).toBe(1);
    again.close();
    expect(ui.hub.stats().clients).toBeLessThanOrEqual(1);
  }, 15_000);
});

describe("UiHub policies", () => {
  test("a slow client gets the newest frame of each section (coalesced), then is disconnected after stalling", async () => {
    let now = 0;
    const hub = new UiHub({ heartbeatMs: 10, stallMs: 50, highWaterMark: 1, now: () => now });
    const stream = hub.connect([])!;
    for (let i = 0; i < 100; i++) hub.publish("feed", { i });
    expect(hub.stats().coalesced).toBeGreaterThanOrEqual(98);
    const reader = stream.getReader();
    const dec = new TextDecoder();
    let text = "";
    for (let i = 0; i < 2; i++) text += dec.decode((await reader.read()).value);
    expect(text).toContain('data: {"i":99}');
    expect(text).not.toContain('"i":50');
    // Stop reading: the queue stays full; after stallMs the hub drops the client.
    hub.publish("feed", { i: 100 });
    hub.publish("status", { s: 1 });
    now = 1000;
    await until(() => hub.stats().clients === 0);
    expect(hub.stats().stalled).toBe(1);
  });

  test("connections are bounded", () => {
    const hub = new UiHub({ maxClients: 2 });
    expect(hub.connect([])).toBeDefined();
    expect(hub.connect([])).toBeDefined();
    expect(hub.connect([])).toBeUndefined();
    expect(hub.stats().refused).toBe(1);
    hub.closeAll();
    expect(hub.stats().clients).toBe(0);
  });

  test("an aborted request releases its client and timer", async () => {
    const hub = new UiHub({ heartbeatMs: 5 });
    const controller = new AbortController();
    const stream = hub.connect([["status", {}]], controller.signal)!;
    expect(hub.stats().clients).toBe(1);
    controller.abort();
    expect(hub.stats().clients).toBe(0);
    await stream.cancel().catch(() => {});
  });
});
