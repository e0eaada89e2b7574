/** A listener on an injected socket (no network, no timers that matter): frames are handed in by the test. */
import type { Clock } from "../../src/clock.ts";
import type { WsSocket } from "../../src/chain/rpc/ws-client.ts";
import { createListener, type Listener, type ListenerState } from "../../src/listener/index.ts";
import type { ChainEventSink } from "../../src/pipeline/events.ts";

/** Starts a listener whose logs subscription the fake node answered with `subId`; `deliver` feeds it a frame. */
export async function listenerOnFakeSocket(o: { sink: ChainEventSink; state: ListenerState; subId: number; onBug?: (e: Error) => void; clock?: Clock }): Promise<{ listener: Listener; deliver(data: string | ArrayBuffer): void }> {
  const sent: string[] = [];
  const socket = { readyState: 1, binaryType: "arraybuffer", send: (m: string) => void sent.push(m), close() {}, onopen: null, onmessage: null, onclose: null, onerror: null } as unknown as WsSocket;
  const listener = createListener({
    wsUrls: ["ws://fake"],
    rpc: { getSignaturesForAddress: async () => [], getTransaction: async () => null },
    sink: o.sink,
    state: o.state,
    slotLiveness: false,
    heartbeatMs: 3_600_000,
    backfill: { enabled: false },
    createSocket: () => socket,
    ...(o.onBug ? { onBug: o.onBug } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
  });
  socket.onopen!(new Event("open"));
  const req = JSON.parse(sent.find((m) => m.includes("logsSubscribe"))!) as { id: number };
  socket.onmessage!({ data: `{"jsonrpc":"2.0","id":${req.id},"result":${o.subId}}` } as MessageEvent);
  await Bun.sleep(0); // the subscribe answer resolves in a microtask
  return { listener, deliver: (data) => socket.onmessage!({ data } as MessageEvent) };
}
