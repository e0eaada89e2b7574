/**
 * The UI bridge crashing every 100 ms while the real pipeline trades on the simulated cluster: the bot
 * (in-process `startBot`, sim mode, with its own simulated cluster child) misses no launch, the trading
 * supervisor never restarts, and the UI feed shows the latest launches once the crashes stop.
 *
 * The fault is injected through what the test owns: the bot's `Logging`. The bridge reads new log records
 * from `logging.ring.since` on every tick, so a `since` that throws (at most once per 100 ms) crashes the
 * bridge mid-tick; nothing in trading calls it. No config, env or option of the bot is involved.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBot, type Bot } from "../../src/bot.ts";
import { loadConfig } from "../../src/config/index.ts";
import { createLogging } from "../../src/log/index.ts";
import { openReadOnly } from "../../src/store/index.ts";

const CRASH_EVERY_MS = 100;
const CRASH_FOR_MS = 4_000;

interface RefereeMint {
  mint: string;
  launch: { signature: string; slot: number } | null;
  notifications: { subscriber: number }[];
}
interface FeedEntry {
  kind: string;
  mint: string;
  seq: number;
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await Bun.sleep(50);
  }
}

const dirs: string[] = [];
let running: Bot | undefined;
afterAll(async () => {
  if (running) {
    running.lifecycle.shutdown("test cleanup");
    await running.done.catch(() => 1);
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("UI bridge crashing every 100 ms while the real pipeline trades", () => {
  test("no launch is missed, trading never restarts, the feed catches up after the crashes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sniper-ui-crash-"));
    dirs.push(dir);
    const loaded = loadConfig({
      argv: [],
      cwd: dir,
      env: {
        SNIPER_MODE: "sim",
        SNIPER_HTTP__PORT: "0",
        SNIPER_SIM__LAUNCH_RATE_PER_SEC: "4",
        SNIPER_DATA__DB_PATH: join(dir, "data", "sniper.db"),
        SNIPER_LOG__DIR: join(dir, "logs"),
        SNIPER_UI__BRIDGE_INTERVAL_MS: "20",
        SNIPER_UI__FEED_SIZE: "10000",
        // Room for ~10 bridge restarts a second with a short backoff (the same policy applies to trading).
        SNIPER_SUPERVISION__MAX_RESTARTS: "1000",
        SNIPER_SUPERVISION__WITHIN_MS: "60000",
        SNIPER_SUPERVISION__BACKOFF__INITIAL_MS: "5",
        SNIPER_SUPERVISION__BACKOFF__MAX_MS: "20",
      },
    });
    const logging = createLogging({ config: loaded.config, secrets: loaded.secrets, isTty: false });

    // The seam: the bridge's log feed throws while `crashing`, at most once per CRASH_EVERY_MS.
    let crashing = false;
    let nextCrashAt = 0;
    let crashes = 0;
    const since = logging.ring.since.bind(logging.ring);
    logging.ring.since = (seq, limit) => {
      const now = performance.now();
      if (crashing && now >= nextCrashAt) {
        nextCrashAt = now + CRASH_EVERY_MS;
        crashes++;
        throw new Error(`injected UI bridge crash ${crashes}`);
      }
      return since(seq, limit);
    };

    let statusUrl: string | undefined;
    let simHttp: string | undefined;
    const bot = await startBot({
      loaded,
      logging,
      onStatusUrl: (url) => (statusUrl = url),
      onSimReady: ({ httpUrl }) => (simHttp = httpUrl),
    });
    running = bot;
    const status = await until("the status URL", () => statusUrl, 15_000);
    const sim = await until("the simulated cluster", () => simHttp, 15_000);
    const db = openReadOnly(bot.config.data.dbPath);
    try {
      const referee = async (): Promise<RefereeMint[]> => {
        const res = await fetch(`${sim}/_sim/referee`);
        expect(res.status).toBe(200);
        const report = (await res.json()) as { mints: RefereeMint[]; dropped: { mints: number } };
        expect(report.dropped.mints).toBe(0);
        return report.mints.filter((m) => m.launch !== null);
      };
      const decided = (): Set<string> => new Set(db.query<{ mint: string }, []>("SELECT DISTINCT mint FROM decisions").all().map((r) => r.mint));
      const stored = (): Set<string> => new Set(db.query<{ mint: string }, []>("SELECT mint FROM launches").all().map((r) => r.mint));

      // Trading is live: a first launch has been decided.
      await until("a first decision", () => decided().size > 0, 20_000);
      // Launches that landed before the listener had subscribed were never notified to anyone (the cluster
      // starts its market before the bot subscribes); they are no concern of this test. Every other launch is.
      const early = new Set((await referee()).filter((m) => m.notifications.length === 0).map((m) => m.mint));
      const before = (await referee()).length;

      crashing = true;
      nextCrashAt = performance.now();
      await Bun.sleep(CRASH_FOR_MS);
      crashing = false;
      const crashesSeen = crashes;
      const seen = await referee();
      const launched = seen.filter((m) => !early.has(m.mint)).map((m) => m.mint);
      if (early.size > 0) console.info(`[ui-crash] ${early.size} launch(es) landed before the bot subscribed (never notified): not counted`);

      // Launches kept coming while the bridge was crashing, and every one of them has a decision row.
      expect(seen.length - before).toBeGreaterThanOrEqual(5);
      await until(
        "a decision row for every launch the referee saw",
        () => {
          const rows = decided();
          return launched.every((m) => rows.has(m));
        },
        15_000,
      ).catch((error: unknown) => {
        const rows = decided();
        const missing = seen.filter((m) => launched.includes(m.mint) && !rows.has(m.mint));
        throw new Error(`${String(error)}: missing ${JSON.stringify(missing)}`);
      });
      const launchRows = stored();
      expect(launched.filter((m) => !launchRows.has(m))).toEqual([]);

      // The bridge really crashed, about every 100 ms, and was restarted each time by the ui supervisor.
      expect(crashesSeen).toBeGreaterThanOrEqual(15);
      const restarts = await until(
        "the restart rows of the bridge",
        () => {
          const rows = db
            .query<{ actor_id: string; supervisor_id: string; n: number }, []>(
              "SELECT actor_id, supervisor_id, COUNT(*) AS n FROM actor_restarts GROUP BY actor_id, supervisor_id",
            )
            .all();
          const bridge = rows.find((r) => r.actor_id === "uiBridge")?.n ?? 0;
          return bridge >= crashesSeen - 2 ? rows : undefined;
        },
        10_000,
      );
      // Only the bridge restarted: nothing under or of the trading supervisor (nor anything else).
      expect(restarts.map((r) => `${r.supervisor_id}/${r.actor_id}`)).toEqual(["ui/uiBridge"]);
      const actors = bot.registry.list();
      const trading = actors.filter((a) => ["trading", "executor", "positions", "throttler", "listener"].includes(a.id));
      expect(trading.length).toBeGreaterThanOrEqual(5);
      for (const a of trading) expect({ id: a.id, restarts: a.restarts, status: a.status }).toEqual({ id: a.id, restarts: 0, status: "active" });
      expect(actors.find((a) => a.id === "uiBridge")?.restarts ?? 0).toBeGreaterThanOrEqual(crashesSeen - 2);

      // The feed catches up: every launch (the latest included) is in the UI state once the crashes stop.
      const latest = (await referee()).filter((m) => !early.has(m.mint)).map((m) => m.mint);
      const feed = await until(
        "the UI feed to show every launch",
        async () => {
          const res = await fetch(`${status}/api/feed`);
          if (res.status !== 200) return undefined;
          const body = (await res.json()) as { feed: FeedEntry[]; counters: { launches: number; launchesDropped: number } };
          const shown = new Set(body.feed.filter((f) => f.kind === "launch").map((f) => f.mint));
          return latest.every((m) => shown.has(m)) ? body : undefined;
        },
        10_000,
      );
      expect(feed.counters.launchesDropped).toBe(0);
      expect(feed.counters.launches).toBeGreaterThanOrEqual(latest.length);
      const launchSeqs = feed.feed.filter((f) => f.kind === "launch").map((f) => f.seq);
      expect(new Set(launchSeqs).size).toBe(launchSeqs.length);
    } finally {
      db.close();
    }

    bot.lifecycle.shutdown("test done");
    expect(await bot.done).toBe(0);
    running = undefined;
  }, 60_000);
});
