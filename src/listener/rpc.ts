/**
 * The two HTTP JSON-RPC calls the listener needs for repairs and backfill, behind a small interface so
 * the shared HTTP client (src/chain/rpc/http-client.ts) can replace this minimal private one.
 */
import { SniperError } from "../errors.ts";

/** One entry of getSignaturesForAddress (newest first). */
export interface SignatureInfo {
  signature: string;
  slot: number;
  err: unknown;
  /** Unix seconds of the block, when the node knows it. */
  blockTime?: number | null;
}

/** What the listener asks of an HTTP RPC node. Every call takes an AbortSignal (timeouts are the caller's). */
export interface ListenerRpc {
  getSignaturesForAddress(
    address: string,
    opts: { until?: string; before?: string; limit: number; commitment: "confirmed" | "finalized" },
    signal: AbortSignal,
  ): Promise<SignatureInfo[]>;
  /** getTransaction (json, maxSupportedTransactionVersion 0, confirmed); null when the node has none (yet). */
  getTransaction(signature: string, signal: AbortSignal): Promise<unknown>;
}

let nextId = 1;

/**
 * A minimal fetch-based ListenerRpc: string ids, one retry pass on 429/5xx (after `retryMs`), rejects with
 * a transient SniperError on transport failures and a rejected one on JSON-RPC errors.
 */
export function createFetchRpc(url: string, opts: { retries?: number; retryMs?: number } = {}): ListenerRpc {
  const retries = opts.retries ?? 2;
  const retryMs = opts.retryMs ?? 200;
  const call = async (method: string, params: unknown[], signal: AbortSignal): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: String(nextId++), method, params }),
        signal,
      });
      if ((res.status === 429 || res.status >= 500) && attempt < retries) {
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, retryMs * (attempt + 1)));
        signal.throwIfAborted();
        continue;
      }
      if (!res.ok) throw new SniperError("transient", `rpc ${method}: HTTP ${res.status}`, { method, status: res.status });
      const body = (await res.json()) as { result?: unknown; error?: { code?: number; message?: string } };
      if (body.error) throw new SniperError("rejected", `rpc ${method}: ${body.error.message ?? "error"}`, { method, code: body.error.code });
      return body.result;
    }
  };
  return {
    async getSignaturesForAddress(address, o, signal) {
      const config: Record<string, unknown> = { limit: o.limit, commitment: o.commitment };
      if (o.until !== undefined) config.until = o.until;
      if (o.before !== undefined) config.before = o.before;
      const result = await call("getSignaturesForAddress", [address, config], signal);
      if (!Array.isArray(result)) throw new SniperError("rejected", "getSignaturesForAddress: not an array", {});
      return result.filter(
        (r): r is SignatureInfo => typeof r === "object" && r !== null && typeof r.signature === "string" && typeof r.slot === "number",
      );
    },
    getTransaction(signature, signal) {
      return call("getTransaction", [signature, { encoding: "json", commitment: "confirmed", maxSupportedTransactionVersion: 0 }], signal);
    },
  };
}

/** The shape of the shared HTTP client's two methods (src/chain/rpc/http-client.ts), structurally. */
export interface HttpRpcLike {
  getSignaturesForAddress(
    address: string,
    config?: { limit?: number; before?: string; until?: string; commitment?: "confirmed" | "finalized" },
    opts?: { signal?: AbortSignal },
  ): Promise<SignatureInfo[]>;
  getTransaction(signature: string, commitment?: "confirmed" | "finalized", opts?: { signal?: AbortSignal }): Promise<unknown>;
}

/** Adapts the shared HTTP client to ListenerRpc (it must request maxSupportedTransactionVersion 0). */
export function listenerRpcFrom(client: HttpRpcLike): ListenerRpc {
  return {
    getSignaturesForAddress: (address, o, signal) => client.getSignaturesForAddress(address, o, { signal }),
    getTransaction: (signature, signal) => client.getTransaction(signature, "confirmed", { signal }),
  };
}
