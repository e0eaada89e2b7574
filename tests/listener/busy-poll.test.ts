import { afterEach, describe, expect, test } from "bun:test";
import { listenerActor } from "../../src/actors/listener.actor.ts";
import { createSupervisor, shutdownTree, startRootSupervisor, type SupervisorActor } from "../../src/actors/supervisor.actor.ts";
import { configSchema } from "../../src/config/schema.ts";
import { startBusyPoll } from "../../src/listener/busy-poll.ts";
import { createFetchRpc, createListenerState } from "../../src/listener/index.ts";
import { startSimCluster, type SimCluster } from "../../src/sim/cluster/index.ts";
import { CREATOR, RecordingSink, waitFor } from "./helpers.ts";

let c: SimCluster | undefined;
let root: SupervisorActor | undefined;
const realSetImmediate = globalThis.setImmediate;
afterEach(async () => {
  globalThis.setImmediate = realSetImmediate;
  if (root) await shutdownTree(root);
  root = undefined;
  await c?.stop();
  c = undefined;
});

describe("busy poll", () => {
  test("spins until its signal aborts; timers and socket I/O keep running while it spins", async () => {
    const ac = new AbortController();
    const poll = startBusyPoll(ac.signal);
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("pong") });
    try {
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, 10));
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect(await (await fetch(`http://127.0.0.1:${server.port}/`)).text()).toBe("pong");
      await waitFor(() => poll.turns > 100, 2_000, "turns");
    } finally {
      ac.abort();
      await server.stop(true);
    }
    await Bun.sleep(5);
    const stopped = poll.turns;
    await Bun.sleep(20);
    expect(poll.turns).toBe(stopped);
    const never = startBusyPoll(AbortSignal.abort());
    await Bun.sleep(10);
    expect(never.turns).toBe(0);
  });

  test("off by default in the config", () => {
    expect(configSchema.parse({}).listener.busyPoll).toBe(false);
  });

  test("the listener actor spins while it lives when asked, takes launches meanwhile, and stops spinning with it", async () => {
    let immediates = 0;
    globalThis.setImmediate = ((fn: (...a: unknown[]) => void, ...a: unknown[]) => {
      immediates++;
      return realSetImmediate(fn, ...a);
    }) as typeof setImmediate;
    c = await startSimCluster({ seed: 41, slotMs: 50, httpPort: 0 });
    const cluster = c;
    const sink = new RecordingSink();
    const state = createListenerState([cluster.wsUrl], 1_000);
    const errors: unknown[] = [];
    root = startRootSupervisor(
      createSupervisor({
        id: "root",
        children: [{ id: "listener", logic: listenerActor, restart: "permanent", input: { wsUrls: [cluster.wsUrl], rpc: createFetchRpc(cluster.httpUrl), sink, state, busyPoll: true } }],
      }),
      { onError: (e) => errors.push(e) },
    );
    await waitFor(() => state.stats.endpoints.every((e) => e.open) && cluster.stats().subscriptions >= 1, 3_000, "subscribed");
    const launch = cluster.api.launchToken({ creator: CREATOR, name: "spun", symbol: "S", uri: "u" });
    await waitFor(() => sink.launches.length === 1, 3_000, "the launch");
    expect(sink.launches[0]!.event.mint).toBe(launch.mint);
    const during = immediates;
    await Bun.sleep(20);
    expect(immediates - during).toBeGreaterThan(50);
    expect(errors).toEqual([]);
    await shutdownTree(root);
    root = undefined;
    await Bun.sleep(5);
    const after = immediates;
    await Bun.sleep(30);
    // Whatever else uses setImmediate (a few at most), the spin's thousands per second are gone.
    expect(immediates - after).toBeLessThan(5);
  });
});
