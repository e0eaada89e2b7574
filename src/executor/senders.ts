/**
 * Pluggable transaction senders and the fan-out: the same signed transaction goes to every sender at
 * once; the first acceptance wins. One sender per HTTP endpoint (sendTransaction with skipPreflight and
 * maxRetries 0) and, as an option, a bundle endpoint (Jito-style JSON-RPC `sendBundle`).
 */
import { SniperError } from "../errors.ts";
import type { HttpRpcClient } from "../chain/rpc/http-client.ts";

/** What a sender gets: the wire transaction in base64 and its signature. */
export interface OutgoingTx {
  base64: string;
  signature: string;
}

/** Sends a signed transaction somewhere; resolves when that endpoint accepted it. */
export interface TxSender {
  /** A name for logs and metrics (never a URL: URLs carry API keys). */
  readonly name: string;
  send(tx: OutgoingTx, signal?: AbortSignal): Promise<void>;
}

/** A sender for endpoint `endpoint` of `rpc` (sendTransaction, skipPreflight, maxRetries 0). */
export function rpcSender(rpc: HttpRpcClient, endpoint: number, opts: { timeoutMs?: number; maxAttempts?: number } = {}): TxSender {
  return {
    name: `rpc#${endpoint}`,
    async send(tx, signal) {
      await rpc.sendRawBase64(tx.base64, {
        endpoint,
        signal,
        skipPreflight: true,
        maxRetries: 0,
        timeoutMs: opts.timeoutMs ?? 3_000,
        retry: { maxAttempts: opts.maxAttempts ?? 3 },
      });
    },
  };
}

/** One sender per endpoint of `rpc`. */
export function rpcSenders(rpc: HttpRpcClient, opts?: { timeoutMs?: number; maxAttempts?: number }): TxSender[] {
  return Array.from({ length: rpc.endpointCount }, (_, i) => rpcSender(rpc, i, opts));
}

/** A bundle endpoint (Jito-style `sendBundle` with one base64 transaction) posted through `rpc`. */
export function bundleSender(rpc: HttpRpcClient, opts: { name?: string; timeoutMs?: number } = {}): TxSender {
  let n = 0;
  return {
    name: opts.name ?? "bundle",
    async send(tx, signal) {
      const body = '{"jsonrpc":"2.0","id":"b' + (++n).toString(36) + '","method":"sendBundle","params":[["' + tx.base64 + '"],{"encoding":"base64"}]}';
      await rpc.postRaw("sendBundle", body, { signal, timeoutMs: opts.timeoutMs ?? 3_000, retry: { maxAttempts: 2 } });
    },
  };
}

/** The result of a fan-out: which sender accepted first, and every failure. */
export interface FanOutResult {
  acceptedBy: string;
}

/**
 * Sends to every sender in parallel (each request is issued before this returns its promise);
 * resolves at the first acceptance, rejects when all failed: `rejected` only if EVERY sender rejected
 * the transaction itself (e.g. -32002: then nobody forwarded it and it cannot land), else `transient`
 * (some endpoint may have forwarded it before failing).
 */
export function fanOut(senders: readonly TxSender[], tx: OutgoingTx, signal?: AbortSignal): Promise<FanOutResult> {
  if (senders.length === 0) return Promise.reject(new SniperError("config", "executor: no senders configured"));
  return new Promise((resolve, reject) => {
    const errors: unknown[] = [];
    let done = false;
    for (const s of senders) {
      s.send(tx, signal).then(
        () => {
          if (done) return;
          done = true;
          resolve({ acceptedBy: s.name });
        },
        (e) => {
          errors.push(e);
          if (done || errors.length < senders.length) return;
          done = true;
          const allRejected = errors.every((x) => x instanceof SniperError && x.kind === "rejected");
          if (allRejected) reject(errors[0]);
          else reject(errors.find((x) => x instanceof SniperError && x.kind === "transient") ?? new SniperError("transient", "every sender failed", { senders: senders.length }));
        },
      );
    }
  });
}
