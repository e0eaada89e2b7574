import { section, urlList } from "../fields.ts";

/**
 * `[rpc]`: Solana JSON-RPC and websocket endpoints. Required in paper and live modes (see rules.ts);
 * in sim mode the simulated cluster's loopback URLs are used instead. An empty `wsUrls` is derived
 * from `httpUrls` (https -> wss, http -> ws).
 */
export const rpcSection = section({
  httpUrls: urlList(["http", "https"]).default([]),
  wsUrls: urlList(["ws", "wss"]).default([]),
});
