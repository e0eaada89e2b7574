/**
 * The bot exactly as `bun run start` composes it (src/main.ts), plus a bench-only IPC channel to its
 * parent: listener counters, RSS, and a clean shutdown on request. Nothing here is on the hot path.
 */
import { resolveConfigOrExit } from "../../src/config/index.ts";
import { createLogging } from "../../src/log/index.ts";
import { installSignalHandlers } from "../../src/runtime/signals.ts";
import { startBot } from "../../src/bot.ts";
import { reportOf } from "../../src/machines/lifecycle.machine.ts";
import { liveHeapTypes } from "./heap-types.ts";

const loaded = resolveConfigOrExit(process.argv.slice(2), process.env, process.cwd());
const logging = createLogging({ config: loaded.config, secrets: loaded.secrets, isTty: false });
let statusUrl = "";
const bot = await startBot({ loaded, logging, onStatusUrl: (url) => (statusUrl = url) });
installSignalHandlers({
  onShutdown: (signal) => bot.lifecycle.shutdown(signal),
  exit: (code) => {
    logging.flushSync();
    process.exit(code);
  },
});
process.on("message", (raw: unknown) => {
  const m = raw as { id: number; cmd: string };
  if (m.cmd === "count") {
    // Cheap: two numbers (polled while the bot catches up; must not perturb it).
    const t = bot.trading.listenerState.stats.totals;
    let reconnects = 0;
    for (const e of (bot.trading.listenerState.stats as unknown as { endpoints: { reconnects: number }[] }).endpoints) reconnects += e.reconnects;
    process.send!({ id: m.id, ok: true, value: { trade: t.events.trade, launch: t.events.launch, reconnects, ordersInFlight: bot.trading.ordersInFlight() } });
  } else if (m.cmd === "mem") {
    const u = process.memoryUsage();
    const mb = (x: number): number => Math.round((x / 1048576) * 10) / 10;
    process.send!({ id: m.id, ok: true, value: { rss: mb(u.rss), heapUsed: mb(u.heapUsed), heapTotal: mb(u.heapTotal), external: mb(u.external), arrayBuffers: mb(u.arrayBuffers) } });
  } else if (m.cmd === "types") {
    process.send!({ id: m.id, ok: true, value: liveHeapTypes() });
  } else if (m.cmd === "stats") {
    const s = bot.trading.listenerState.stats as unknown as { snapshot?: () => unknown; totals?: unknown };
    process.send!({ id: m.id, ok: true, value: { listener: typeof s.snapshot === "function" ? (s.snapshot as (n: number) => unknown)(performance.now()) : s, rss: process.memoryUsage.rss(), statusUrl, phase: bot.lifecycle.actor.getSnapshot().context.phase } });
  } else if (m.cmd === "shutdown") {
    const t0 = performance.now();
    bot.lifecycle.shutdown("bench: shutdown");
    void bot.done.then((code) => {
      // The report says why a shutdown was not clean (a drainer still busy, a step that failed).
      const report = code === 0 ? null : reportOf(bot.lifecycle.actor.getSnapshot().context);
      process.send!({ id: m.id, ok: true, value: { code, ms: performance.now() - t0, report } });
      setTimeout(() => process.exit(code), 20);
    });
  }
});
process.send!({ id: 0, ok: true, value: { wallet: bot.trading.wallet } });
