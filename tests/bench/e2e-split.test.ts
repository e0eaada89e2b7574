import { describe, expect, test } from "bun:test";
import { splitEndToEnd } from "../../bench/hot-path.ts";
import type { LaunchSample } from "../../bench/lib/host-protocol.ts";

const sample = (mint: string, notifiedAt: number | null, notifyToSendMs: number | null): LaunchSample => ({
  mint,
  notifiedAt,
  notifyToSendMs,
  rpcCalls: 0,
  rpcMethods: {},
  buyLanded: true,
  buyErr: null,
  buysReceived: 1,
  sellsReceived: 0,
  dumpToSellMs: null,
  dumped: false,
  sellsLanded: 0,
});

describe("bench: end to end split at the bot's stamps", () => {
  test("the three parts add up to the referee's end to end, per launch, across the two processes' clocks", () => {
    // Host clock origin 1,000,000 ms; a launch notified at host mono 500 (wall 1,000,500), bought 0.9 ms later.
    const host = 1_000_000;
    const samples = [sample("A", 500, 0.9), sample("B", 600, 2.0), sample("unseen", null, null), sample("not-bought-by-probe", 700, 1)];
    const bot: [string, number, number][] = [
      ["A", host + 500 + 0.1, host + 500 + 0.4], // 0.1 to the bot, 0.3 inside, 0.5 back
      ["B", host + 600 + 1.2, host + 600 + 1.5], // 1.2, 0.3, 0.5
    ];
    const s = splitEndToEnd(samples, host, bot);
    expect(s.cluster_to_bot.n).toBe(2);
    expect(s.cluster_to_bot.max).toBeCloseTo(1.2, 6);
    expect(s.cluster_to_bot.p50).toBeCloseTo(0.1, 6);
    expect(s.in_bot.p50).toBeCloseTo(0.3, 6);
    expect(s.bot_to_cluster.p50).toBeCloseTo(0.5, 6);
    expect(s.bot_to_cluster.max).toBeCloseTo(0.5, 6);
  });
});
