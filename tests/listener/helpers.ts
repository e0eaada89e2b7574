/** Shared pieces of the listener tests: a recording sink, a waiter, a listener against a sim cluster. */
import { expect } from "bun:test";
import type { ChainEventSink, CurveCompleted, LaunchDetected, TradeObserved } from "../../src/pipeline/events.ts";
import { createFetchRpc, createListener, createListenerState, type Listener, type ListenerOptions } from "../../src/listener/index.ts";
import { seededRng } from "../../src/rng.ts";

export const CREATOR = "C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN";
export const TRADER = "Fswrw3tgQL597kCexxLEhft6a7Su4CDoqwRMqqj4BEp5";

/** A sink that keeps everything it got. */
export class RecordingSink implements ChainEventSink {
  launches: LaunchDetected[] = [];
  trades: TradeObserved[] = [];
  completes: CurveCompleted[] = [];
  launch(e: LaunchDetected): void {
    this.launches.push(e);
  }
  trade(e: TradeObserved): void {
    this.trades.push(e);
  }
  complete(e: CurveCompleted): void {
    this.completes.push(e);
  }
  /** Mint -> how many LaunchDetected carried it. */
  launchCounts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const l of this.launches) m.set(l.event.mint, (m.get(l.event.mint) ?? 0) + 1);
    return m;
  }
}

/** Polls `cond` every 5 ms until true or `ms` passed (then fails naming `what`). */
export async function waitFor(cond: () => boolean, ms = 5_000, what = "condition"): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

/** True when every ws client of the listener is open with its logs subscription acknowledged. */
export function subscribed(l: Listener): boolean {
  return l.clients.every((c) => c.stats.open) && l.state.stats.endpoints.every((e) => e.open);
}

/** Test-friendly listener options (fast backoff, seeded jitter, short settle) for a cluster. */
export function listenerFor(c: { httpUrl: string; wsUrl: string }, sink: ChainEventSink, extra: Partial<ListenerOptions> = {}): Listener {
  const wsUrls = extra.wsUrls ?? [c.wsUrl];
  return createListener({
    wsUrls,
    rpc: createFetchRpc(c.httpUrl),
    sink,
    state: extra.state ?? createListenerState(wsUrls, 1000),
    rng: seededRng(7),
    heartbeatMs: 5_000,
    backoff: { initialMs: 20, factor: 2, maxMs: 200, jitter: 0.5 },
    backfill: { settleMs: 150, pageLimit: 50, maxPages: 10, concurrency: 4, timeoutMs: 2_000 },
    repair: { retryMs: 40, retries: 20 },
    ...extra,
  });
}

/** Waits until the logs subscription of every endpoint was acknowledged (a frame round trip). */
export async function ready(l: Listener): Promise<void> {
  await waitFor(() => l.clients.every((c) => c.stats.open && c.stats.frames > 0), 5_000, "subscriptions");
  // The acks are the first frames; one more tick so both subscribe answers are in.
  await Bun.sleep(20);
  expect(l.clients.every((c) => c.stats.open)).toBe(true);
}
