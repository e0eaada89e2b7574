/**
 * Solana JSON-RPC over HTTP: `fetch` (keep-alive), a timeout and the caller's AbortSignal on every call,
 * string ids, errors mapped to SniperError kinds (./http-errors.ts), a retry policy as data
 * (./retry.ts), several endpoints (round robin or failover), and `postRaw` / `sendRawBase64` for the hot
 * path: the body is a pre-built string, no JSON.stringify of objects.
 */
import { SniperError } from "../../errors.ts";
import { abortedError, envelopeResult, httpStatusError, networkError, parseRetryAfter } from "./http-errors.ts";
import type {
  AccountInfo,
  Commitment,
  LatestBlockhash,
  PrioritizationFee,
  SignatureInfo,
  SignatureStatus,
  TransactionResponse,
} from "./http-types.ts";
import { defaultRetryPolicy, withRetry, type RetryPolicy } from "./retry.ts";

export type * from "./http-types.ts";

/** Which endpoint a call starts on: the next in turn, or always the first (later ones only on failure). */
export type EndpointStrategy = "round-robin" | "failover";

/** Options of {@link createHttpRpcClient}. */
export interface HttpRpcOptions {
  /** JSON-RPC URLs (at least one); they carry API keys, so they never appear in errors. */
  endpoints: readonly string[];
  /** Default "failover". */
  strategy?: EndpointStrategy;
  /** Per-attempt timeout in ms (default 5000). */
  timeoutMs?: number;
  /** Retry policy (defaults: ./retry.ts). */
  retry?: Partial<RetryPolicy>;
  /** Extra headers (e.g. a provider's auth header). */
  headers?: Record<string, string>;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
  /** Called before each HTTP request (attempt) with the method and endpoint index: metrics, tests. */
  onRequest?: (method: string, endpoint: number) => void;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Pin the call to one endpoint index (retries stay on it). */
  endpoint?: number;
  /** Override the retry policy for this call (`false`: one attempt). */
  retry?: Partial<RetryPolicy> | false;
}

/** Options of sendTransaction (the hot path defaults: skipPreflight true, maxRetries 0). */
export interface SendOptions extends CallOptions {
  skipPreflight?: boolean;
  maxRetries?: number;
  preflightCommitment?: Commitment;
}

/** A JSON-RPC HTTP client over one or more endpoints. */
export interface HttpRpcClient {
  /** How many endpoints it has. */
  readonly endpointCount: number;
  /** Calls `method` with `params`; resolves with `result`. */
  call<T>(method: string, params: readonly unknown[], opts?: CallOptions): Promise<T>;
  /** Posts a pre-built JSON-RPC request body (its id must be a string); `method` names it for errors. */
  postRaw<T>(method: string, body: string, opts?: CallOptions): Promise<T>;
  /** sendTransaction of a base64 wire transaction, its body built by string concatenation. */
  sendRawBase64(base64: string, opts?: SendOptions): Promise<string>;
  sendTransaction(base64: string, opts?: SendOptions): Promise<string>;
  getLatestBlockhash(commitment?: Commitment, opts?: CallOptions): Promise<LatestBlockhash>;
  getBlockHeight(commitment?: Commitment, opts?: CallOptions): Promise<number>;
  getSlot(commitment?: Commitment, opts?: CallOptions): Promise<number>;
  getSignatureStatuses(signatures: readonly string[], searchTransactionHistory?: boolean, opts?: CallOptions): Promise<(SignatureStatus | null)[]>;
  getRecentPrioritizationFees(accounts?: readonly string[], opts?: CallOptions): Promise<PrioritizationFee[]>;
  getBalance(pubkey: string, commitment?: Commitment, opts?: CallOptions): Promise<bigint>;
  getAccountInfo(pubkey: string, commitment?: Commitment, opts?: CallOptions): Promise<AccountInfo | null>;
  getSignaturesForAddress(address: string, config?: { limit?: number; before?: string; until?: string; commitment?: Commitment }, opts?: CallOptions): Promise<SignatureInfo[]>;
  getTransaction(signature: string, commitment?: Exclude<Commitment, "processed">, opts?: CallOptions): Promise<TransactionResponse | null>;
  requestAirdrop(pubkey: string, lamports: bigint, opts?: CallOptions): Promise<string>;
}

