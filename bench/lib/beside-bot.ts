/**
 * The whole bot as a neighbour on the floor bot's core (`bun run bench:floor --beside-bot`): its own wallet,
 * its status page with an SSE client, its history, the same launches and trade flow, every launch
 * skipped at its filters. It stands for the rest of a bot whose hot path ran in a thread of its own: the
 * floor then shows what such a thread would measure beside it on a 2-core machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../src/runtime/free-port.ts";
import { benchWallet, botEnv } from "./bot-env.ts";
import { sseClient, startBotProc, waitListening } from "./bot-proc.ts";
import type { Host, LaunchSample } from "./host-protocol.ts";

/** More than any bench launch's dev buy (3 SOL), so the neighbour decodes, filters and records every launch and buys none. */
const SKIP_EVERY_LAUNCH = { SNIPER_FILTERS__DEV_BUY_MIN_LAMPORTS: "100000000000" };

/** What the neighbour did since `begin`: launches and TradeEvents its listener decoded, and buys of its wallet the referee saw (0 when it skipped them all). */
export interface BesideBotWork {
  launches_seen: number;
  trade_events_seen: number;
  bought: number;
}

/** A neighbour bot running against `host`; `stop` kills it and removes its data. */
export interface BesideBot {
  pid: number;
  /** Marks where the measured launches start (the background market's launches come before). */
  begin(): Promise<void>;
  work(): Promise<BesideBotWork>;
  stop(): void;
}

/** Funds a second bench wallet and starts the bot on it (pinned to the bot's core), with an SSE client on its status stream. */
export async function startBesideBot(host: Host): Promise<BesideBot> {
  const wallet = benchWallet(77);
  await host.call({ cmd: "fund", pubkey: wallet.address, lamports: String(10n ** 15n) });
  const dir = mkdtempSync(join(tmpdir(), "bench-beside-"));
  const bot = await startBotProc(botEnv({ httpUrl: host.httpUrl, wsUrl: host.wsUrl, dir, secret: wallet.secret, statusPort: freePort(), extra: SKIP_EVERY_LAUNCH }), process.cwd());
  try {
    await waitListening(bot);
  } catch (e) {
    bot.proc.kill(9);
    throw e;
  }
  const { statusUrl } = await bot.call<{ statusUrl: string }>("stats");
  const sse = sseClient(statusUrl);
  const seen = (): Promise<{ launch: number; trade: number }> => bot.call("count");
  let before = { launch: 0, trade: 0 };
  return {
    pid: bot.proc.pid,
    async begin() {
      before = await seen();
    },
    async work() {
      const now = await seen();
      const { samples } = await host.call<{ samples: LaunchSample[] }>({ cmd: "samples", wallet: wallet.address }, 300_000);
      return { launches_seen: now.launch - before.launch, trade_events_seen: now.trade - before.trade, bought: samples.filter((s) => s.notifyToSendMs !== null).length };
    },
    stop() {
      sse.close();
      bot.proc.kill(9);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
