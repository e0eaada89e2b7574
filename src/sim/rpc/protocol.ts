/** JSON-RPC 2.0 error codes the simulator uses. */
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

/** A JSON-RPC error a method throws; rendered into the `error` member. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }

  toJSON(): { code: number; message: string; data?: unknown } {
    return this.data === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, data: this.data };
  }
}

/** An id as the client sent it (echoed exactly). */
export type RpcId = string | number | null;

/** A response envelope. */
export type RpcResponse =
  | { jsonrpc: "2.0"; id: RpcId; result: unknown }
  | { jsonrpc: "2.0"; id: RpcId; error: { code: number; message: string; data?: unknown } };

/** Builds a success envelope. */
export function ok(id: RpcId, result: unknown): RpcResponse {
  return { jsonrpc: "2.0", id, result };
}

/** Builds an error envelope. */
export function fail(id: RpcId, e: RpcError): RpcResponse {
  return { jsonrpc: "2.0", id, error: e.toJSON() };
}

/** A well-formed request, or the error envelope to answer instead. */
export function readRequest(v: unknown): { id: RpcId; method: string; params: unknown[] | Record<string, unknown> } | RpcResponse {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(null, new RpcError(INVALID_REQUEST, "Invalid request"));
  const r = v as Record<string, unknown>;
  const id = typeof r.id === "string" || typeof r.id === "number" || r.id === null ? (r.id as RpcId) : null;
  if (r.jsonrpc !== "2.0" || typeof r.method !== "string") return fail(id, new RpcError(INVALID_REQUEST, "Invalid request"));
  const params = r.params === undefined ? [] : r.params;
  if (typeof params !== "object" || params === null) return fail(id, new RpcError(INVALID_PARAMS, "Invalid params"));
  return { id, method: r.method, params: params as unknown[] | Record<string, unknown> };
}
