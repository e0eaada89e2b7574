import { describe, expect, test } from "bun:test";
import { Registry } from "prom-client";
import { registerListenerMetrics } from "../../src/listener/metrics.ts";
import { ListenerStats } from "../../src/listener/stats.ts";

describe("listener counters on /metrics", () => {
  test("are read from the live stats at scrape time, per endpoint, with keyed URLs cut to scheme://host:port", async () => {
    const stats = new ListenerStats(["wss://node.example:8900/KEY_PLANT_123?api-key=KEY_PLANT_456", "ws://127.0.0.1:8900"]);
    const registry = new Registry();
    registerListenerMetrics(registry, stats);
    const [a, b] = stats.endpoints;
    Object.assign(a!, { frames: 10, notifications: 8, jsonParsed: 3, firstSeen: 5, duplicates: 2, reconnects: 1 });
    a!.malformed.json = 4;
    b!.frames = 7;
    stats.totals.events.launch = 6;
    stats.totals.repaired = 2;
    const text = await registry.metrics();
    expect(text).not.toContain("KEY_PLANT");
    for (const line of [
      'sniper_listener_frames_total{endpoint="wss://node.example:8900"} 10',
      'sniper_listener_frames_total{endpoint="ws://127.0.0.1:8900"} 7',
      'sniper_listener_notifications_total{endpoint="wss://node.example:8900",read="canonical"} 5',
      'sniper_listener_notifications_total{endpoint="wss://node.example:8900",read="json"} 3',
      'sniper_listener_first_seen_total{endpoint="wss://node.example:8900"} 5',
      'sniper_listener_duplicates_total{endpoint="wss://node.example:8900"} 2',
      'sniper_listener_malformed_total{endpoint="wss://node.example:8900",kind="json"} 4',
      'sniper_listener_reconnects_total{endpoint="wss://node.example:8900"} 1',
      'sniper_listener_events_total{kind="launch"} 6',
      'sniper_listener_transactions_total{outcome="repaired"} 2',
    ]) expect(text).toContain(line);
    // A later scrape shows the counters as they are then (no double counting).
    a!.frames = 11;
    const again = await registry.metrics();
    expect(again).toContain('sniper_listener_frames_total{endpoint="wss://node.example:8900"} 11');
  });
});
