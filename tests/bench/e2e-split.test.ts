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

describe("bench: the slowest launches' split", () => {
  test("from the p99's rank up: each part's median there, and which part was the largest in each", () => {
    const host = 0;
    const samples: LaunchSample[] = [];
    const bot: [string, number, number][] = [];
    const add = (mint: string, toBot: number, inBot: number, back: number): void => {
      const at = samples.length * 50;
      samples.push(sample(mint, at, toBot + inBot + back));
      bot.push([mint, at + toBot, at + toBot + inBot]);
    };
    for (let i = 0; i < 97; i++) add(`fast${i}`, 0.05, 0.3 + i / 1000, 0.05);
    add("slow-back", 0.1, 0.3, 2.0); // e2e 2.4: below the p99's rank (the 99th of 100)
    add("slow-to-bot", 2.1, 0.3, 0.1); // 2.5: the p99
    add("slowest-back", 0.1, 0.3, 2.6); // 3.0
    const { slowest } = splitEndToEnd(samples, host, bot);
    expect(slowest.n).toBe(2);
    expect(slowest.e2e_p50).toBeCloseTo(2.75, 6);
    expect(slowest.cluster_to_bot_p50).toBeCloseTo(1.1, 6);
    expect(slowest.in_bot_p50).toBeCloseTo(0.3, 6);
    expect(slowest.bot_to_cluster_p50).toBeCloseTo(1.35, 6);
    expect(slowest.largest).toEqual({ cluster_to_bot: 1, in_bot: 0, bot_to_cluster: 1 });
  });
});
