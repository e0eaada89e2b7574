import { REDACTED, redactUrl } from "../config/redact.ts";
import { isSecretKey } from "../log/sanitize.ts";

/** A JSON value: what a redacted context becomes. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Bounds of a redacted value. */
export interface RedactOptions {
  /** Nesting below this depth becomes "[depth]". */
  maxDepth?: number;
  /** Longer strings are cut and marked. */
  maxString?: number;
  /** Object keys and array items kept per level. */
  maxEntries?: number;
  /** Total nodes emitted for one value; the rest becomes "[truncated]". */
  maxNodes?: number;
}

/** Defaults: enough to read a context on a status page, small enough to never flood it. */
export const defaultRedactOptions: Required<RedactOptions> = { maxDepth: 5, maxString: 200, maxEntries: 50, maxNodes: 500 };

// One vocabulary for secrets across logs, config printing and inspection: the log sanitizer's.
export { REDACTED, isSecretKey };

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
const SECRET_PARAM = /\b(api[-_]?key|access[-_]?token|token|secret|password|auth)=([^&\s"']+)/gi;

/** Reduces URLs to scheme + host (the rest carries provider API keys), hides key=value secrets, then bounds the text. */
export function redactText(text: string, maxString = defaultRedactOptions.maxString): string {
  const clean = text.replace(URL_IN_TEXT, (url) => redactUrl(url)).replace(SECRET_PARAM, `$1=${REDACTED}`);
  return clean.length > maxString ? `${clean.slice(0, maxString)}…(+${clean.length - maxString})` : clean;
}

interface ActorRefShape {
  id: string;
  sessionId: string;
  send: unknown;
}
const isActorRef = (v: object): v is ActorRefShape =>
  typeof (v as ActorRefShape).sessionId === "string" && typeof (v as ActorRefShape).send === "function";

/**
 * A bounded JSON copy of `value` that is safe to show: secret-looking keys and URLs redacted, strings,
 * depth, entries and total size bounded, bigints as strings, actor refs as "@actor:<id>", bytes as a length.
 */
export function redact(value: unknown, options: RedactOptions = {}): Json {
  const o = { ...defaultRedactOptions, ...options };
  let nodes = 0;
  const seen = new WeakSet<object>();

  const walk = (v: unknown, depth: number): Json | undefined => {
    if (++nodes > o.maxNodes) return "[truncated]";
    switch (typeof v) {
      case "string":
        return redactText(v, o.maxString);
      case "number":
        return Number.isFinite(v) ? v : String(v);
      case "boolean":
        return v;
      case "bigint":
        return v.toString();
      case "undefined":
      case "function":
        return undefined;
      case "symbol":
        return v.toString();
    }
    if (v === null) return null;
    const obj = v as object;
    if (isActorRef(obj)) return `@actor:${obj.id}`;
    if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? "Invalid Date" : obj.toISOString();
    if (obj instanceof Error) return { name: obj.name, message: redactText(obj.message, o.maxString) };
    if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) return `[${obj.byteLength} bytes]`;
    if (typeof (obj as { toBase58?: unknown }).toBase58 === "function") {
      return String((obj as { toBase58(): string }).toBase58()); // Solana PublicKey: show the address
    }
    if (typeof (obj as { toJSON?: unknown }).toJSON === "function" && !seen.has(obj)) {
      // XState snapshots and similar know their own public shape; walk that instead of internals.
      seen.add(obj);
      try {
        return walk((obj as { toJSON(): unknown }).toJSON(), depth);
      } finally {
        seen.delete(obj);
      }
    }
    if (seen.has(obj)) return "[circular]";
    if (depth >= o.maxDepth) return "[depth]";
    seen.add(obj);
    try {
      if (Array.isArray(obj) || obj instanceof Set) {
        const items = Array.isArray(obj) ? obj : [...obj];
        const out: Json[] = [];
        for (let i = 0; i < items.length && i < o.maxEntries; i++) out.push(walk(items[i], depth + 1) ?? null);
        if (items.length > o.maxEntries) out.push(`…(+${items.length - o.maxEntries})`);
        return out;
      }
      const entries: [string, unknown][] =
        obj instanceof Map ? [...obj].map(([k, val]) => [String(k), val]) : Object.entries(obj);
      const out: { [key: string]: Json } = {};
      let kept = 0;
      for (const [key, val] of entries) {
        if (kept >= o.maxEntries) {
          out["…"] = `+${entries.length - kept} keys`;
          break;
        }
        const safeKey = redactText(key, 64);
        if (isSecretKey(key)) {
          out[safeKey] = REDACTED;
          kept++;
          continue;
        }
        const r = walk(val, depth + 1);
        if (r !== undefined) {
          out[safeKey] = r;
          kept++;
        }
      }
      return out;
    } finally {
      seen.delete(obj);
    }
  };
  return walk(value, 0) ?? null;
}
