/**
 * Pluggable transaction senders and the fan-out: the same signed transaction goes to every sender at
 * once; the first acceptance wins. One sender per HTTP endpoint (sendTransaction with skipPreflight and
 * maxRetries 0) and, as an option, a bundle endpoint (Jito-style JSON-RPC `sendBundle`). The live bot's
 * endpoint senders post through keep-alive raw-socket pools (../chain/rpc/keepalive-poster.ts): the bytes
 * reach the kernel inside send(), without fetch's per-call cost.
 */
import { SniperError } from "../errors.ts";
import type { HttpRpcClient } from "../chain/rpc/http-client.ts";
import { abortedError } from "../chain/rpc/http-errors.ts";
import { createKeepAlivePoster, type KeepAlivePoster } from "../chain/rpc/keepalive-poster.ts";
import { defaultRetryPolicy, withRetry, type RetryPolicy } from "../chain/rpc/retry.ts";

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
  /** Releases what the sender holds (keep-alive sockets); absent when it holds nothing. */
  close?(): void;
}

/** Options of the endpoint senders: per-attempt timeout (default 3000 ms), attempts of transient failures (default 3). */
export interface SenderOptions {
  timeoutMs?: number;
  maxAttempts?: number;
}

/** The sendTransaction body, byte for byte what HttpRpcClient.sendRawBase64 posts with skipPreflight true, maxRetries 0. */
export function sendTransactionBody(base64: string, id: string): string {
  return '{"jsonrpc":"2.0","id":"' + id + '","method":"sendTransaction","params":["' + base64 + '",{"encoding":"base64","skipPreflight":true,"maxRetries":0}]}';
}

/** A sender for endpoint `endpoint` of `rpc` (sendTransaction, skipPreflight, maxRetries 0) over fetch. */
export function rpcSender(rpc: HttpRpcClient, endpoint: number, opts: SenderOptions = {}): TxSender {
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

/** A sender over a keep-alive poster (sendTransaction, skipPreflight, maxRetries 0); close() closes the poster. */
export function rawRpcSender(poster: KeepAlivePoster, opts: SenderOptions = {}): TxSender {
  const policy: RetryPolicy = { ...defaultRetryPolicy, maxAttempts: opts.maxAttempts ?? 3 };
  const timeoutMs = opts.timeoutMs ?? 3_000;
  let n = 0;
  return {
    name: poster.name,
    send: (tx, signal) => postWithRetry(poster, "sendTransaction", sendTransactionBody(tx.base64, (++n).toString(36)), signal, timeoutMs, policy),
    close: () => poster.close(),
  };
}

/**
 * One sender per endpoint of `rpc` over fetch; with `urls` (the same endpoints' URLs, in order), one
 * keep-alive raw-socket sender per URL instead, named `rpc#<index>` (close them with {@link closeSenders}).
 */
export function rpcSenders(rpc: HttpRpcClient, opts: SenderOptions & { urls?: readonly string[] } = {}): TxSender[] {
  const urls = opts.urls;
  if (urls) return urls.map((url, i) => rawRpcSender(createKeepAlivePoster({ url, endpoint: i, timeoutMs: opts.timeoutMs ?? 3_000, ...SEND_POOL }), opts));
  return Array.from({ length: rpc.endpointCount }, (_, i) => rpcSender(rpc, i, opts));
}

/**
 * Pool of one endpoint's sender: 8 sockets, then up to 4096 sends wait FIFO (a sell-all of every open
 * position is one burst: a refused send counts as transient, and the executor then waits for its
 * blockhash to expire before re-signing, so refusing part of a burst would delay those exits by a minute).
 */
const SEND_POOL = { maxConnections: 8, maxQueue: 4096 };

/** Closes every sender that holds resources (keep-alive sockets). */
export function closeSenders(senders: readonly TxSender[]): void {
  for (const s of senders) s.close?.();
}

/** A bundle endpoint (Jito-style `sendBundle` with one base64 transaction) posted through `rpc` or a keep-alive poster. */
export function bundleSender(rpc: HttpRpcClient | KeepAlivePoster, opts: { name?: string; timeoutMs?: number } = {}): TxSender {
  let n = 0;
  const timeoutMs = opts.timeoutMs ?? 3_000;
  return {
    name: opts.name ?? "bundle",
    async send(tx, signal) {
      const body = '{"jsonrpc":"2.0","id":"b' + (++n).toString(36) + '","method":"sendBundle","params":[["' + tx.base64 + '"],{"encoding":"base64"}]}';
      if ("postRaw" in rpc) await rpc.postRaw("sendBundle", body, { signal, timeoutMs, retry: { maxAttempts: 2 } });
      else await postWithRetry(rpc, "sendBundle", body, signal, timeoutMs, { ...defaultRetryPolicy, maxAttempts: 2 });
    },
    ...("postRaw" in rpc ? {} : { close: () => rpc.close() }),
  };
}

// The first attempt is written before this returns its promise (fanOut relies on it); transient
// failures are retried as HttpRpcClient does (the shared withRetry of ../chain/rpc/retry.ts).
function postWithRetry(poster: KeepAlivePoster, method: string, body: string, signal: AbortSignal | undefined, timeoutMs: number, policy: RetryPolicy): Promise<void> {
  return withRetry(policy, signal, async () => void (await poster.post(method, body, { signal, timeoutMs })), () => abortedError(method, poster.endpoint));
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
