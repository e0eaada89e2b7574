import { afterEach, describe, expect, test } from "bun:test";
import { listenerActor } from "../../src/actors/listener.actor.ts";
import { createSupervisor, shutdownTree, startRootSupervisor, type SupervisorActor } from "../../src/actors/supervisor.actor.ts";
import type { Clock } from "../../src/clock.ts";
import { createFetchRpc, createListenerState } from "../../src/listener/index.ts";
import { seededRng } from "../../src/rng.ts";
import { startSimCluster, type SimCluster } from "../../src/sim/cluster/index.ts";
import { CREATOR, RecordingSink, waitFor } from "./helpers.ts";

let c: SimCluster | undefined;
let root: SupervisorActor | undefined;
afterEach(async () => {
  if (root) await shutdownTree(root);
  root = undefined;
  await c?.stop();
  c = undefined;
});

/** The system clock, except that `monotonic()` throws once when armed: a bug inside the frame handler. */
class BuggyClock implements Clock {
  armed = false;
  now(): number {
    return Date.now();
  }
  monotonic(): number {
    if (this.armed) {
      this.armed = false;
      throw new TypeError("bug in the frame path");
    }
    return performance.now();
  }
}

describe("listener actor under a supervisor", () => {
  test("a thrown bug crashes it, the supervisor restarts it, its sockets are closed, and the restart gap is backfilled", async () => {
    c = await startSimCluster({ seed: 31, slotMs: 30, httpPort: 0 });
    const cluster = c;
    const sink = new RecordingSink();
    const clock = new BuggyClock();
    const state = createListenerState([cluster.wsUrl, cluster.wsUrl], 1_000);
    const errors: unknown[] = [];
    root = startRootSupervisor(
      createSupervisor({
        id: "root",
        backoff: { initialMs: 200, factor: 2, maxMs: 1_000 },
        children: [
          {
            id: "listener",
            logic: listenerActor,
            restart: "permanent",
            input: {
              wsUrls: [cluster.wsUrl, cluster.wsUrl],
              rpc: createFetchRpc(cluster.httpUrl),
              sink,
              state,
              clock,
              rng: seededRng(3),
              backoff: { initialMs: 20, factor: 2, maxMs: 200, jitter: 0.5 },
              backfill: { settleMs: 100 },
            },
          },
        ],
      }),
      { onError: (e) => errors.push(e) },
    );
    const r = root;
    await waitFor(() => cluster.stats().connections === 2 && state.stats.endpoints.every((e) => e.open), 3_000, "two sockets");
    await waitFor(() => cluster.stats().subscriptions === 4, 3_000, "subscriptions");
    const before = cluster.api.launchToken({ creator: CREATOR, name: "before", symbol: "B", uri: "u" });
    await waitFor(() => sink.launches.length === 1, 3_000, "first launch");

    clock.armed = true;
    cluster.control.advanceSlot(); // a slot frame hits the bug
    await waitFor(() => (r.getSnapshot().context as { restartCounts: Record<string, number> }).restartCounts.listener === 1, 3_000, "restart");
    // The crashed instance's sockets were closed by the cleanup (not leaked next to the new ones).
    await waitFor(() => cluster.stats().connections === 0, 1_000, "old sockets closed");
    const during = cluster.api.launchToken({ creator: CREATOR, name: "during", symbol: "D", uri: "u" });
    await waitFor(() => state.instances === 2 && cluster.stats().connections === 2, 3_000, "restarted");
    await waitFor(() => sink.launches.length === 2, 3_000, "the launch made while it was down");
    expect(sink.launches.map((l) => l.event.mint)).toEqual([before.mint, during.mint]);
    expect(sink.launches[1]!.source).toBe("backfill");
    expect(errors).toEqual([]);
    await shutdownTree(r);
    root = undefined;
    await waitFor(() => cluster.stats().connections === 0, 1_000, "closed on shutdown");
  });
});
