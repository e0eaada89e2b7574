/**
 * POST JSON with the failure classification the delivery queue needs. Errors carry the host at most:
 * webhook URLs and bot tokens are secrets, so neither the URL nor fetch's own message (which may quote
 * it) ever reaches an error.
 */
import { toError } from "../../errors.ts";
import { rejectedError, transientError } from "./types.ts";

/** The `fetch` the sinks use (injectable for tests). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** The host of a URL, or `?` when it does not parse; the only part of a secret URL that may be shown. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "?";
  }
}

const MAX_RETRY_AFTER_BODY = 4096;

/** The wait a 429/503 asks for: `Retry-After` (seconds or HTTP date), else a JSON `retry_after` (Discord, Telegram). */
export function retryAfterMs(headers: Headers, body: string, now: number): number | undefined {
  const header = headers.get("retry-after")?.trim();
  if (header !== undefined && header !== "") {
    if (/^\d+(\.\d+)?$/.test(header)) return Math.ceil(Number(header) * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  if (body === "" || body.length > MAX_RETRY_AFTER_BODY) return undefined;
  try {
    const json = JSON.parse(body) as { retry_after?: unknown; parameters?: { retry_after?: unknown } };
    const s = json.retry_after ?? json.parameters?.retry_after;
    return typeof s === "number" && Number.isFinite(s) && s >= 0 ? Math.ceil(s * 1000) : undefined;
  } catch {
    return undefined;
  }
}

/** Options of postJson. */
export interface PostOptions {
  signal: AbortSignal;
  fetch?: FetchLike;
  /** For Retry-After dates. */
  now?: () => number;
}

/** POSTs `body` as JSON; resolves on 2xx, rejects transient (network, timeout, 408, 429, 5xx) or rejected (other 4xx). */
export async function postJson(url: string, body: unknown, options: PostOptions): Promise<void> {
  const host = hostOf(url);
  const doFetch = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  let res: Response;
  try {
    res = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: options.signal,
      redirect: "error",
    });
  } catch (thrown) {
    const e = toError(thrown);
    const reason = e.name === "TimeoutError" ? "timed out" : e.name === "AbortError" ? "aborted" : `network error (${(e as { code?: unknown }).code ?? e.name})`;
    throw transientError(`${reason} posting to ${host}`, { host });
  }
  // Read (and bound) the body so the connection is released; only 429/503 look inside it.
  const text = await res.text().catch(() => "");
  if (res.ok) return;
  const details = { host, status: res.status };
  if (res.status === 429 || res.status === 503) {
    throw transientError(`HTTP ${res.status} from ${host}`, details, retryAfterMs(res.headers, text, options.now?.() ?? Date.now()));
  }
  if (res.status === 408 || res.status >= 500) throw transientError(`HTTP ${res.status} from ${host}`, details);
  throw rejectedError(`HTTP ${res.status} from ${host}`, details);
}
