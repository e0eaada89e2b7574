import { toError } from "../../errors.ts";
import type { RpcContext } from "./context.ts";
import { METHODS } from "./methods/index.ts";
import { fail, INTERNAL_ERROR, METHOD_NOT_FOUND, ok, readRequest, RpcError, type RpcResponse } from "./protocol.ts";
import { positional } from "./params.ts";

/** Answers one request object (already JSON-parsed). */
export function dispatchOne(raw: unknown, ctx: RpcContext): RpcResponse {
  const req = readRequest(raw);
  if ("jsonrpc" in req) return req;
  const method = METHODS.get(req.method);
  if (!method) return fail(req.id, new RpcError(METHOD_NOT_FOUND, "Method not found"));
  try {
    return ok(req.id, method(positional(req.params), ctx));
  } catch (e) {
    if (e instanceof RpcError) return fail(req.id, e);
    return fail(req.id, new RpcError(INTERNAL_ERROR, `Internal error: ${toError(e).message}`));
  }
}

/** The method name of a raw request, if it has one (for faults and the referee). */
export function methodOf(raw: unknown): string {
  return typeof raw === "object" && raw !== null && typeof (raw as { method?: unknown }).method === "string"
    ? (raw as { method: string }).method
    : "";
}
