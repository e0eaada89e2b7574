import { REDACTED, redactUrl } from "../config/redact.ts";
import type { Scrubber } from "./scrub.ts";
import { boundText } from "./text.ts";

/** Limits applied to every value logged. */
export interface SanitizeLimits {
  /** Max characters of a string field (token names are attacker-chosen). */
  maxString: number;
  /** Max characters of `msg` / `message`. */
  maxMessage: number;
  /** Max characters of a stack trace. */
  maxStack: number;
  /** Max nesting depth walked; deeper values become `"[depth]"`. */
  maxDepth: number;
  /** Max array items / object keys kept. */
  maxItems: number;
}

/** Default limits: 200-char fields, 1000-char messages, 4000-char stacks, depth 6, 50 items. */
export const DEFAULT_LIMITS: SanitizeLimits = { maxString: 200, maxMessage: 1000, maxStack: 4000, maxDepth: 6, maxItems: 50 };

const norm = (k: string) => k.toLowerCase().replace(/[-_ ]/g, "");

const SECRET_KEYS = new Set([
  "secret", "secretkey", "privatekey", "walletsecret", "password", "passphrase", "passwd", "token", "accesstoken",
  "refreshtoken", "authtoken", "bearertoken", "controltoken", "bottoken", "telegrambottoken", "apikey", "xapikey",
  "authorization", "proxyauthorization", "cookie", "setcookie", "mnemonic", "seedphrase", "webhookurl",
  "discordwebhookurl", "keypair",
]);
const SECRET_SUFFIXES = ["secret", "secretkey", "privatekey", "password", "apikey"];
const URL_KEYS = new Set(["url", "urls", "rpcurl", "rpcurls", "endpoint", "endpoints", "wsurl", "wsurls", "httpurl", "httpurls", "bundleurl"]);

/** True for a field name whose value is a secret wherever it appears (`privateKey`, `authorization`, `token`). */
export function isSecretKey(key: string): boolean {
  const k = norm(key);
  return SECRET_KEYS.has(k) || SECRET_SUFFIXES.some((s) => k.endsWith(s));
}

/** True for a field name holding a URL that may carry an API key (`url`, `rpcUrl`, `endpoint`). */
export function isUrlKey(key: string): boolean {
  return URL_KEYS.has(norm(key));
}

/** Walks values about to be logged: redacts by field name, scrubs secret values, bounds every string. */
export class Sanitizer {
  constructor(
    private readonly scrub: Scrubber,
    readonly limits: SanitizeLimits = DEFAULT_LIMITS,
  ) {}

  /** A string made safe: secrets removed first (so a cut can never leave half a secret), then bounded. */
  text(value: string, max = this.limits.maxString, keepNewlines = false): string {
    return boundText(this.scrub(value), max, keepNewlines);
  }

  /** Any value made safe to serialize; Errors become `{ type, message, stack, ... }`. */
  value(value: unknown, key = "", depth = 0): unknown {
    if (key !== "" && isSecretKey(key) && !isContainer(value)) return value === undefined ? undefined : REDACTED;
    if (key !== "" && isUrlKey(key)) {
      if (typeof value === "string") return this.text(redactUrl(value));
      if (Array.isArray(value)) return value.slice(0, this.limits.maxItems).map((v) => (typeof v === "string" ? this.text(redactUrl(v)) : this.value(v, "", depth + 1)));
    }
    switch (typeof value) {
      case "string": {
        const k = norm(key);
        if (k === "stack") return this.text(value, this.limits.maxStack, true);
        return this.text(value, k === "msg" || k === "message" ? this.limits.maxMessage : this.limits.maxString);
      }
      case "bigint":
        return value.toString();
      case "function":
      case "symbol":
        return undefined;
      case "object":
        break;
      default:
        return value;
    }
    if (value === null) return null;
    if (depth >= this.limits.maxDepth) return "[depth]";
    if (value instanceof Error) return this.error(value, depth);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `<${value.byteLength} bytes>`;
    if (value instanceof Map || value instanceof Set) return `[${value.constructor.name} size=${value.size}]`;
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return this.value((toJSON as () => unknown).call(value), key, depth + 1);
    if (Array.isArray(value)) {
      const items = value.slice(0, this.limits.maxItems).map((v) => this.value(v, "", depth + 1));
      if (value.length > this.limits.maxItems) items.push(`…[+${value.length - this.limits.maxItems} items]`);
      return items;
    }
    return this.object(value as Record<string, unknown>, depth);
  }

  /** An object's own enumerable fields, each made safe (keys bounded too). */
  object(obj: Record<string, unknown>, depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const k of Object.keys(obj)) {
      if (n++ >= this.limits.maxItems) {
        out["…"] = `+${Object.keys(obj).length - this.limits.maxItems} keys`;
        break;
      }
      const v = this.value(obj[k], k, depth + 1);
      if (v !== undefined) out[this.text(k, 64)] = v;
    }
    return out;
  }

  /** An Error as a plain object: type, message, stack, own fields (SniperError kind/details), cause chain. */
  error(err: Error, depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {
      type: this.text(err.name || err.constructor?.name || "Error", 64),
      message: this.text(String(err.message), this.limits.maxMessage),
    };
    if (typeof err.stack === "string") out.stack = this.text(err.stack, this.limits.maxStack, true);
    for (const k of Object.keys(err)) {
      if (k === "name" || k === "message" || k === "stack" || k === "cause") continue;
      const v = this.value((err as unknown as Record<string, unknown>)[k], k, depth + 1);
      if (v !== undefined) out[this.text(k, 64)] = v;
    }
    if (err.cause !== undefined) out.cause = this.value(err.cause, "cause", depth + 1);
    return out;
  }
}

function isContainer(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !ArrayBuffer.isView(value) && !(value instanceof Error);
}
