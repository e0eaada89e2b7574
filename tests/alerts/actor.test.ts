import { afterEach, describe, expect, test } from "bun:test";
import type { AnyActorRef } from "xstate";
import { alertsActor, type AlertsActorInput, observe, restartObservation } from "../../src/actors/alerts.actor.ts";
import { createSupervisor, deliver, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import { type Alerts, alertsSection, type AlertsSettings, createAlerts } from "../../src/alerts/index.ts";
import { ManualClock } from "../../src/clock.ts";
import type { Alert } from "../../src/domain/alerts/index.ts";
import { captureLogger, hangingReceiver, stopReceivers, until } from "./helpers.ts";

const roots: AnyActorRef[] = [];
const made: Alerts[] = [];
afterEach(async () => {
  for (const r of roots.splice(0)) await shutdownTree(r);
  for (const a of made.splice(0)) a.dispatcher.stop();
  await stopReceivers();
});

function start(input: AlertsActorInput) {
  const errors: unknown[] = [];
  const root = startRootSupervisor(
    createSupervisor({ id: "root", backoff: { initialMs: 5, factor: 2, maxMs: 50 }, children: [{ id: "alerts", logic: alertsActor, restart: "permanent", input }] }),
    { onError: (e) => errors.push(e) },
  );
  roots.push(root);
  return { root, errors };
}

function alertsWith(rules: unknown[], extra: Record<string, unknown> = {}, secrets = {}): Alerts {
  const { logger } = captureLogger();
  const settings = alertsSection.parse({ rules, ...extra }) as AlertsSettings;
  const alerts = createAlerts({ settings, secrets, logger, clock: new ManualClock() });
  made.push(alerts);
  return alerts;
}

describe("alerts actor under a supervisor", () => {
  test("observations delivered through the supervisor become alerts in the ring and the sinks", async () => {
    const alerts = alertsWith([{ kind: "balance_below", name: "floor", floorLamports: 1_000_000_000, cooldownMs: 0 }]);
    const { root } = start({ ...alerts.actorInput, tickMs: 0 });
    deliver(root, "alerts", observe({ type: "balance", lamports: 2_000_000_000n }));
    deliver(root, "alerts", observe({ type: "balance", lamports: 900_000_000n, at: 5 }));
    deliver(root, "alerts", observe({ type: "balance", lamports: 800_000_000n }));
    await until(() => alerts.ring.size === 1);
    expect(alerts.readModel.recentAlerts(5)[0]).toMatchObject({ rule: "floor", at: 5, severity: "warn" });
    await until(() => alerts.readModel.sinkStats()[0]?.sent === 1);
  });

  test("the tick timer drives the feed-stall rule on the injected clock", async () => {
    const clock = new ManualClock(0);
    const alerts = alertsWith([{ kind: "feed_stalled", stallMs: 60_000 }]);
    start({ ...alerts.actorInput, clock, tickMs: 5 });
    await Bun.sleep(30);
    expect(alerts.ring.size).toBe(0);
    clock.advance(60_000);
    await until(() => alerts.ring.size === 1);
    await Bun.sleep(30);
    expect(alerts.ring.size).toBe(1); // still stalled: fires once
  });

  test("a crash is restarted by the supervisor and alerting goes on; restarts can feed the restart rule", async () => {
    const published: Alert[] = [];
    let crashes = 1;
    const alerts = alertsWith([{ kind: "loss_streak", count: 1, cooldownMs: 0 }]);
    const input: AlertsActorInput = {
      ...alerts.actorInput,
      tickMs: 0,
      publish: (alert) => {
        if (crashes-- > 0) throw new Error("publish bug");
        published.push(alert);
      },
    };
    const { root, errors } = start(input);
    deliver(root, "alerts", observe({ type: "trade.closed", pnlLamports: -1n }));
    await until(() => (root.getSnapshot().context as { restartCounts: Record<string, number> }).restartCounts.alerts === 1);
    deliver(root, "alerts", observe({ type: "trade.closed", pnlLamports: -1n }));
    await until(() => published.length === 1);
    expect(errors).toEqual([]);
    expect(restartObservation({ actorId: "alerts", supervisorId: "root", at: 7, reason: "x", count: 1 })).toEqual({ type: "actor.restarted", actorId: "alerts", at: 7 });
  });

  test("a dead sink never slows the actor: 1000 alerts are taken at once, the queue stays bounded", async () => {
    const hang = hangingReceiver();
    const alerts = alertsWith(
      [{ kind: "loss_streak", count: 1, cooldownMs: 0 }],
      { delivery: { timeoutMs: 10_000, retries: 0, queueBound: 10 }, log: { enabled: false } },
      { webhookUrl: `${hang.url}/x` },
    );
    const { root } = start({ ...alerts.actorInput, tickMs: 0 });
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) {
      deliver(root, "alerts", observe({ type: "trade.closed", pnlLamports: 1n }));
      deliver(root, "alerts", observe({ type: "trade.closed", pnlLamports: -1n }));
    }
    await until(() => alerts.ring.size === alerts.ring.bound);
    expect(performance.now() - t0).toBeLessThan(2000);
    const [stats] = alerts.readModel.sinkStats();
    expect(stats).toMatchObject({ name: "webhook", sent: 0, queueDepth: 10, inFlight: true, dropped: 989 });
  });
});
