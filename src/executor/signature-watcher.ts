/**
 * The websocket side of confirmation: `signatureSubscribe` through a subscription client (the
 * `WsClient` of src/chain/rpc/ws-client.ts, or anything with the same `subscribe(method, params, cb, opts)`).
 * A notification only triggers an immediate status check: getSignatureStatuses stays the source of
 * truth, and polling alone confirms when the websocket is down.
 */

/** Watches one signature; calls `onEvent` when the node says something about it. Returns an unwatch function. */
export interface SignatureWatcher {
  watch(signature: string, onEvent: () => void): () => void;
}

/** The subscribe shape of a websocket JSON-RPC client (handle: anything with unsubscribe() or close()). */
export interface SubscribeClient {
  subscribe(method: string, params: unknown[], onNotification: (value: unknown) => void, options?: { oneShot?: boolean }): unknown;
}

type Handle = { unsubscribe?: () => unknown; close?: () => unknown } | undefined;

function release(handle: unknown): void {
  const h = handle as Handle;
  try {
    void (h?.unsubscribe ? h.unsubscribe() : h?.close?.());
  } catch {
    // The subscription ends by itself after its notification; a failed unsubscribe is harmless.
  }
}

/** A watcher over a websocket client's `signatureSubscribe`. */
export function signatureWatcherFromWs(ws: SubscribeClient, commitment: "processed" | "confirmed" | "finalized" = "confirmed"): SignatureWatcher {
  return {
    watch(signature, onEvent) {
      let done = false;
      const handle = ws.subscribe("signatureSubscribe", [signature, { commitment }], () => {
        if (!done) onEvent();
      }, { oneShot: true });
      return () => {
        done = true;
        if (handle instanceof Promise) handle.then(release, () => undefined);
        else release(handle);
      };
    },
  };
}
