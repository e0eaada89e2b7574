import type { Server } from "bun";
import type { FaultPolicy, HttpFault } from "../hooks.ts";
import type { Referee } from "../referee/index.ts";
import type { RpcContext, Stamp } from "../rpc/context.ts";
import { dispatchOne, methodOf } from "../rpc/dispatch.ts";
import { fail, INVALID_REQUEST, PARSE_ERROR, RpcError } from "../rpc/protocol.ts";
import { feePayerOf } from "./fee-payer.ts";

/** Options of the HTTP JSON-RPC server. */
export interface HttpServerOptions {
  port: number;
  faults: FaultPolicy;
  referee: Referee;
  /** Builds the per-request context. */
  context(receivedAt: Stamp): RpcContext;
  /** Extra JSON endpoints under /_sim/ (outside the JSON-RPC API). */
  simEndpoints: Record<string, () => unknown>;
  /** Largest accepted request body (real nodes: 50 KiB... batches need more). */
  maxBodyBytes?: number;
}

/** The HTTP side. */
export interface HttpServer {
  server: Server<undefined>;
  url: string;
  stop(): Promise<void>;
}

const JSON_HEADERS = { "content-type": "application/json" };

/** Wallet a request is attributed to: the `x-sim-wallet` header, else the fee payer of sendTransaction. */
function walletOf(item: unknown, header: string | null): string | undefined {
  if (header) return header;
  if (methodOf(item) !== "sendTransaction") return undefined;
  const params = (item as { params?: unknown }).params;
  if (!Array.isArray(params) || typeof params[0] !== "string") return undefined;
  const enc = (params[1] as { encoding?: unknown } | undefined)?.encoding === "base64" ? "base64" : "base58";
  return feePayerOf(params[0], enc);
}

/** Combines the faults of a batch: the first status wins, delays add up. */
function combine(faults: HttpFault[]): HttpFault {
  let delay = 0;
  for (const f of faults) {
    if (f.kind === "status") return f;
    if (f.kind === "delay") delay += f.ms;
  }
  return delay > 0 ? { kind: "delay", ms: delay } : { kind: "none" };
}

function statusResponse(f: Extract<HttpFault, { kind: "status" }>): Response {
  const headers: Record<string, string> = { "content-type": "text/plain" };
  if (f.retryAfterSec !== undefined) headers["retry-after"] = String(f.retryAfterSec);
  const text = f.status === 429 ? "Too many requests for a specific RPC call, contact your app developer or support@rpcpool.com." : "Internal Server Error";
  return new Response(text, { status: f.status, headers });
}

async function handleRpc(req: Request, o: HttpServerOptions): Promise<Response> {
  const receivedAt = o.referee.stamp();
  const text = await req.text();
  if (text.length > (o.maxBodyBytes ?? 4 * 1024 * 1024)) return new Response("request too large", { status: 413 });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    o.referee.onHttpRequest("<parse-error>", receivedAt);
    return Response.json(fail(null, new RpcError(PARSE_ERROR, "Parse error")), { headers: JSON_HEADERS });
  }
  const batch = Array.isArray(raw);
  const items = batch ? (raw as unknown[]) : [raw];
  if (batch && items.length === 0) return Response.json(fail(null, new RpcError(INVALID_REQUEST, "Invalid request")));
  const header = req.headers.get("x-sim-wallet");
  const faults: HttpFault[] = [];
  for (const item of items) {
    const method = methodOf(item);
    const wallet = walletOf(item, header);
    o.referee.onHttpRequest(method, receivedAt, wallet);
    faults.push(o.faults.beforeHttp(method, wallet));
  }
  const fault = combine(faults);
  if (fault.kind === "status") return statusResponse(fault);
  if (fault.kind === "delay") await Bun.sleep(fault.ms);
  const ctx = o.context(receivedAt);
  const out = items.map((item) => dispatchOne(item, ctx));
  return new Response(JSON.stringify(batch ? out : out[0]), { headers: JSON_HEADERS });
}

/** Starts the HTTP JSON-RPC server on 127.0.0.1. */
export function startHttpServer(o: HttpServerOptions): HttpServer {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: o.port,
    idleTimeout: 30,
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method === "GET" && url.pathname.startsWith("/_sim/")) {
        const endpoint = o.simEndpoints[url.pathname.slice("/_sim/".length)];
        if (!endpoint) return new Response("not found", { status: 404 });
        return new Response(JSON.stringify(endpoint(), null, 2), { headers: JSON_HEADERS });
      }
      if (req.method === "GET" && url.pathname === "/health") return new Response("ok");
      if (req.method !== "POST") return new Response("method not allowed", { status: 405 });
      return handleRpc(req, o);
    },
  });
  return { server, url: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}
