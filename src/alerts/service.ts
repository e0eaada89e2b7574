/**
 * The composition of alerts: sinks from the config and secrets, one queue per sink, the dispatcher, the
 * recent-alerts ring and the read model, and the input of the alerts actor. Built once by the composition
 * root; the queues and the ring outlive restarts of the actor.
 */
import type { z } from "zod";
import { type Clock, systemClock } from "../clock.ts";
import type { DeepReadonly } from "../config/schema.ts";
import type { Secrets } from "../config/secrets.ts";
import { type Alert, type AlertRule, compileRules, type RuleConfig } from "../domain/alerts/index.ts";
import type { AlertsActorInput } from "../actors/alerts.actor.ts";
import { type DeliveryPolicy, type DeliveryResult, type Sleep, SinkQueue } from "./delivery.ts";
import { AlertDispatcher } from "./dispatcher.ts";
import { AlertRing, type AlertsReadModel, createAlertsReadModel } from "./read-model.ts";
import type { alertsSection } from "./settings.ts";
import { discordSink } from "./sinks/discord.ts";
import type { FetchLike } from "./sinks/http.ts";
import { logSink } from "./sinks/log.ts";
import { storeSink } from "./sinks/store.ts";
import { telegramSink } from "./sinks/telegram.ts";
import type { AlertLogger, AlertSink, AlertStore } from "./sinks/types.ts";
import { webhookSink } from "./sinks/webhook.ts";

/** The `[alerts]` config section as loaded. */
export type AlertsSettings = DeepReadonly<z.output<typeof alertsSection>>;

/** Options of createAlerts. */
export interface CreateAlertsOptions {
  settings: AlertsSettings;
  /** Only the alert secrets are read: webhookUrl, discordWebhookUrl, telegramBotToken. */
  secrets: Pick<Secrets, "webhookUrl" | "discordWebhookUrl" | "telegramBotToken">;
  /** `logging.child("alerts")`: the log sink writes here, and delivery failures are reported here. */
  logger: AlertLogger;
  /** Persistence (the SQLite history store); without it there is no `store` sink. */
  store?: AlertStore;
  clock?: Clock;
  fetch?: FetchLike;
  /** Telegram Bot API base URL (tests point it at loopback). */
  telegramBaseUrl?: string;
  sleep?: Sleep;
  /** Every alert as it fires (the status page's state cache); must return at once. */
  onAlert?: (alert: Alert) => void;
}

/** Everything the bot needs from alerts. */
export interface Alerts {
  rules: AlertRule[];
  dispatcher: AlertDispatcher;
  ring: AlertRing;
  readModel: AlertsReadModel;
  /** Records an alert in the ring and queues it on its sinks; returns at once. */
  publish(alert: Alert): void;
  /** Input for the `alerts` child spec (`{ id: "alerts", logic: alertsActor, restart: "permanent", input: alerts.actorInput }`). */
  actorInput: AlertsActorInput;
  /** Shutdown: waits up to `timeoutMs` for the queues to drain, then stops them; true when all drained. */
  close(timeoutMs: number): Promise<boolean>;
  /** Shutdown flusher shape (`{ name: "alerts", flush: (s) => alerts.flush(s) }`): drains until `signal` aborts, then stops. */
  flush(signal: AbortSignal): Promise<void>;
  /** Why a sink with a secret set is still off (e.g. Telegram without a chat id); empty when none. */
  warnings: string[];
}

type SinkSettings = AlertsSettings["log"];

function policyOf(settings: AlertsSettings, sink: SinkSettings): DeliveryPolicy {
  const d = settings.delivery;
  return {
    timeoutMs: sink.timeoutMs ?? d.timeoutMs,
    retries: sink.retries ?? d.retries,
    backoffInitialMs: d.backoffInitialMs,
    backoffMaxMs: d.backoffMaxMs,
    queueBound: sink.queueBound ?? d.queueBound,
    minSeverity: sink.minSeverity,
  };
}

/** Why a sink whose secret is set stays off; empty when every such sink is on. */
export function sinkWarnings(settings: AlertsSettings, secrets: CreateAlertsOptions["secrets"]): string[] {
  if (settings.telegram.enabled && secrets.telegramBotToken !== undefined && settings.telegram.chatId === undefined) {
    return ["telegram: SNIPER_TELEGRAM_BOT_TOKEN is set but alerts.telegram.chatId is not: the telegram sink is off"];
  }
  return [];
}

/** The sinks the settings and secrets turn on, each with its delivery policy. */
export function configuredSinks(options: CreateAlertsOptions): Array<{ sink: AlertSink; policy: DeliveryPolicy }> {
  const { settings: s, secrets, logger } = options;
  const http = { ...(options.fetch ? { fetch: options.fetch } : {}), now: () => (options.clock ?? systemClock).now() };
  const out: Array<{ sink: AlertSink; policy: DeliveryPolicy }> = [];
  const add = (sink: AlertSink, cfg: SinkSettings) => out.push({ sink, policy: policyOf(s, cfg) });
  if (s.log.enabled) add(logSink(logger), s.log);
  if (s.store.enabled && options.store !== undefined) add(storeSink(options.store), s.store);
  if (s.webhook.enabled && secrets.webhookUrl !== undefined) add(webhookSink(secrets.webhookUrl, http), s.webhook);
  if (s.discord.enabled && secrets.discordWebhookUrl !== undefined) add(discordSink(secrets.discordWebhookUrl, http), s.discord);
  if (s.telegram.enabled && secrets.telegramBotToken !== undefined && s.telegram.chatId !== undefined) {
    const tg = { ...http, ...(options.telegramBaseUrl ? { baseUrl: options.telegramBaseUrl } : {}) };
    add(telegramSink(secrets.telegramBotToken, s.telegram.chatId, tg), s.telegram);
  }
  return out;
}

/** Builds the alerts of the bot from the `[alerts]` settings; throws a config SniperError for a bad rule. */
export function createAlerts(options: CreateAlertsOptions): Alerts {
  const { settings, logger } = options;
  const clock = options.clock ?? systemClock;
  const rules = compileRules(settings.rules as readonly RuleConfig[]);
  const onResult = (result: DeliveryResult, alert: Alert) => {
    // Sink name, host and a scrubbed reason only: never the URL or the token.
    if (!result.ok) logger.warn({ sink: result.sink, rule: alert.rule, attempts: result.attempts, reason: result.error }, "alert delivery failed");
  };
  const queues = configuredSinks(options).map(
    ({ sink, policy }) => new SinkQueue(sink, policy, { clock, onResult, ...(options.sleep ? { sleep: options.sleep } : {}) }),
  );
  const dispatcher = new AlertDispatcher(queues);
  const warnings = sinkWarnings(settings, options.secrets);
  for (const warning of warnings) logger.warn({ sink: "telegram" }, warning);
  const ring = new AlertRing(settings.recentBound);
  const publish = (alert: Alert) => {
    ring.push(alert);
    options.onAlert?.(alert);
    dispatcher.emit(alert);
  };
  return {
    rules,
    dispatcher,
    ring,
    readModel: createAlertsReadModel(ring, () => dispatcher.stats()),
    publish,
    actorInput: { rules, publish, clock, tickMs: settings.tickMs, enabled: settings.enabled },
    close: async (timeoutMs) => {
      const drained = await dispatcher.drain(timeoutMs);
      dispatcher.stop();
      return drained;
    },
    flush: async (signal) => {
      if (!signal.aborted) {
        const aborted = new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        await Promise.race([dispatcher.idle(), aborted]);
      }
      dispatcher.stop();
    },
    warnings,
  };
}
