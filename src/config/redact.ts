import { isPlainObject } from "./paths.ts";
import { SECRET_ENV, type SecretName, type Secrets } from "./secrets.ts";
import type { Config } from "./schema.ts";

/** What a redacted value is replaced with. */
export const REDACTED = "<redacted>";
/** What an unset secret is shown as. */
export const UNSET = "<unset>";

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Keeps the scheme and host (with port) of a URL and hides the rest, which is where RPC providers put API
 * keys: `https://mainnet.helius-rpc.com/?api-key=K` -> `https://mainnet.helius-rpc.com/<redacted>`.
 * A URL with nothing after the host is returned as is; credentials in it are always hidden.
 */
export function redactUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return REDACTED;
  }
  const base = `${u.protocol}//${u.host}`;
  const bare = (u.pathname === "/" || u.pathname === "") && u.search === "" && u.hash === "";
  return bare && u.username === "" && u.password === "" ? base : `${base}/${REDACTED}`;
}

/** True for a string that looks like an absolute URL. */
export function isUrlLike(value: unknown): value is string {
  return typeof value === "string" && URL_LIKE.test(value);
}

function redactTree(value: unknown): unknown {
  if (isUrlLike(value)) return redactUrl(value);
  if (Array.isArray(value)) return value.map(redactTree);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactTree(v)]));
  return value;
}

/**
 * The effective config for printing (`--print-config`, status page): every URL reduced to scheme + host,
 * plus a `secrets` table that only says which secrets are set (`<redacted>`) or not (`<unset>`).
 */
export function redactedConfig(config: Config, secrets: Secrets): Record<string, unknown> {
  const shown = redactTree(config) as Record<string, unknown>;
  const secretTable: Record<string, string> = {};
  for (const name of Object.keys(SECRET_ENV) as SecretName[]) {
    secretTable[name] = secrets[name] === undefined ? UNSET : REDACTED;
  }
  return { ...shown, secrets: secretTable };
}
