import type { Alert } from "../../domain/alerts/index.ts";
import { type FetchLike, hostOf, postJson } from "./http.ts";
import { cut, escapeMarkdown, severityLabel } from "./text.ts";
import type { AlertSink } from "./types.ts";

/** Discord's documented limits (characters). */
export const DISCORD_LIMITS = { content: 2000, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, embedTotal: 6000 } as const;

/** Embed colour per severity. */
export const DISCORD_COLORS = { info: 0x3498db, warn: 0xf1c40f, critical: 0xe74c3c } as const;

/** One embed field. */
export interface DiscordField {
  name: string;
  value: string;
  inline: boolean;
}

/** The execute-webhook body: content, one embed, and no pings whatever the text says. */
export interface DiscordPayload {
  content: string;
  embeds: [{ title: string; description: string; color: number; fields: DiscordField[]; timestamp: string }];
  allowed_mentions: { parse: [] };
}

/** The Discord body of an alert, within every Discord limit; attacker text has its Markdown escaped. */
export function discordPayload(alert: Alert): DiscordPayload {
  const sev = severityLabel(alert.severity);
  const title = cut(`${sev} · ${escapeMarkdown(alert.rule)}`, DISCORD_LIMITS.title);
  const description = cut(escapeMarkdown(alert.message), DISCORD_LIMITS.description);
  let budget = DISCORD_LIMITS.embedTotal - title.length - description.length;
  const fields: DiscordField[] = [];
  const entries: [string, string][] = [["key", alert.key], ...Object.entries(alert.details).map(([k, v]): [string, string] => [k, String(v)])];
  for (const [k, v] of entries.slice(0, DISCORD_LIMITS.fields)) {
    const name = cut(escapeMarkdown(k), DISCORD_LIMITS.fieldName) || "-";
    const value = cut(escapeMarkdown(v), DISCORD_LIMITS.fieldValue) || "-";
    if (name.length + value.length > budget) break;
    budget -= name.length + value.length;
    fields.push({ name, value, inline: value.length <= 40 });
  }
  return {
    content: cut(`**[${sev}]** ${escapeMarkdown(alert.rule)}: ${escapeMarkdown(alert.message)}`, DISCORD_LIMITS.content),
    embeds: [{ title, description, color: DISCORD_COLORS[alert.severity], fields, timestamp: new Date(alert.at).toISOString() }],
    allowed_mentions: { parse: [] },
  };
}

/** Posts each alert to a Discord webhook URL (SNIPER_DISCORD_WEBHOOK_URL). */
export function discordSink(url: string, options: { fetch?: FetchLike; now?: () => number } = {}): AlertSink {
  return {
    name: "discord",
    target: hostOf(url),
    secrets: [url],
    send: (alert, signal) => postJson(url, discordPayload(alert), { signal, ...options }),
  };
}
