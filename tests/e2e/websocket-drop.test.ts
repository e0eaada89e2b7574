/**
 * Websocket drops lose no launch: while launches keep coming, the cluster drops every websocket (some
 * launches land while the bot is disconnected, so only the backfill after the reconnect can find them)
 * and a ws-drop fault cuts connections on outgoing frames. Afterwards every launch the referee knows has
 * exactly one launch row and one decision row, and no mint was bought twice.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createFaultPolicy } from "../../src/sim/faults/index.ts";
import { cleanupAll, landed, launch, SOL, startCluster, startTestBot, waitFor } from "./harness.ts";

afterEach(cleanupAll);

describe("e2e: a websocket drop loses no launch", () => {
  test("repeated drops (control.dropWebsockets + ws-drop fault) while launches continue: every launch decided once, none bought twice", async () => {
    const faults = createFaultPolicy({ rules: ["ws-drop:every=700"], seed: 5 });
    const cluster = await startCluster({ faults });
    const run = await startTestBot(cluster, {
      env: {
        SNIPER_FILTERS__BUY_LAMPORTS: String(SOL / 100n),
        SNIPER_LISTENER__BACKOFF__INITIAL_MS: "20",
        SNIPER_LISTENER__BACKOFF__MAX_MS: "200",
        SNIPER_LISTENER__BACKFILL__SETTLE_MS: "200",
      },
    });
    const mints: string[] = [];
    let dropsWhileLaunching = 0;
    for (let i = 0; i < 30; i++) {
      if (i % 3 === 1) {
        // Drop, then launch at once: the notification has nobody to go to; the backfill must find it.
        cluster.control.dropWebsockets();
        dropsWhileLaunching++;
      }
      mints.push(launch(cluster, 0n, `WS${i}`).mint);
      await Bun.sleep(i % 3 === 1 ? 5 : 60);
    }
    const known = cluster.referee.report().mints.filter((m) => m.launch !== null).map((m) => m.mint);
    expect(new Set(known)).toEqual(new Set(mints));

    await waitFor(() => {
      const decided = new Set(run.db.decisions().map((d) => d.mint));
      return known.every((m) => decided.has(m));
    }, "a decision for every launch the referee knows", 30_000);
    // Give a late duplicate (a backfill racing a live notification) the chance to show up.
    await Bun.sleep(300);

    const decisions = run.db.decisions();
    const launches = run.db.launches();
    expect(new Set(launches.map((l) => l.mint))).toEqual(new Set(known));
    expect(launches).toHaveLength(known.length);
    for (const mint of known) expect(decisions.filter((d) => d.mint === mint)).toHaveLength(1);
    expect(decisions).toHaveLength(known.length);
    // Some launches were only found by the backfill after a reconnect.
    expect(launches.some((l) => l.source === "backfill")).toBe(true);
    expect(run.bot.trading.listenerState.stats.snapshot(performance.now()).reconnects).toBeGreaterThanOrEqual(dropsWhileLaunching / 2);

    // No mint bought twice (referee), and every buy decision became exactly one landed buy.
    const buys = await waitFor(() => {
      const b = landed(cluster, run.wallet.address).filter((t) => t.side === "buy");
      return b.length === decisions.filter((d) => d.action === "buy").length && b;
    }, "every decided buy to land", 20_000);
    const perMint = new Map<string, number>();
    for (const b of buys) perMint.set(b.mint!, (perMint.get(b.mint!) ?? 0) + 1);
    for (const [, n] of perMint) expect(n).toBe(1);
    for (const d of decisions.filter((x) => x.action === "buy")) expect(perMint.get(d.mint)).toBe(1);
    expect(faults.stats().injected["ws-drop"]).toBeGreaterThan(0);
  }, 60_000);
});
