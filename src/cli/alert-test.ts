/**
 * `bun run alert:test`: loads the config, sends one test alert to every configured sink (ignoring rule
 * routing and severity filters), waits for each outcome and prints one line per sink. Exit 0 when every
 * sink accepted it, 1 when any failed, 2 for an invalid config.
 */
import { type Clock, systemClock } from "../clock.ts";
import { SniperError } from "../errors.ts";
import { ConfigError, type Config, formatConfigError, loadConfig, type Secrets } from "../config/index.ts";
import { createLogging } from "../log/index.ts";
import type { Alert } from "../domain/alerts/index.ts";
import { type AlertsSettings, createAlerts } from "../alerts/service.ts";
import { alertsSection } from "../alerts/settings.ts";
import type { AlertLogger, AlertStore } from "../alerts/sinks/types.ts";
import type { DeliveryResult } from "../alerts/delivery.ts";

/** The `[alerts]` section of a loaded config, or its defaults while the section is not in the schema yet. */
export function alertsSettingsOf(config: Config): AlertsSettings {
  const section = (config as unknown as { alerts?: AlertsSettings }).alerts;
  return section ?? (alertsSection.parse(undefined) as AlertsSettings);
}

/** The alert the command sends. */
export function testAlert(clock: Clock = systemClock): Alert {
  const at = clock.now();
  return {
    id: `alert-test:${at}`,
    rule: "alert-test",
    kind: "test",
    severity: "info",
    key: "global",
    message: "Test alert from pump-sniper: delivery works.",
    details: { source: "bun run alert:test" },
    at,
  };
}

/** One printed line for a sink's outcome. */
export function formatResult(result: DeliveryResult, target: string): string {
  const where = target === "-" ? result.sink : `${result.sink} (${target})`;
  const ms = Math.round(result.ms);
  return result.ok
    ? `${where}: ok in ${ms} ms`
    : `${where}: failed: ${result.error ?? "unknown"} (${result.attempts} attempt${result.attempts === 1 ? "" : "s"}, ${ms} ms)`;
}

/** What runAlertTest needs. */
export interface AlertTestOptions {
  settings: AlertsSettings;
  secrets: Secrets;
  logger: AlertLogger;
  store?: AlertStore;
  clock?: Clock;
  telegramBaseUrl?: string;
}

/** Sends the test alert to every configured sink; `ok` is false when any sink failed or none is configured. */
export async function runAlertTest(options: AlertTestOptions): Promise<{ ok: boolean; lines: string[] }> {
  const alerts = createAlerts(options);
  try {
    const targets = new Map(alerts.dispatcher.stats().map((s) => [s.name, s.target]));
    const warnings = alerts.warnings.map((w) => w.replace(/^(\w+): /, "$1: failed: "));
    if (targets.size === 0 && warnings.length === 0) return { ok: false, lines: ["no alert sinks configured (enable [alerts.log] or set SNIPER_WEBHOOK_URL / SNIPER_DISCORD_WEBHOOK_URL / SNIPER_TELEGRAM_BOT_TOKEN)"] };
    const results = await alerts.dispatcher.test(testAlert(options.clock));
    const lines = [...results.map((r) => formatResult(r, targets.get(r.sink) ?? "-")), ...warnings];
    return { ok: warnings.length === 0 && results.every((r) => r.ok), lines };
  } finally {
    alerts.dispatcher.stop();
  }
}

async function main(): Promise<number> {
  let loaded;
  try {
    loaded = loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${formatConfigError(e)}\n`);
    return 2;
  }
  const { config, secrets } = loaded;
  const logging = createLogging({ config, secrets, isTty: false, exitHook: false });
  try {
    const { ok, lines } = await runAlertTest({ settings: alertsSettingsOf(config), secrets, logger: logging.child("alert-test") });
    for (const line of lines) process.stdout.write(`${line}\n`);
    return ok ? 0 : 1;
  } catch (e) {
    // A rule the schema accepts but that is inconsistent (re-arm on the wrong side of the trigger ...).
    if (!(e instanceof SniperError && e.kind === "config")) throw e;
    process.stderr.write(`invalid config: ${e.message}\n`);
    return 2;
  } finally {
    await logging.close();
  }
}

if (import.meta.main) process.exitCode = await main();
