/**
 * Client side of bench/sim.ts, on its own thread (so it does not share the server's event loop):
 * "send" posts prebuilt transactions with N in flight; "listen" counts logsNotification frames.
 */
const port = self as unknown as Worker;

type Job =
  | { kind: "send"; url: string; txs: string[]; concurrency: number }
  | { kind: "listen"; url: string; mention: string; expect: number };

port.onmessage = async (ev: MessageEvent<Job>) => {
  const job = ev.data;
  if (job.kind === "send") {
    let next = 0;
    let failed = 0;
    const worker = async (): Promise<void> => {
      while (next < job.txs.length) {
        const i = next++;
        const res = await fetch(job.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: `{"jsonrpc":"2.0","id":"${i}","method":"sendTransaction","params":["${job.txs[i]}",{"encoding":"base64"}]}`,
        });
        const body = (await res.json()) as { error?: unknown };
        if (body.error) failed++;
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: job.concurrency }, worker));
    port.postMessage({ ms: performance.now() - t0, failed });
    return;
  }
  const ws = new WebSocket(job.url);
  let received = 0;
  let first = 0;
  ws.onmessage = (m) => {
    const text = String(m.data);
    if (text.startsWith('{"jsonrpc":"2.0","method":"logsNotification"')) {
      if (received++ === 0) first = performance.now();
      if (received === job.expect) {
        port.postMessage({ done: true, ms: performance.now() - first, received });
        ws.close();
      }
    } else port.postMessage({ subscribed: true });
  };
  ws.onopen = () => ws.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "logsSubscribe", params: [{ mentions: [job.mention] }, { commitment: "processed" }] }));
};
