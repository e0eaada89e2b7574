import bs58 from "bs58";
import { isUrl } from "./fields.ts";
import { isPlainObject } from "./paths.ts";
import type { ConfigIssue } from "./errors.ts";

/** Each secret and the one environment variable (or `.env` entry) it is read from. */
export const SECRET_ENV = {
  walletSecret: "SNIPER_WALLET_SECRET",
  controlToken: "SNIPER_CONTROL_TOKEN",
  webhookUrl: "SNIPER_WEBHOOK_URL",
  discordWebhookUrl: "SNIPER_DISCORD_WEBHOOK_URL",
  telegramBotToken: "SNIPER_TELEGRAM_BOT_TOKEN",
} as const;

/** Name of a secret. */
export type SecretName = keyof typeof SECRET_ENV;

/** The secrets of the process, kept apart from the plain config; frozen; unset secrets are absent. */
export type Secrets = Readonly<Partial<Record<SecretName, string>>>;

// Key names that mean "a secret was put here" when found in the config file, with the variable to use.
const SECRET_KEY_NAMES: Record<string, string> = {
  walletsecret: SECRET_ENV.walletSecret,
  secret: SECRET_ENV.walletSecret,
  secretkey: SECRET_ENV.walletSecret,
  privatekey: SECRET_ENV.walletSecret,
  walletkey: SECRET_ENV.walletSecret,
  keypair: SECRET_ENV.walletSecret,
  controltoken: SECRET_ENV.controlToken,
  token: SECRET_ENV.controlToken,
  authtoken: SECRET_ENV.controlToken,
  bearertoken: SECRET_ENV.controlToken,
  webhookurl: SECRET_ENV.webhookUrl,
  discordwebhookurl: SECRET_ENV.discordWebhookUrl,
  discordwebhook: SECRET_ENV.discordWebhookUrl,
  telegrambottoken: SECRET_ENV.telegramBotToken,
  telegramtoken: SECRET_ENV.telegramBotToken,
  bottoken: SECRET_ENV.telegramBotToken,
  password: "an environment variable",
  apikey: "an environment variable",
  mnemonic: "an environment variable",
  seedphrase: "an environment variable",
};

/** The environment variable a secret-looking config key belongs in, or undefined for ordinary keys. */
export function secretKeyHint(key: string): string | undefined {
  return SECRET_KEY_NAMES[key.toLowerCase().replace(/[-_]/g, "")];
}

// A 64-byte key as hex (the other 64-byte text form users paste; 32-byte values are not keys, see below).
const HEX_KEY = /^(0x)?[0-9a-f]{128}$/i;
// ... and as base64 (88 characters with its padding) or unpadded base64 / base64url (86).
const BASE64_KEY = /^(?:[A-Za-z0-9+/]{86}==|[A-Za-z0-9+/]{86}|[A-Za-z0-9_-]{86})$/;

function isKeyBytes(value: unknown): boolean {
  return Array.isArray(value) && value.length === 64 && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255);
}

/**
 * True for a value that looks like a Solana secret key (64 bytes): base58 (the SNIPER_WALLET_SECRET form; a
 * base58 signature is 64 bytes too and is refused alike), hex, base64, or the 64 numbers of a Solana CLI keypair
 * file, as an array or as its JSON text. 32-byte values are not: base58 of 32 bytes is a public key.
 */
export function looksLikeSecretKey(value: unknown): boolean {
  if (Array.isArray(value)) return isKeyBytes(value);
  if (typeof value !== "string") return false;
  const v = value.trim();
  if (HEX_KEY.test(v) || BASE64_KEY.test(v)) return true;
  if (v.startsWith("[") && v.endsWith("]")) {
    try {
      return isKeyBytes(JSON.parse(v));
    } catch {
      return false;
    }
  }
  if (v.length < 80 || v.length > 90) return false;
  try {
    return bs58.decode(v).length === 64;
  } catch {
    return false;
  }
}

// Secrets with a shape of their own, wherever they are pasted: a Discord webhook URL (its path holds the
// token) and a Telegram bot token (`<bot id>:<35 characters>`). A generic webhook URL has no such shape.
const SHAPED_SECRETS: readonly { shape: RegExp; what: string; env: string }[] = [
  { shape: /^https?:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[\w-]+/i, what: "a Discord webhook URL", env: SECRET_ENV.discordWebhookUrl },
  { shape: /^\d{5,12}:[A-Za-z0-9_-]{30,}$/, what: "a Telegram bot token", env: SECRET_ENV.telegramBotToken },
];

/** What secret a value's shape gives away (a Discord webhook URL, a Telegram bot token) and its variable, or undefined. */
export function shapedSecret(value: unknown): { what: string; env: string } | undefined {
  if (typeof value !== "string") return undefined;
  const v = value.trim();
  const hit = SHAPED_SECRETS.find((s) => s.shape.test(v));
  return hit === undefined ? undefined : { what: hit.what, env: hit.env };
}

/** True when `value`, or anything inside it (list items, table values, at any depth), looks like a secret key. */
export function holdsSecretKey(value: unknown): boolean {
  if (looksLikeSecretKey(value)) return true;
  if (Array.isArray(value)) return value.some(holdsSecretKey);
  return isPlainObject(value) && Object.values(value).some(holdsSecretKey);
}

/** Reads the secrets from the environment; malformed ones become issues that never quote the value. */
export function readSecrets(
  env: Readonly<Record<string, string | undefined>>,
  sourceOf: (name: string) => string,
): { secrets: Secrets; issues: ConfigIssue[] } {
  const secrets: Partial<Record<SecretName, string>> = {};
  const issues: ConfigIssue[] = [];
  for (const [name, variable] of Object.entries(SECRET_ENV) as [SecretName, string][]) {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === "") continue;
    const problem = checkSecret(name, raw);
    if (problem !== undefined) {
      issues.push({ path: variable, message: problem, source: sourceOf(variable), got: `<redacted, ${raw.length} chars>` });
      continue;
    }
    secrets[name] = raw;
  }
  return { secrets: Object.freeze(secrets), issues };
}

function checkSecret(name: SecretName, value: string): string | undefined {
  switch (name) {
    case "walletSecret": {
      let bytes: Uint8Array;
      try {
        bytes = bs58.decode(value);
      } catch {
        return "must be a base58-encoded 64-byte Solana secret key";
      }
      return bytes.length === 64 ? undefined : "must be a base58-encoded 64-byte Solana secret key";
    }
    case "webhookUrl":
    case "discordWebhookUrl":
      return isUrl(value, ["https", "http"]) ? undefined : "must be an http(s) URL";
    default:
      return undefined;
  }
}
