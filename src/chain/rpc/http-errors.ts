/**
 * How JSON-RPC over HTTP fails, mapped to SniperError kinds (the kind decides the recovery):
 * 429 / 5xx / timeouts / refused connections / garbled bodies are `transient` (retry with backoff,
 * honouring Retry-After); -32002 (preflight failure) and other JSON-RPC errors are `rejected`.
 * Endpoint URLs carry provider API keys, so errors name the endpoint by index only.
 */
import { SniperError } from "../../errors.ts";

/** sendTransaction preflight failure: `data` carries `{err, logs}`. */
export const RPC_PREFLIGHT_FAILURE = -32002;

/** JSON-RPC error codes a node uses for "try again later" (node behind, block not yet available, ...). */
const TRANSIENT_RPC_CODES = new Set([-32004, -32005, -32007, -32009, -32014, -32016]);

/** Details every RPC error carries (never the URL). */
export interface RpcErrorDetails extends Record<string, unknown> {
  method: string;
  endpoint: number;
  status?: number;
  code?: number;
  retryAfterMs?: number;
  logs?: string[];
  err?: unknown;
  aborted?: boolean;
}

/** Parses a Retry-After header (seconds or an HTTP date) into ms; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const secs = Number(header.trim());
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** An HTTP status other than 200. */
export function httpStatusError(method: string, endpoint: number, status: number, retryAfterMs: number | undefined): SniperError {
  const transient = status === 429 || status >= 500 || status === 408;
  const details: RpcErrorDetails = { method, endpoint, status };
  if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  return new SniperError(transient ? "transient" : "rejected", `${method}: HTTP ${status}`, details);
}

/** A JSON-RPC `error` object in the response envelope. */
export function rpcError(method: string, endpoint: number, error: { code?: unknown; message?: unknown; data?: unknown }): SniperError {
  const code = typeof error.code === "number" ? error.code : 0;
  const message = typeof error.message === "string" ? error.message.slice(0, 500) : "JSON-RPC error";
  const details: RpcErrorDetails = { method, endpoint, code };
  const data = error.data as { err?: unknown; logs?: unknown } | undefined;
  if (data && typeof data === "object") {
    if ("err" in data) details.err = data.err;
    if (Array.isArray(data.logs)) details.logs = data.logs.filter((l): l is string => typeof l === "string").slice(0, 100);
  }
  return new SniperError(TRANSIENT_RPC_CODES.has(code) ? "transient" : "rejected", `${method}: ${message}`, details);
}

/** The caller's signal fired (not retried). */
export function abortedError(method: string, endpoint: number): SniperError {
  return new SniperError("transient", `${method}: aborted`, { method, endpoint, aborted: true } satisfies RpcErrorDetails);
}

/** No answer in time, a refused connection, or a body that is not a JSON-RPC envelope. */
export function networkError(method: string, endpoint: number, what: string, cause?: unknown): SniperError {
  return new SniperError("transient", `${method}: ${what}`, { method, endpoint } satisfies RpcErrorDetails, { cause });
}

/** True for an error of this module that came from the caller's abort. */
export function isAborted(e: unknown): boolean {
  return e instanceof SniperError && e.details.aborted === true;
}

/** The preflight logs of a -32002 rejection, if any. */
export function preflightLogs(e: unknown): string[] | undefined {
  return e instanceof SniperError && e.details.code === RPC_PREFLIGHT_FAILURE ? (e.details.logs as string[] | undefined) : undefined;
}

/**
 * The `result` of a JSON-RPC response body (HTTP 200 already checked), or the SniperError it maps to
 * (shared by http-client.ts and the keep-alive poster: garbled bodies transient, `error` through rpcError).
 */
export function envelopeResult(method: string, endpoint: number, text: string): unknown {
  let env: { result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } };
  try {
    env = JSON.parse(text) as typeof env;
  } catch {
    throw networkError(method, endpoint, "response is not JSON");
  }
  if (env === null || typeof env !== "object") throw networkError(method, endpoint, "response is not a JSON-RPC envelope");
  if (env.error) throw rpcError(method, endpoint, env.error);
  if (!("result" in env)) throw networkError(method, endpoint, "response has neither result nor error");
  return env.result;
}
