import { afterEach, describe, expect, test } from "bun:test";
import { type Alerts, alertsSection, type AlertsSettings, createAlerts } from "../../src/alerts/index.ts";
import { captureLogger, hangingReceiver, receiver, sampleAlert, stopReceivers, until } from "./helpers.ts";

const made: Alerts[] = [];
afterEach(async () => {
  for (const a of made.splice(0)) a.dispatcher.stop();
  await stopReceivers();
});

function settings(overrides: Record<string, unknown> = {}): AlertsSettings {
  return alertsSection.parse({ delivery: { timeoutMs: 200, retries: 1, backoffInitialMs: 10 }, telegram: { chatId: "42" }, ...overrides }) as AlertsSettings;
}

describe("secrets never leak", () => {
  test("webhook URL secrets and the bot token appear in no log line, stat, result or API view", async () => {
    const WEBHOOK_SECRET = "whsec-PLANTED-4f1d2c9e";
    const DISCORD_SECRET = "discord-PLANTED-77aa";
    const BOT_TOKEN = "123456:PLANTED-bot-token";
    const failing = receiver(() => new Response(`echo ${WEBHOOK_SECRET}`, { status: 500 }));
    const gone = receiver();
    await gone.stop(); // connection refused from now on
    const hang = hangingReceiver();
    const { logger, lines } = captureLogger();
    const alerts = createAlerts({
      settings: settings(),
      secrets: {
        webhookUrl: `${failing.url}/hooks/${WEBHOOK_SECRET}?token=${WEBHOOK_SECRET}`,
        discordWebhookUrl: `${gone.url}/api/webhooks/1/${DISCORD_SECRET}`,
        telegramBotToken: BOT_TOKEN,
      },
      logger,
      telegramBaseUrl: hang.url,
    });
    made.push(alerts);
    alerts.publish(sampleAlert());
    await until(() => alerts.dispatcher.stats().filter((s) => s.failed === 1).length === 3);
    const results = await alerts.dispatcher.test(sampleAlert());

    const everything = JSON.stringify({ lines, stats: alerts.readModel.sinkStats(), recent: alerts.readModel.recentAlerts(10), results });
    for (const secret of [WEBHOOK_SECRET, DISCORD_SECRET, BOT_TOKEN, "PLANTED"]) expect(everything).not.toContain(secret);
    // the host is all that is said about where it went
    const stats = Object.fromEntries(alerts.dispatcher.stats().map((s) => [s.name, s]));
    expect(stats.webhook?.target).toBe(failing.host);
    expect(stats.webhook?.lastError).toBe(`HTTP 500 from ${failing.host}`);
    expect(stats.discord?.lastError).toMatch(new RegExp(`^network error \\(\\w+\\) posting to ${gone.host.replace(/\./g, "\\.")}$`));
    expect(stats.telegram?.lastError).toMatch(/timed out/);
    expect(lines.some((l) => l.includes('"msg":"alert delivery failed"') && l.includes('"sink":"webhook"'))).toBe(true);
  });

  test("the log sink writes `Alert triggered` with rule, severity, key and details", async () => {
    const { logger, lines } = captureLogger();
    const alerts = createAlerts({ settings: settings(), secrets: {}, logger });
    made.push(alerts);
    alerts.publish(sampleAlert({ severity: "critical", rule: "floor", key: "global" }));
    await alerts.dispatcher.drain(1000);
    const record = JSON.parse(lines.find((l) => l.includes("Alert triggered")) ?? "{}") as Record<string, unknown>;
    expect(record).toMatchObject({ msg: "Alert triggered", level: 50, rule: "floor", severity: "critical", key: "global", details: { balanceLamports: "500000000" } });
  });
});
