/**
 * One delivery queue per sink: bounded (drop oldest + count when full), one worker that sends in order,
 * a timeout per attempt, retries with exponential backoff (or the server's Retry-After) up to a bound.
 * `enqueue` never waits on the network, so a slow or dead sink only ever delays its own queue.
 */
import type { Clock } from "../clock.ts";
import { SniperError, toError } from "../errors.ts";
import type { Alert, Severity } from "../domain/alerts/index.ts";
import { SEVERITIES } from "../domain/alerts/index.ts";
import type { AlertSink } from "./sinks/types.ts";

/** How one sink is delivered to. */
export interface DeliveryPolicy {
  timeoutMs: number;
  /** Retries after the first attempt (0 = one attempt). */
  retries: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Alerts waiting beyond this many are dropped, oldest first. */
  queueBound: number;
  /** Alerts below this severity are not sent to the sink. */
  minSeverity: Severity;
}

/** Counters of one sink (the status page and `/api/alerts` show them). */
export interface SinkStats {
  name: string;
  target: string;
  sent: number;
  failed: number;
  dropped: number;
  retries: number;
  queueDepth: number;
  inFlight: boolean;
  lastError: string | null;
  lastErrorAt: number | null;
  lastSentAt: number | null;
}

/** Outcome of delivering one alert (after its retries). */
export interface DeliveryResult {
  sink: string;
  ok: boolean;
  attempts: number;
  /** Sanitised reason (no URL, no token); absent when ok. */
  error?: string;
  ms: number;
}

/** Waits `ms` or until `signal` aborts (then rejects). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** setTimeout-based sleep that stops early on abort. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });

/** Delay before retry `attempt` (1-based): initial x 2^(attempt-1), at least the server's Retry-After, capped. */
export function retryDelay(policy: Pick<DeliveryPolicy, "backoffInitialMs" | "backoffMaxMs">, attempt: number, retryAfterMs?: number): number {
  const backoff = policy.backoffInitialMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(policy.backoffMaxMs, Math.max(backoff, retryAfterMs ?? 0));
}

const MAX_ERROR_TEXT = 300;

/** Dependencies of a queue. */
export interface QueueDeps {
  clock: Clock;
  sleep?: Sleep;
  /** Told each final outcome (e.g. to log failures: sink name and reason only). */
  onResult?: (result: DeliveryResult, alert: Alert) => void;
}

/** The bounded, retrying delivery queue of one sink. */
export class SinkQueue {
  private readonly queue: Alert[] = [];
  private readonly stopper = new AbortController();
  private readonly sleep: Sleep;
  private running = false;
  private counters = { sent: 0, failed: 0, dropped: 0, retries: 0 };
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;
  private lastSentAt: number | null = null;
  private idleWaiters: Array<() => void> = [];

  constructor(
    readonly sink: AlertSink,
    readonly policy: DeliveryPolicy,
    private readonly deps: QueueDeps,
  ) {
    this.sleep = deps.sleep ?? realSleep;
  }

  /** The sink's name. */
  get name(): string {
    return this.sink.name;
  }

  /** True when the alert's severity reaches the sink's minimum. */
  accepts(alert: Alert): boolean {
    return SEVERITIES.indexOf(alert.severity) >= SEVERITIES.indexOf(this.policy.minSeverity);
  }

  /** Queues the alert and returns at once; when full, the oldest waiting alert is dropped and counted. */
  enqueue(alert: Alert): void {
    if (this.stopper.signal.aborted) {
      this.counters.dropped++;
      return;
    }
    this.queue.push(alert);
    while (this.queue.length > this.policy.queueBound) {
      this.queue.shift();
      this.counters.dropped++;
    }
    if (!this.running) void this.work();
  }

  /** Delivers one alert now, outside the queue, with the same timeout and retries (the `alert:test` CLI). */
  deliverNow(alert: Alert): Promise<DeliveryResult> {
    return this.deliver(alert);
  }

  /** Counters and state of this sink. */
  stats(): SinkStats {
    return {
      name: this.sink.name,
      target: this.sink.target,
      ...this.counters,
      queueDepth: this.queue.length,
      inFlight: this.running,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      lastSentAt: this.lastSentAt,
    };
  }

  /** Resolves when the queue is empty and nothing is in flight. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Aborts the attempt in flight and any backoff wait; alerts still queued are counted as dropped. */
  stop(): void {
    this.counters.dropped += this.queue.length;
    this.queue.length = 0;
    this.stopper.abort(new SniperError("transient", "alert delivery stopped"));
  }

  private async work(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.stopper.signal.aborted) {
        const alert = this.queue.shift() as Alert;
        await this.deliver(alert);
      }
    } finally {
      this.running = false;
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  // Never rejects: every failure becomes a result.
  private async deliver(alert: Alert): Promise<DeliveryResult> {
    const started = this.deps.clock.monotonic();
    const { retries, timeoutMs } = this.policy;
    let attempts = 0;
    let error = "";
    for (;;) {
      attempts++;
      let retryAfter: number | undefined;
      try {
        await this.attempt(alert, timeoutMs);
        this.counters.sent++;
        this.lastSentAt = this.deps.clock.now();
        return this.finish(alert, { sink: this.name, ok: true, attempts, ms: this.deps.clock.monotonic() - started });
      } catch (thrown) {
        const e = toError(thrown);
        error = this.scrub(e.message);
        const retryable = !(e instanceof SniperError && e.kind === "rejected") && !this.stopper.signal.aborted;
        if (e instanceof SniperError && typeof e.details.retryAfterMs === "number") retryAfter = e.details.retryAfterMs;
        if (!retryable || attempts > retries) break;
      }
      this.counters.retries++;
      try {
        await this.sleep(retryDelay(this.policy, attempts, retryAfter), this.stopper.signal);
      } catch {
        // Stopped during the backoff: the last real reason stays the error.
        break;
      }
    }
    this.counters.failed++;
    this.lastError = error;
    this.lastErrorAt = this.deps.clock.now();
    return this.finish(alert, { sink: this.name, ok: false, attempts, error, ms: this.deps.clock.monotonic() - started });
  }

  // One attempt under a timeout, even for a sink that ignores its signal.
  private attempt(alert: Alert, timeoutMs: number): Promise<void> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([this.stopper.signal, timeout]);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(timeout.aborted ? new SniperError("transient", `timed out after ${timeoutMs} ms`) : new SniperError("transient", "alert delivery stopped"));
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      let sending: Promise<void>;
      try {
        sending = this.sink.send(alert, signal);
      } catch (thrown) {
        sending = Promise.reject(thrown);
      }
      sending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  private finish(alert: Alert, result: DeliveryResult): DeliveryResult {
    try {
      this.deps.onResult?.(result, alert);
    } catch {
      // A failing observer must not stop delivery.
    }
    return result;
  }

  private scrub(message: string): string {
    let text = message;
    for (const secret of this.sink.secrets) if (secret.length >= 4) text = text.split(secret).join("<redacted>");
    return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
  }
}
