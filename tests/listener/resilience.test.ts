import { afterEach, describe, expect, test } from "bun:test";
import { startSimCluster, type SimCluster } from "../../src/sim/cluster/index.ts";
import { createFaultPolicy } from "../../src/sim/faults/index.ts";
import { createFetchRpc, createListenerState, type Listener } from "../../src/listener/index.ts";
import { CREATOR, listenerFor, ready, RecordingSink, TRADER, waitFor } from "./helpers.ts";

let c: SimCluster | undefined;
let l: Listener | undefined;
afterEach(async () => {
  l?.close();
  l = undefined;
  await c?.stop();
  c = undefined;
});

function launchMany(cluster: SimCluster, n: number, prefix: string): string[] {
  const mints: string[] = [];
  for (let k = 0; k < n; k++) mints.push(cluster.api.launchToken({ creator: CREATOR, name: `${prefix}${k}`, symbol: "S", uri: "u" }).mint);
  return mints;
}

describe("listener: de-duplication, reconnect + backfill, faults", () => {
  test("two endpoints on the same cluster: every launch once, the duplicates counted", async () => {
    c = await startSimCluster({ seed: 21, slotMs: 50, httpPort: 0 });
    const sink = new RecordingSink();
    l = listenerFor(c, sink, { wsUrls: [c.wsUrl, c.wsUrl] });
    await ready(l);
    expect(c.stats().connections).toBe(2);
    const mints = launchMany(c, 20, "d");
    const s = l.state.stats;
    await waitFor(() => s.endpoints[0]!.notifications + s.endpoints[1]!.notifications === 40, 3_000, "both copies");
    expect(sink.launches.map((x) => x.event.mint)).toEqual(mints);
    expect(s.endpoints[0]!.firstSeen + s.endpoints[1]!.firstSeen).toBe(20);
    expect(s.endpoints[0]!.duplicates + s.endpoints[1]!.duplicates).toBe(20);
    expect(s.snapshot(performance.now()).duplicates).toBe(20);
  });

  test("dropWebsockets while launches continue: after reconnect + backfill every launch arrived exactly once", async () => {
    c = await startSimCluster({ seed: 22, slotMs: 30, httpPort: 0 });
    const sink = new RecordingSink();
    // A slow first reconnect so launches land while nobody listens.
    l = listenerFor(c, sink, { backoff: { initialMs: 150, factor: 1, maxMs: 150, jitter: 0 } });
    await ready(l);
    const mints = launchMany(c, 5, "a");
    await waitFor(() => sink.launches.length === 5, 3_000, "first launches");
    for (let round = 0; round < 3; round++) {
      c.control.dropWebsockets();
      mints.push(...launchMany(c, 4, `gap${round}-`));
      await Bun.sleep(40);
      mints.push(...launchMany(c, 3, `late${round}-`));
      await waitFor(() => l!.clients[0]!.stats.open, 3_000, "reconnect");
      mints.push(...launchMany(c, 2, `after${round}-`));
    }
    await waitFor(() => new Set(sink.launches.map((x) => x.event.mint)).size === mints.length, 5_000, "every launch");
    await Bun.sleep(300); // the settle pass runs and finds nothing new
    await l.idle();
    const counts = sink.launchCounts();
    expect(counts.size).toBe(mints.length);
    for (const m of mints) expect(counts.get(m)).toBe(1);
    const t = l.state.stats.totals;
    expect(t.backfilled).toBeGreaterThanOrEqual(3 * 7);
    expect(sink.launches.filter((x) => x.source === "backfill").length).toBe(t.backfilled);
    expect(l.state.stats.endpoints[0]!.reconnects).toBe(3);
    // Backfilled launches come oldest first.
    const bf = sink.launches.filter((x) => x.source === "backfill");
    for (let k = 1; k < bf.length; k++) expect(bf[k]!.slot).toBeGreaterThanOrEqual(bf[k - 1]!.slot);
  });

  test("backfill under failing RPC: a listing or getTransaction that fails past its client's retries is asked again, no launch is lost", async () => {
    // Every other backfill call fails with a 503 (the client gives up after one retry): without the
    // backfill's own rounds, a share of the gap's launches would be lost for good.
    const faults = createFaultPolicy({ rules: ["http5xx:rate=0.6,methods=getTransaction|getSignaturesForAddress,status=503"], seed: 9 });
    c = await startSimCluster({ seed: 24, slotMs: 30, httpPort: 0, faults });
    const sink = new RecordingSink();
    l = listenerFor(c, sink, { rpc: createFetchRpc(c.httpUrl, { retries: 1, retryMs: 5 }), backoff: { initialMs: 150, factor: 1, maxMs: 150, jitter: 0 } });
    await ready(l);
    const mints: string[] = [];
    for (let round = 0; round < 2; round++) {
      c.control.dropWebsockets();
      mints.push(...launchMany(c, 8, `gap${round}-`));
      await waitFor(() => l!.clients[0]!.stats.open, 3_000, "reconnect");
      await waitFor(() => mints.every((m) => sink.launchCounts().has(m)), 20_000, "every launch of the gap");
    }
    const counts = sink.launchCounts();
    for (const m of mints) expect(counts.get(m)).toBe(1);
    expect(l.state.stats.totals.backfillFailures).toBe(0);
  }, 30_000);

  test("malformed frames are counted and skipped; the launches they carried are still recovered", async () => {
    const faults = createFaultPolicy({ rules: ["malformed:rate=0.2"], seed: 5 });
    c = await startSimCluster({ seed: 23, slotMs: 40, httpPort: 0, faults });
    const sink = new RecordingSink();
    l = listenerFor(c, sink, { slotLiveness: false });
    await ready(l);
    const mints = launchMany(c, 60, "m");
    await waitFor(() => l!.state.stats.endpoints[0]!.frames >= 61, 3_000, "frames");
    const snap = l.state.stats.snapshot(performance.now());
    const malformed = Object.values(snap.malformed).reduce((a, b) => a + b, 0);
    expect(faults.stats().injected.malformed).toBeGreaterThan(3);
    expect(malformed).toBeGreaterThan(0);
    expect(malformed).toBeLessThanOrEqual(faults.stats().injected.malformed);
    // Frames that still named their signature are repaired through getTransaction; no launch twice.
    await Bun.sleep(400);
    await l.idle();
    const counts = sink.launchCounts();
    for (const n of counts.values()) expect(n).toBe(1);
    const delivered = 60 - faults.stats().injected.malformed;
    expect(counts.size).toBeGreaterThanOrEqual(delivered);
    for (const x of sink.launches) expect(mints).toContain(x.event.mint);
    expect(l.state.stats.totals.repaired).toBeGreaterThan(0);
  });

  test('"Log truncated": the launch is recovered from getTransaction\'s inner instructions', async () => {
    const faults = createFaultPolicy({ rules: ["log-truncate:rate=1"], seed: 1 });
    c = await startSimCluster({ seed: 24, slotMs: 30, httpPort: 0, faults });
    const sink = new RecordingSink();
    l = listenerFor(c, sink);
    await ready(l);
    const launch = c.api.launchToken({ creator: CREATOR, name: "Cut", symbol: "CUT", uri: "u" });
    await waitFor(() => sink.launches.length === 1, 3_000, "repaired launch");
    const got = sink.launches[0]!;
    expect(got.event.mint).toBe(launch.mint);
    expect(got.event.name).toBe("Cut");
    expect(got.signature).toBe(launch.signature);
    expect(got.source).toBe(0);
    expect(got.slot).toBe(launch.slot);
    expect(l.state.stats.totals.truncated).toBe(1);
    expect(l.state.stats.totals.repaired).toBe(1);
  });

  test("cut logs under a full repair queue: a launch's repair takes a trade's place and goes first", async () => {
    // Every pump transaction's logs cut; getTransaction slow, one repair at a time, at most 3 queued.
    const faults = createFaultPolicy({ rules: ["log-truncate:rate=1", "slow:rate=1,ms=300,jitter=0,methods=getTransaction"], seed: 2 });
    c = await startSimCluster({ seed: 26, slotMs: 30, httpPort: 0, faults });
    const sink = new RecordingSink();
    l = listenerFor(c, sink, { repair: { concurrency: 1, maxQueued: 3, retryMs: 40, retries: 20 } });
    await ready(l);
    const a = c.api.launchToken({ creator: CREATOR, name: "First", symbol: "A", uri: "u" });
    await waitFor(() => sink.launches.length === 1, 3_000, "the first launch, repaired");
    for (let k = 0; k < 8; k++) expect(c.api.trade({ mint: a.mint, trader: TRADER, side: "buy", lamports: 10_000_000n }).ok).toBe(true);
    await waitFor(() => l!.state.stats.totals.truncated === 9, 3_000, "the trades' cut frames");
    expect(l.state.stats.totals.repairDropped).toBe(5); // one running, two queued
    const b = c.api.launchToken({ creator: CREATOR, name: "Second", symbol: "B", uri: "u" });
    await waitFor(() => sink.launches.length === 2, 3_000, "the second launch, repaired ahead of the trades");
    expect(sink.launches[1]!.event.mint).toBe(b.mint);
    expect(l.state.stats.totals.repairDropped).toBe(6); // the newest trade's repair made way
    // It went first: at most the repair running when it came finished before it.
    expect(sink.trades.length).toBeLessThanOrEqual(1);
  });

  test("a long gap's launches are backfilled before its trades (listed through the mint authority)", async () => {
    const faults = createFaultPolicy({ rules: ["slow:rate=1,ms=15,jitter=0,methods=getTransaction"], seed: 3 });
    c = await startSimCluster({ seed: 27, slotMs: 30, httpPort: 0, faults });
    const sink = new RecordingSink();
    // A reconnect slow enough that the whole gap happens while nobody listens.
    l = listenerFor(c, sink, { backoff: { initialMs: 400, factor: 1, maxMs: 400, jitter: 0 } });
    await ready(l);
    const traded = c.api.launchToken({ creator: CREATOR, name: "Traded", symbol: "T", uri: "u" });
    await waitFor(() => sink.launches.length === 1, 3_000, "the first launch");
    await Bun.sleep(100);
    c.control.dropWebsockets();
    for (let k = 0; k < 120; k++) expect(c.api.trade({ mint: traded.mint, trader: TRADER, side: "buy", lamports: 1_000_000n }).ok).toBe(true);
    const late = launchMany(c, 3, "gap");
    await waitFor(() => sink.launches.length === 4, 5_000, "the gap's launches");
    // 120 trades fetched 4 at a time take ~0.5 s; the launches came first.
    expect(sink.trades.length).toBeLessThan(40);
    expect(sink.launches.slice(1).map((x) => x.event.mint)).toEqual(late);
    await waitFor(() => sink.trades.length >= 120, 10_000, "the gap's trades");
    expect(sink.launchCounts().size).toBe(4);
    for (const n of sink.launchCounts().values()) expect(n).toBe(1);
  });

  test("a throwing sink is counted and never kills the socket", async () => {
    c = await startSimCluster({ seed: 25, slotMs: 50, httpPort: 0 });
    let calls = 0;
    const sink = new RecordingSink();
    const bad = { ...sink, launch: () => { calls++; throw new Error("sink down"); }, trade: sink.trade.bind(sink), complete: sink.complete.bind(sink) };
    l = listenerFor(c, bad, { state: createListenerState([c.wsUrl], 100) });
    await ready(l);
    launchMany(c, 3, "s");
    await waitFor(() => calls === 3, 3_000, "sink calls");
    expect(l.state.stats.totals.sinkErrors).toBe(3);
    expect(l.clients[0]!.stats.open).toBe(true);
    expect(l.clients[0]!.stats.reconnects).toBe(0);
  });
});
