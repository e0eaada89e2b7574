import { afterEach, describe, expect, test } from "bun:test";
import { alertsSection, type AlertsSettings, createAlerts } from "../../src/alerts/index.ts";
import type { Alert } from "../../src/domain/alerts/index.ts";
import { SniperError } from "../../src/errors.ts";
import { captureLogger, hangingReceiver, receiver, sampleAlert, stopReceivers } from "./helpers.ts";

afterEach(stopReceivers);

const settings = (input: Record<string, unknown> = {}) => alertsSection.parse(input) as AlertsSettings;

describe("createAlerts", () => {
  test("sinks follow the secrets and switches; the store sink uses the injected AlertStore", async () => {
    const saved: Alert[] = [];
    const hook = receiver();
    const { logger } = captureLogger();
    const alerts = createAlerts({
      settings: settings({ discord: { enabled: false } }),
      secrets: { webhookUrl: `${hook.url}/w`, discordWebhookUrl: `${hook.url}/d` },
      logger,
      store: { saveAlert: (a) => void saved.push(a) },
    });
    expect(alerts.dispatcher.sinkNames).toEqual(["log", "store", "webhook"]);
    const alert = sampleAlert();
    alerts.publish(alert);
    expect(alerts.readModel.recentAlerts(1)).toEqual([alert]);
    expect(await alerts.close(2000)).toBe(true);
    expect(saved).toEqual([alert]);
    expect(hook.received).toHaveLength(1);
  });

  test("flush(signal) drains, and gives up (stopping the queues) when the signal aborts", async () => {
    const hang = hangingReceiver();
    const { logger } = captureLogger();
    const alerts = createAlerts({ settings: settings({ delivery: { timeoutMs: 60_000 } }), secrets: { webhookUrl: `${hang.url}/w` }, logger });
    alerts.publish(sampleAlert());
    alerts.publish(sampleAlert());
    const t0 = performance.now();
    await alerts.flush(AbortSignal.timeout(100));
    expect(performance.now() - t0).toBeLessThan(1000);
    const webhook = alerts.readModel.sinkStats().find((s) => s.name === "webhook");
    expect(webhook).toMatchObject({ sent: 0, dropped: 1 });
  });

  test("an inconsistent rule is a config error naming the field", () => {
    const { logger } = captureLogger();
    const bad = settings({ rules: [{ kind: "balance_below", floorLamports: 10, rearmLamports: 5 }] });
    expect(() => createAlerts({ settings: bad, secrets: {}, logger })).toThrow(SniperError);
    expect(() => createAlerts({ settings: bad, secrets: {}, logger })).toThrow("alerts.rules[0].rearmLamports");
  });
});
