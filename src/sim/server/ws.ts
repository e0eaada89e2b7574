import type { Server, ServerWebSocket } from "bun";
import type { FaultPolicy } from "../hooks.ts";
import type { TxStore } from "../ledger/transactions.ts";
import { commitmentParam, configParam, pubkeyParam, signatureParam } from "../rpc/params.ts";
import { fail, INVALID_PARAMS, METHOD_NOT_FOUND, ok, PARSE_ERROR, readRequest, RpcError, type RpcId } from "../rpc/protocol.ts";
import { Connection, type WsData, type WsStats } from "./connection.ts";
import type { SubscriptionHub } from "./subscriptions.ts";

/** Options of the websocket server. */
export interface WsServerOptions {
  port: number;
  hub: SubscriptionHub;
  txs: TxStore;
  faults: FaultPolicy;
  /** Per-subscriber send buffer bound; past it the connection is closed (default 16 MiB). */
  maxBufferedBytes?: number;
}

/** The websocket side: subscriptions over JSON-RPC. */
export interface WsServer {
  server: Server<WsData>;
  url: string;
  stats: WsStats;
  connections: Map<number, Connection>;
  /** Closes every subscriber connection (the server keeps accepting new ones). */
  dropAll(): void;
  stop(): Promise<void>;
}

const UNSUBSCRIBE: Record<string, "logs" | "account" | "signature" | "slot"> = {
  logsUnsubscribe: "logs",
  accountUnsubscribe: "account",
  signatureUnsubscribe: "signature",
  slotUnsubscribe: "slot",
};

function handle(conn: Connection, method: string, params: unknown[], o: WsServerOptions): unknown {
  const { hub } = o;
  switch (method) {
    case "logsSubscribe": {
      const filter = params[0];
      const config = configParam(params[1]);
      let mention: string | null = null;
      if (filter === "all" || filter === "allWithVotes") mention = null;
      else if (typeof filter === "object" && filter !== null && Array.isArray((filter as { mentions?: unknown }).mentions)) {
        const m = (filter as { mentions: unknown[] }).mentions;
        if (m.length !== 1) throw new RpcError(INVALID_PARAMS, "Invalid Request: Only 1 address supported");
        mention = pubkeyParam(m[0]);
      } else throw new RpcError(INVALID_PARAMS, "Invalid params: unsupported logs filter");
      return hub.subscribeLogs(conn, mention, commitmentParam(config.commitment));
    }
    case "accountSubscribe": {
      const pubkey = pubkeyParam(params[0]);
      const config = configParam(params[1]);
      const enc = config.encoding ?? "base64";
      if (enc !== "base64" && enc !== "base58" && enc !== "jsonParsed") throw new RpcError(INVALID_PARAMS, "Invalid params: unsupported encoding");
      return hub.subscribeAccount(conn, pubkey, enc === "base58" ? "base58" : "base64", commitmentParam(config.commitment));
    }
    case "signatureSubscribe": {
      const sig = signatureParam(params[0]);
      const config = configParam(params[1]);
      return hub.subscribeSignature(conn, sig, commitmentParam(config.commitment), o.txs.get(sig));
    }
    case "slotSubscribe":
      return hub.subscribeSlot(conn);
    default: {
      const kind = UNSUBSCRIBE[method];
      if (!kind) throw new RpcError(METHOD_NOT_FOUND, "Method not found");
      const id = params[0];
      if (typeof id !== "number" || !hub.unsubscribe(conn, id, kind)) throw new RpcError(INVALID_PARAMS, "Invalid subscription id.");
      return true;
    }
  }
}

function onMessage(conn: Connection, text: string, o: WsServerOptions): void {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    conn.reply(JSON.stringify(fail(null, new RpcError(PARSE_ERROR, "Parse error"))));
    return;
  }
  const items = Array.isArray(raw) ? raw : [raw];
  const out: unknown[] = [];
  for (const item of items) {
    const req = readRequest(item);
    if ("jsonrpc" in req) {
      out.push(req);
      continue;
    }
    const hasId = typeof item === "object" && item !== null && "id" in item;
    if (!hasId) continue; // a notification (web3.js sends "ping" this way): no answer
    try {
      out.push(ok(req.id as RpcId, handle(conn, req.method, Array.isArray(req.params) ? req.params : [], o)));
    } catch (e) {
      out.push(fail(req.id, e instanceof RpcError ? e : new RpcError(-32603, "Internal error")));
    }
  }
  if (out.length === 0) return;
  conn.reply(JSON.stringify(Array.isArray(raw) ? out : out[0]));
}

/** Starts the websocket server on 127.0.0.1. */
export function startWsServer(o: WsServerOptions): WsServer {
  const stats: WsStats = { framesSent: 0, slowConsumerDrops: 0, faultDrops: 0, malformedFrames: 0, truncatedFrames: 0 };
  const connections = new Map<number, Connection>();
  const max = o.maxBufferedBytes ?? 16 * 1024 * 1024;
  let nextConn = 1;
  const server = Bun.serve<WsData>({
    hostname: "127.0.0.1",
    port: o.port,
    fetch(req, srv) {
      if (srv.upgrade(req, { data: { connId: nextConn++ } })) return undefined;
      return new Response("websocket endpoint", { status: 426 });
    },
    websocket: {
      idleTimeout: 120,
      sendPings: true,
      open(ws: ServerWebSocket<WsData>) {
        connections.set(ws.data.connId, new Connection(ws.data.connId, ws, o.faults, stats, max));
      },
      message(ws: ServerWebSocket<WsData>, message) {
        const conn = connections.get(ws.data.connId);
        if (conn) onMessage(conn, typeof message === "string" ? message : Buffer.from(message).toString("utf8"), o);
      },
      close(ws: ServerWebSocket<WsData>) {
        const conn = connections.get(ws.data.connId);
        if (!conn) return;
        conn.closed = true;
        o.hub.dropConnection(conn);
        connections.delete(ws.data.connId);
      },
    },
  });
  return {
    server,
    url: `ws://127.0.0.1:${server.port}`,
    stats,
    connections,
    dropAll() {
      for (const c of connections.values()) c.close(1011, "simulated disconnect");
    },
    async stop() {
      for (const c of connections.values()) c.close(1001, "server stopping");
      await server.stop(true);
    },
  };
}
