/**
 * `bun run alert:test`: loads the config, sends one test alert to every configured sink (ignoring rule
 * routing and severity filters), waits for each outcome and prints one line per sink. The `store` sink
 * writes the history database only when no bot runs on it (see alert-store.ts); otherwise its line says
 * why it is skipped. Exit 0 when every sink accepted it or was skipped, 1 when any failed or none was
 * tested, 2 for an invalid config.
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
import { openAlertTestStore, type StoreUnavailable } from "./alert-store.ts";

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
  /** Why the enabled `store` sink has no `store` here (printed as its line). */
  storeUnavailable?: StoreUnavailable;
  clock?: Clock;
  telegramBaseUrl?: string;
}

/** The line of a store sink the command cannot write to. */
export function unavailableLine(unavailable: StoreUnavailable): string {
  return `store: ${unavailable.failed ? "failed" : "skipped"}: ${unavailable.reason}`;
}

/**
 * Sends the test alert to every configured sink; `ok` is false when any sink failed or none was tested
 * (a skipped store sink is not a failure).
 */
export async function runAlertTest(options: AlertTestOptions): Promise<{ ok: boolean; lines: string[] }> {
  const alerts = createAlerts(options);
  try {
    const targets = new Map(alerts.dispatcher.stats().map((s) => [s.name, s.target]));
    const unavailable = options.settings.store.enabled && options.store === undefined ? options.storeUnavailable : undefined;
    const notes = unavailable === undefined ? [] : [unavailableLine(unavailable)];
    const warnings = alerts.warnings.map((w) => w.replace(/^(\w+): /, "$1: failed: "));
    if (targets.size === 0 && warnings.length === 0 && notes.length === 0) return { ok: false, lines: ["no alert sinks configured (enable [alerts.log] or [alerts.store], or set SNIPER_WEBHOOK_URL / SNIPER_DISCORD_WEBHOOK_URL / SNIPER_TELEGRAM_BOT_TOKEN)"] };
    const results = await alerts.dispatcher.test(testAlert(options.clock));
    const lines = results.map((r) => formatResult(r, targets.get(r.sink) ?? "-"));
    lines.splice(results.filter((r) => r.sink === "log").length, 0, ...notes); // where the store sink's line would be
    lines.push(...warnings);
    const failed = warnings.length > 0 || unavailable?.failed === true || results.some((r) => !r.ok);
    return { ok: results.length > 0 && !failed, lines };
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
  const settings = alertsSettingsOf(config);
  const opened = settings.store.enabled ? openAlertTestStore(config.data.dbPath) : undefined;
  const store = opened !== undefined && "store" in opened ? opened : undefined;
  try {
    const { ok, lines } = await runAlertTest({
      settings,
      secrets,
      logger: logging.child("alert-test"),
      ...(store !== undefined ? { store: store.store } : {}),
      ...(opened !== undefined && !("store" in opened) ? { storeUnavailable: opened } : {}),
    });
    for (const line of lines) process.stdout.write(`${line}\n`);
    return ok ? 0 : 1;
  } catch (e) {
    // A rule the schema accepts but that is inconsistent (re-arm on the wrong side of the trigger ...).
    if (!(e instanceof SniperError && e.kind === "config")) throw e;
    process.stderr.write(`invalid config: ${e.message}\n`);
    return 2;
  } finally {
    store?.close();
    await logging.close();
  }
}

if (import.meta.main) process.exitCode = await main();
