import type { Alert } from "../domain/alerts/index.ts";
import type { DeliveryResult, SinkQueue, SinkStats } from "./delivery.ts";

/** Fans alerts out to the sink queues: routing by the rule's `sinks` and each sink's minimum severity. */
export class AlertDispatcher {
  constructor(private readonly queues: readonly SinkQueue[]) {}

  /** Names of the configured sinks. */
  get sinkNames(): string[] {
    return this.queues.map((q) => q.name);
  }

  /** Queues the alert on every sink it is routed to; returns at once (never awaits the network). */
  emit(alert: Alert): void {
    for (const q of this.route(alert)) q.enqueue(alert);
  }

  /** Delivers one alert to every sink (ignoring routing and severity) and waits for each outcome. */
  test(alert: Alert): Promise<DeliveryResult[]> {
    return Promise.all(this.queues.map((q) => q.deliverNow(alert)));
  }

  /** Counters per sink. */
  stats(): SinkStats[] {
    return this.queues.map((q) => q.stats());
  }

  /** Resolves once every queue is empty with nothing in flight. */
  async idle(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.idle()));
  }

  /** Waits until every queue is empty or `timeoutMs` passed; true when all drained (shutdown flush). */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.idle().then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops every queue: in-flight attempts are aborted, waiting alerts counted as dropped. */
  stop(): void {
    for (const q of this.queues) q.stop();
  }

  private route(alert: Alert): SinkQueue[] {
    const wanted = alert.sinks === undefined ? undefined : new Set(alert.sinks);
    return this.queues.filter((q) => (wanted === undefined || wanted.has(q.name)) && q.accepts(alert));
  }
}
