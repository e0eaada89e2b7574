import type { Alert } from "../domain/alerts/index.ts";
import type { SinkStats } from "./delivery.ts";

/** What the status page and `GET /api/alerts` may read about alerts. */
export interface AlertsReadModel {
  /** The most recent alerts, newest first, at most `limit`. */
  recentAlerts(limit?: number): Alert[];
  /** Delivery counters per sink. */
  sinkStats(): SinkStats[];
}

/** A bounded ring of recent alerts (oldest overwritten first). */
export class AlertRing {
  private readonly items: Alert[] = [];
  constructor(readonly bound: number) {}

  /** Adds an alert, evicting the oldest beyond the bound. */
  push(alert: Alert): void {
    this.items.push(alert);
    if (this.items.length > this.bound) this.items.splice(0, this.items.length - this.bound);
  }

  /** Newest first, at most `limit`. */
  recent(limit = this.bound): Alert[] {
    const n = Math.max(0, Math.min(limit, this.items.length));
    return this.items.slice(this.items.length - n).reverse();
  }

  /** How many alerts are kept. */
  get size(): number {
    return this.items.length;
  }
}

/** The read model over a ring and the sink counters. */
export function createAlertsReadModel(ring: AlertRing, stats: () => SinkStats[]): AlertsReadModel {
  return {
    recentAlerts: (limit) => ring.recent(limit),
    sinkStats: stats,
  };
}