/** A client over `endpoints`; see {@link HttpRpcOptions}. */
export function createHttpRpcClient(options: HttpRpcOptions): HttpRpcClient {
  const endpoints = [...options.endpoints];
  if (endpoints.length === 0) throw new SniperError("config", "rpc: at least one HTTP endpoint is needed", { field: "rpc.httpUrls" });
  const doFetch = options.fetch ?? fetch;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 5_000;
  const headers = { "content-type": "application/json", ...options.headers };
  const strategy = options.strategy ?? "failover";
  let turn = 0;
  let nextId = 0;
  const id = (): string => (++nextId).toString(36);

  async function attempt(method: string, body: string, endpoint: number, signal: AbortSignal | undefined, ms: number): Promise<unknown> {
    if (signal?.aborted) throw abortedError(method, endpoint);
    options.onRequest?.(method, endpoint);
    const timeout = AbortSignal.timeout(ms);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await doFetch(endpoints[endpoint]!, { method: "POST", headers, body, signal: combined, keepalive: true });
      text = await res.text();
    } catch (e) {
      if (signal?.aborted) throw abortedError(method, endpoint);
      throw networkError(method, endpoint, timeout.aborted ? `no answer within ${ms} ms` : "request failed", e);
    }
    if (res.status !== 200) throw httpStatusError(method, endpoint, res.status, parseRetryAfter(res.headers.get("retry-after")));
    return envelopeResult(method, endpoint, text);
  }

  async function post<T>(method: string, body: string, opts: CallOptions = {}): Promise<T> {
    const p = opts.retry === false ? { ...policy, maxAttempts: 1 } : { ...policy, ...opts.retry };
    const pinned = opts.endpoint;
    if (pinned !== undefined && !(pinned >= 0 && pinned < endpoints.length)) {
      throw new SniperError("invariant", `rpc: no endpoint ${pinned}`, { endpoint: pinned });
    }
    const start = pinned ?? (strategy === "round-robin" ? turn++ % endpoints.length : 0);
    const endpointOf = (n: number): number => pinned ?? (start + n) % endpoints.length;
    return withRetry(
      p,
      opts.signal,
      async (n) => (await attempt(method, body, endpointOf(n), opts.signal, opts.timeoutMs ?? timeoutMs)) as T,
      (n) => abortedError(method, endpointOf(n)),
    );
  }

  const call = <T>(method: string, params: readonly unknown[], opts?: CallOptions): Promise<T> =>
    post<T>(method, JSON.stringify({ jsonrpc: "2.0", id: id(), method, params }), opts);
  const withCommitment = (commitment: Commitment | undefined): unknown[] => (commitment ? [{ commitment }] : []);

  function sendRawBase64(base64: string, opts: SendOptions = {}): Promise<string> {
    const skip = opts.skipPreflight ?? true;
    const retries = opts.maxRetries ?? 0;
    const pre = opts.preflightCommitment ? `,"preflightCommitment":"${opts.preflightCommitment}"` : "";
    const body =
      '{"jsonrpc":"2.0","id":"' + id() + '","method":"sendTransaction","params":["' + base64 +
      '",{"encoding":"base64","skipPreflight":' + skip + ',"maxRetries":' + retries + pre + "}]}";
    return post<string>("sendTransaction", body, opts);
  }

  return {
    endpointCount: endpoints.length,
    call,
    postRaw: post,
    sendRawBase64,
    sendTransaction: sendRawBase64,
    async getLatestBlockhash(commitment, opts) {
      const r = await call<{ context: { slot: number }; value: { blockhash: string; lastValidBlockHeight: number } }>(
        "getLatestBlockhash", withCommitment(commitment), opts);
      return { blockhash: r.value.blockhash, lastValidBlockHeight: r.value.lastValidBlockHeight, slot: r.context.slot };
    },
    getBlockHeight: (commitment, opts) => call<number>("getBlockHeight", withCommitment(commitment), opts),
    getSlot: (commitment, opts) => call<number>("getSlot", withCommitment(commitment), opts),
    async getSignatureStatuses(signatures, searchTransactionHistory = false, opts) {
      const r = await call<{ value: (SignatureStatus | null)[] }>("getSignatureStatuses", [signatures, { searchTransactionHistory }], opts);
      return r.value;
    },
    getRecentPrioritizationFees: (accounts, opts) => call<PrioritizationFee[]>("getRecentPrioritizationFees", accounts ? [accounts] : [], opts),
    async getBalance(pubkey, commitment, opts) {
      const r = await call<{ value: number }>("getBalance", [pubkey, ...withCommitment(commitment)], opts);
      return BigInt(r.value);
    },
    async getAccountInfo(pubkey, commitment, opts) {
      const r = await call<{ value: null | { data: [string, string]; lamports: number; owner: string; executable: boolean; space?: number } }>(
        "getAccountInfo", [pubkey, { encoding: "base64", ...(commitment ? { commitment } : {}) }], opts);
      if (!r.value) return null;
      const data = Uint8Array.fromBase64(r.value.data[0]);
      return { data, lamports: BigInt(r.value.lamports), owner: r.value.owner, executable: r.value.executable, space: r.value.space ?? data.length };
    },
    getSignaturesForAddress: (address, config = {}, opts) => call<SignatureInfo[]>("getSignaturesForAddress", [address, config], opts),
    getTransaction: (signature, commitment = "confirmed", opts) =>
      call<TransactionResponse | null>("getTransaction", [signature, { encoding: "json", commitment, maxSupportedTransactionVersion: 0 }], opts),
    requestAirdrop: (pubkey, lamports, opts) => call<string>("requestAirdrop", [pubkey, Number(lamports)], opts),
  };
}
