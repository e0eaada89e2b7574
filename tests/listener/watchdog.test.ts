import { afterEach, expect, test } from "bun:test";
import { createListener, createListenerState, type Listener, type ListenerRpc } from "../../src/listener/index.ts";
import { seededRng } from "../../src/rng.ts";
import { RecordingSink, waitFor } from "./helpers.ts";

let stop: (() => unknown) | undefined;
let l: Listener | undefined;
afterEach(async () => {
  l?.close();
  await stop?.();
});

test("listener: a socket that accepts and never sends is reconnected by the heartbeat watchdog (counted per endpoint)", async () => {
  let opens = 0, open = 0;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (req, srv) => (srv.upgrade(req) ? undefined : new Response("", { status: 426 })),
    websocket: { open: () => void (opens++, open++), close: () => void open--, message() {} },
  });
  stop = () => server.stop(true);
  const url = `ws://127.0.0.1:${server.port}`;
  const rpc: ListenerRpc = { getSignaturesForAddress: async () => [], getTransaction: async () => null };
  l = createListener({
    wsUrls: [url],
    rpc,
    sink: new RecordingSink(),
    state: createListenerState([url], 10),
    rng: seededRng(1),
    heartbeatMs: 120,
    requestTimeoutMs: 1_000,
    backoff: { initialMs: 10, factor: 2, maxMs: 40, jitter: 0.5 },
  });
  // The server counts an accept before the client's open event fires: wait for both sides.
  await waitFor(() => opens >= 3 && l!.state.stats.endpoints[0]!.connects >= 3, 4_000, "reconnects");
  const ep = l.state.stats.endpoints[0]!;
  expect(ep.heartbeatTimeouts).toBeGreaterThanOrEqual(2);
  expect(ep.connects).toBeGreaterThanOrEqual(3);
  expect(ep.reconnects).toBe(ep.connects - 1);
  l.close();
  await waitFor(() => open === 0, 1_000, "socket closed");
});
