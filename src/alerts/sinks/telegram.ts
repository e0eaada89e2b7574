import type { Alert } from "../../domain/alerts/index.ts";
import { type FetchLike, hostOf, postJson } from "./http.ts";
import { escapeHtml, severityLabel } from "./text.ts";
import type { AlertSink } from "./types.ts";

/** Telegram's limit on a message text (characters after entity parsing; we count the raw HTML, stricter). */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** The Bot API host. */
export const TELEGRAM_API = "https://api.telegram.org";

/** The sendMessage body. */
export interface TelegramPayload {
  chat_id: string;
  text: string;
  parse_mode: "HTML";
  disable_web_page_preview: true;
}

/** The sendMessage body of an alert: HTML-escaped (token names are attacker-chosen), within 4096 characters. */
export function telegramPayload(alert: Alert, chatId: string): TelegramPayload {
  const head = `<b>[${severityLabel(alert.severity)}] ${escapeHtml(alert.rule, 200)}</b>\n${escapeHtml(alert.message, 2000)}`;
  let text = head;
  for (const [k, v] of [["key", alert.key], ...Object.entries(alert.details)] as [string, unknown][]) {
    const line = `\n<b>${escapeHtml(k, 100)}</b>: <code>${escapeHtml(String(v), 400)}</code>`;
    if (text.length + line.length > TELEGRAM_TEXT_LIMIT) break;
    text += line;
  }
  return { chat_id: chatId, text, parse_mode: "HTML", disable_web_page_preview: true };
}

/** Options of telegramSink: the Bot API base URL is injectable for tests. */
export interface TelegramSinkOptions {
  baseUrl?: string;
  fetch?: FetchLike;
  now?: () => number;
}

/** Sends each alert with the Bot API's sendMessage (SNIPER_TELEGRAM_BOT_TOKEN + alerts.telegram.chatId). */
export function telegramSink(botToken: string, chatId: string, options: TelegramSinkOptions = {}): AlertSink {
  const base = (options.baseUrl ?? TELEGRAM_API).replace(/\/+$/, "");
  const url = `${base}/bot${botToken}/sendMessage`;
  const { fetch, now } = options;
  return {
    name: "telegram",
    target: hostOf(base),
    secrets: [botToken, url],
    send: (alert, signal) => postJson(url, telegramPayload(alert, chatId), { signal, ...(fetch ? { fetch } : {}), ...(now ? { now } : {}) }),
  };
}
