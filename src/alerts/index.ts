// Public face of alert delivery: createAlerts() in the composition root; sinks and queues behind it.
export { type DeliveryPolicy, type DeliveryResult, realSleep, retryDelay, SinkQueue, type SinkStats, type Sleep } from "./delivery.ts";
export { AlertDispatcher } from "./dispatcher.ts";
export { AlertRing, type AlertsReadModel, createAlertsReadModel } from "./read-model.ts";
export { type Alerts, type AlertsSettings, configuredSinks, createAlerts, type CreateAlertsOptions, sinkWarnings } from "./service.ts";
export { alertRuleSchema, alertsSection } from "./settings.ts";
export { discordPayload, discordSink, DISCORD_COLORS, DISCORD_LIMITS, type DiscordPayload } from "./sinks/discord.ts";
export { type FetchLike, hostOf, postJson, retryAfterMs } from "./sinks/http.ts";
export { ALERT_LOG_MESSAGE, logSink } from "./sinks/log.ts";
export { storeSink } from "./sinks/store.ts";
export { TELEGRAM_API, TELEGRAM_TEXT_LIMIT, telegramPayload, telegramSink, type TelegramPayload } from "./sinks/telegram.ts";
export type { AlertLogger, AlertSink, AlertStore } from "./sinks/types.ts";
export { webhookPayload, webhookSink } from "./sinks/webhook.ts";
