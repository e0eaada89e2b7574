/**
 * Ingest (issue item 1c): the highest sustained TradeEvents/s before the listener falls behind. The
 * cluster host re-delivers landed trade records with fresh signatures (real TradeEvent logs, no
 * execution) at a fixed rate for a few seconds per step; the bot (its own process, the whole trading
 * sink: gate, curves, positions, throttler, UI) must have taken every event within `maxLagMs` of the last
 * one being written, with no slow-consumer drop or reconnect. Steps go up until one fails.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../src/runtime/free-port.ts";
import { benchWallet, botEnv } from "./lib/bot-env.ts";
import { startBotProc, waitListening } from "./lib/bot-proc.ts";
import { startHost } from "./lib/host-protocol.ts";

export interface IngestStep {
  per_s: number;
  sent: number;
  received: number;
  send_ms: number;
  lag_ms: number;
  drops: number;
  ok: boolean;
}

export interface IngestResult {
  max_trade_events_per_s: number;
  steps: IngestStep[];
  step_seconds: number;
  max_lag_ms: number;
  /** True when even the highest step kept up: the bot's limit lies above what this run offered. */
  capped_by_steps: boolean;
}

export async function runIngest(o: { rates?: number[]; seconds?: number; maxLagMs?: number; seed?: number; log?: (s: string) => void } = {}): Promise<IngestResult> {
  const rates = o.rates ?? [5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000, 80_000, 100_000, 120_000];
  const seconds = o.seconds ?? 4;
  const maxLagMs = o.maxLagMs ?? 250;
  const log = o.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), "bench-ingest-"));
  const host = await startHost({ seed: o.seed ?? 5 });
  const w = benchWallet(77);
  await host.call({ cmd: "fund", pubkey: w.address, lamports: String(10n ** 15n) });
  await host.call({ cmd: "background", mints: 20, traders: 200, pool: 5000 });
  const bot = await startBotProc(botEnv({ httpUrl: host.httpUrl, wsUrl: host.wsUrl, dir, secret: w.secret, statusPort: freePort() }), process.cwd());
  const steps: IngestStep[] = [];
  try {
    await waitListening(bot);
    await Bun.sleep(500);
    const trades = async (): Promise<{ n: number; reconnects: number }> => {
      const s = await bot.call<{ trade: number; reconnects: number }>("count");
      return { n: s.trade, reconnects: s.reconnects };
    };
    for (const rate of rates) {
      const before = await trades();
      const r = await host.call<{ sent: number; ms: number; stats: { ws: { slowConsumerDrops: number } } }>({ cmd: "blast", perSec: rate, seconds }, 120_000);
      const end = performance.now();
      let after = await trades();
      while (after.n - before.n < r.sent && performance.now() - end < 5_000) {
        await Bun.sleep(20);
        after = await trades();
      }
      const lag = performance.now() - end;
      const received = after.n - before.n;
      const drops = r.stats.ws.slowConsumerDrops + (after.reconnects - before.reconnects);
      // The host may itself fall short of the rate: judge what was actually offered.
      const offered = (r.sent / r.ms) * 1000;
      const ok = received >= r.sent && lag <= maxLagMs && drops === 0 && offered >= rate * 0.9;
      steps.push({ per_s: rate, sent: r.sent, received, send_ms: Math.round(r.ms), lag_ms: Math.round(lag), drops, ok });
      log(`  ingest ${rate}/s: sent ${r.sent} in ${Math.round(r.ms)} ms, received ${received}, lag ${Math.round(lag)} ms, drops ${drops} -> ${ok ? "ok" : "behind"}`);
      if (!ok) break;
      await Bun.sleep(500);
    }
  } finally {
    await bot.call("shutdown", 20_000).catch(() => bot.proc.kill(9));
    await bot.proc.exited;
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const passed = steps.filter((s) => s.ok).map((s) => s.per_s);
  return { max_trade_events_per_s: passed.length ? Math.max(...passed) : 0, steps, step_seconds: seconds, max_lag_ms: maxLagMs, capped_by_steps: steps.length > 0 && steps.every((s) => s.ok) };
}

if (import.meta.main) console.log(JSON.stringify(await runIngest({ log: (s) => console.error(s) }), null, 2));
