/**
 * The bot's Prometheus metrics (prom-client, on a registry of its own, never the global one). The rest of
 * the bot only touches the tiny `Metrics` surface (`metrics.launches.inc()`,
 * `metrics.sendLatency.observe(ms)`, ...), each an O(1) in-memory update; queue depths are read through
 * probes only when /metrics is scraped, so nothing is computed on the trading path.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { BloomStats } from "../text-bloom.ts";

/** A counter without labels. */
export interface CounterPort {
  inc(value?: number): void;
}

/** A counter with labels. */
export interface LabeledCounterPort<L extends string> {
  inc(labels: Partial<Record<L, string>>, value?: number): void;
}

/** A histogram without labels (milliseconds). */
export interface HistogramPort {
  observe(value: number): void;
}

/** What the bot increments. */
export interface Metrics {
  /** `sniper_launches_total`: launches detected. */
  readonly launches: CounterPort;
  /** `sniper_decisions_total{action="buy"|"skip", reason}`. */
  readonly decisions: LabeledCounterPort<"action" | "reason">;
  /** `sniper_send_latency_ms`: launch seen -> transaction sent. */
  readonly sendLatency: HistogramPort;
  /** `sniper_confirmations_total{side}`. */
  readonly confirmations: LabeledCounterPort<"side">;
  /** `sniper_failures_total{kind}` (send, confirm, rpc, ws, decode ...). */
  readonly failures: LabeledCounterPort<"kind">;
  /** `sniper_restarts_total{supervisor, actor}`. */
  readonly restarts: LabeledCounterPort<"supervisor" | "actor">;
  /** Registers a probe read at scrape time: `sniper_queue_depth{queue=name}`. Replaces a probe of the same name. */
  trackQueue(name: string, depth: () => number): void;
  /** Registers a probe read at scrape time: `sniper_dropped_total{buffer=name}` (a monotonic count kept elsewhere). */
  trackDropped(name: string, dropped: () => number): void;
  /**
   * Registers a probe read at scrape time for a set kept as a Bloom filter over the database:
   * `sniper_bloom_entries{set}`, `sniper_bloom_false_positive_ratio{set}`, `sniper_bloom_false_maybes_total{set}`.
   */
  trackBloom(set: string, stats: () => BloomStats): void;
  /** The exposition in Prometheus text format. */
  text(): Promise<string>;
  /** Content type of `text()`. */
  readonly contentType: string;
  /** The underlying registry (to add metrics of your own). */
  readonly registry: Registry;
}

/** Send-latency buckets in ms: sub-ms to seconds. */
export const SEND_LATENCY_BUCKETS = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/** Options of createMetrics. */
export interface MetricsOptions {
  /** Metric name prefix. Default `sniper_`. */
  prefix?: string;
  /** Labels put on every series (e.g. `{ mode: "sim" }`). */
  defaultLabels?: Record<string, string>;
}

/** Creates the metrics on a fresh registry. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const prefix = options.prefix ?? "sniper_";
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  const queues = new Map<string, () => number>();
  const drops = new Map<string, () => number>();
  const blooms = new Map<string, () => BloomStats>();
  const readProbe = (probe: () => number): number => {
    try {
      const v = probe();
      return Number.isFinite(v) ? v : 0;
    } catch {
      return 0; // a broken probe must not break the scrape
    }
  };

  const launches = new Counter({ name: `${prefix}launches_total`, help: "Launches detected.", registers: [registry] });
  const decisions = new Counter({
    name: `${prefix}decisions_total`,
    help: "Buy / skip decisions about launches.",
    labelNames: ["action", "reason"] as const,
    registers: [registry],
  });
  const sendLatency = new Histogram({
    name: `${prefix}send_latency_ms`,
    help: "Launch seen to buy transaction sent, in milliseconds.",
    buckets: SEND_LATENCY_BUCKETS,
    registers: [registry],
  });
  const confirmations = new Counter({
    name: `${prefix}confirmations_total`,
    help: "Transactions confirmed.",
    labelNames: ["side"] as const,
    registers: [registry],
  });
  const failures = new Counter({ name: `${prefix}failures_total`, help: "Failures by kind.", labelNames: ["kind"] as const, registers: [registry] });
  const restarts = new Counter({
    name: `${prefix}restarts_total`,
    help: "Actor restarts by supervisor and actor.",
    labelNames: ["supervisor", "actor"] as const,
    registers: [registry],
  });
  /** One series per probe, read at scrape time: a gauge's value, or a counter's total kept elsewhere. */
  const scraped = <P>(kind: "gauge" | "counter", name: string, help: string, label: string, probes: Map<string, P>, read: (probe: P) => number): void => {
    const options = { name: `${prefix}${name}`, help, labelNames: [label], registers: [registry] };
    if (kind === "gauge") {
      new Gauge({
        ...options,
        collect() {
          this.reset();
          for (const [key, probe] of probes) this.set({ [label]: key }, readProbe(() => read(probe)));
        },
      });
    } else {
      new Counter({
        ...options,
        collect() {
          this.reset();
          for (const [key, probe] of probes) this.inc({ [label]: key }, Math.max(0, readProbe(() => read(probe))));
        },
      });
    }
  };
  scraped("gauge", "queue_depth", "Items waiting in each bounded queue, read at scrape time.", "queue", queues, (depth) => depth());
  scraped("counter", "dropped_total", "Items dropped by each bounded buffer's policy since start, read at scrape time.", "buffer", drops, (dropped) => dropped());
  scraped("gauge", "bloom_entries", "Texts added to each Bloom-filtered set (mints ever bought, creators who rugged), read at scrape time.", "set", blooms, (s) => s().entries);
  scraped("gauge", "bloom_false_positive_ratio", "Each Bloom filter's expected false-positive rate at its count (1 % at ~1.75 million).", "set", blooms, (s) => s().falsePositiveRate);
  scraped("counter", "bloom_false_maybes_total", "Lookups a Bloom filter answered maybe and the database no (one indexed query each), read at scrape time.", "set", blooms, (s) => s().falseMaybes);

  return {
    launches,
    decisions,
    sendLatency,
    confirmations,
    failures,
    restarts,
    trackQueue: (name, depth) => void queues.set(name, depth),
    trackDropped: (name, dropped) => void drops.set(name, dropped),
    trackBloom: (set, stats) => void blooms.set(set, stats),
    text: () => registry.metrics(),
    contentType: registry.contentType,
    registry,
  };
}
