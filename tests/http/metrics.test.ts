import { describe, expect, test } from "bun:test";
import { createMetrics } from "../../src/http/metrics.ts";
import { fullApp } from "./helpers.ts";

// Prometheus text exposition format 0.0.4: comments, then `name{label="value",...} value [timestamp]`.
const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
const SAMPLE = new RegExp(`^(${NAME})(\\{(?:${LABEL})(?:,${LABEL})*,?\\})? (-?(?:\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?|NaN|\\+Inf|-Inf))( -?\\d+)?$`);
const HELP = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);

/** Parses exposition text; throws on any malformed line; returns samples by full series text. */
function parseProm(text: string): { types: Map<string, string>; samples: Map<string, number> } {
  const types = new Map<string, string>();
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const t = TYPE.exec(line);
    if (t) {
      types.set(t[1]!, t[2]!);
      continue;
    }
    if (HELP.test(line)) continue;
    const s = SAMPLE.exec(line);
    if (!s) throw new Error(`not Prometheus text: ${JSON.stringify(line)}`);
    const base = s[1]!.replace(/_(bucket|sum|count)$/, "");
    if (!types.has(s[1]!) && !types.has(base)) throw new Error(`sample before its TYPE: ${line}`);
    samples.set(`${s[1]}${s[2] ?? ""}`, Number(s[3]));
  }
  return { types, samples };
}

describe("/metrics", () => {
  test("exposes launches, decisions, send latency, confirmations, failures, restarts, queue depths as valid text", async () => {
    const { app, metrics, ui } = fullApp();
    metrics.launches.inc();
    metrics.launches.inc();
    metrics.decisions.inc({ action: "buy" });
    metrics.decisions.inc({ action: "skip", reason: 'name "quoted"\nnewline' });
    metrics.sendLatency.observe(3.2);
    metrics.sendLatency.observe(120);
    metrics.confirmations.inc({ side: "buy" });
    metrics.failures.inc({ kind: "send" });
    metrics.restarts.inc({ supervisor: "ui", actor: "bridge" });
    metrics.trackQueue("executor.intents", () => 7);
    metrics.trackQueue("broken", () => {
      throw new Error("probe failed");
    });
    metrics.trackBloom("bought_mints", () => ({ entries: 12, falsePositiveRate: 0.25, falseMaybes: 3 }));
    metrics.trackBloom("broken", () => {
      throw new Error("probe failed");
    });
    for (let i = 0; i < 5000; i++) ui.cache.launch({ mint: "m", name: "n", symbol: "s", at: i });

    const res = await app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const { types, samples } = parseProm(await res.text());
    expect(types.get("sniper_launches_total")).toBe("counter");
    expect(types.get("sniper_send_latency_ms")).toBe("histogram");
    expect(types.get("sniper_queue_depth")).toBe("gauge");
    expect(samples.get("sniper_launches_total")).toBe(2);
    expect(samples.get('sniper_decisions_total{action="buy"}')).toBe(1);
    expect(samples.get("sniper_send_latency_ms_count")).toBe(2);
    expect(samples.get('sniper_send_latency_ms_bucket{le="5"}')).toBe(1);
    expect(samples.get('sniper_send_latency_ms_bucket{le="+Inf"}')).toBe(2);
    expect(samples.get('sniper_confirmations_total{side="buy"}')).toBe(1);
    expect(samples.get('sniper_failures_total{kind="send"}')).toBe(1);
    expect(samples.get('sniper_restarts_total{supervisor="ui",actor="bridge"}')).toBe(1);
    expect(samples.get('sniper_queue_depth{queue="executor.intents"}')).toBe(7);
    expect(samples.get('sniper_queue_depth{queue="broken"}')).toBe(0);
    expect(samples.get('sniper_queue_depth{queue="ui.sse_clients"}')).toBe(0);
    expect(samples.get('sniper_dropped_total{buffer="ui.cache.launches"}')).toBe(5000 - 4096);
    expect(types.get("sniper_bloom_entries")).toBe("gauge");
    expect(types.get("sniper_bloom_false_maybes_total")).toBe("counter");
    expect(samples.get('sniper_bloom_entries{set="bought_mints"}')).toBe(12);
    expect(samples.get('sniper_bloom_false_positive_ratio{set="bought_mints"}')).toBe(0.25);
    expect(samples.get('sniper_bloom_false_maybes_total{set="bought_mints"}')).toBe(3);
    expect(samples.get('sniper_bloom_entries{set="broken"}')).toBe(0);
  });

  test("registries are independent (no global state between apps)", async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.launches.inc(5);
    expect(await b.text()).toContain("sniper_launches_total 0");
  });
});
