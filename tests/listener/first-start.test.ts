import { afterEach, describe, expect, test } from "bun:test";
import { startSimCluster, type SimCluster } from "../../src/sim/cluster/index.ts";
import type { Listener } from "../../src/listener/index.ts";
import { CREATOR, RecordingSink, listenerFor, waitFor } from "./helpers.ts";

let c: SimCluster | undefined;
let l: Listener | undefined;
afterEach(async () => {
  l?.close();
  await c?.stop();
  l = undefined;
  c = undefined;
});

describe("listener: first start of the process", () => {
  test("launches from after the listener was created but before it subscribed are backfilled; older ones are not", async () => {
    c = await startSimCluster({ seed: 21, slotMs: 50, httpPort: 0 });
    const old = c.api.launchToken({ creator: CREATOR, name: "Old", symbol: "OLD", uri: "u" });
    // The listener was "created" in the second after the old launch: a clock one second ahead of it.
    await Bun.sleep(1_100);
    const createdAt = Date.now();
    const early = [0, 1, 2].map((i) => c!.api.launchToken({ creator: CREATOR, name: `Early${i}`, symbol: "E", uri: "u" }));
    await Bun.sleep(200); // confirmed before the listener even connects
    const sink = new RecordingSink();
    let first = true;
    l = listenerFor(c, sink, {
      clock: { now: () => (first ? ((first = false), createdAt) : Date.now()), monotonic: () => performance.now() },
    });
    await waitFor(() => early.every((e) => sink.launchCounts().get(e.mint) === 1), 5_000, "the early launches");
    expect(sink.launches.filter((x) => early.some((e) => e.mint === x.event.mint)).every((x) => x.source === "backfill")).toBe(true);
    await Bun.sleep(300); // the settle pass
    expect(sink.launchCounts().has(old.mint)).toBe(false);
    expect([...sink.launchCounts().values()].every((n) => n === 1)).toBe(true);
  });
});
