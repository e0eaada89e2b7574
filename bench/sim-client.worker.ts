/**
 * Client side of bench/sim.ts, on its own thread (so it does not share the server's event loop):
 * "send" posts prebuilt transactions with N in flight; "listen" subscribes to logs over a websocket and
 * stamps the arrival of every logsNotification frame (absolute ms: timeOrigin + now, comparable with
 * the main thread's stamps), checking each is a well-formed notification with a TradeEvent line.
 */
const port = self as unknown as Worker;

type Job =
  | { kind: "send"; url: string; txs: string[]; concurrency: number }
  | { kind: "listen"; url: string; mention: string; expect: number }
  | { kind: "clock" };

const NOTIFICATION_PREFIX = '{"jsonrpc":"2.0","method":"logsNotification"';
/** base64 of the TradeEvent discriminator's first 6 bytes (bddb7fd34ee6): the start of its data line. */
const TRADE_LINE = "Program data: vdt/007m";

const now = (): number => performance.timeOrigin + performance.now();

port.onmessage = async (ev: MessageEvent<Job>) => {
  const job = ev.data;
  if (job.kind === "clock") {
    port.postMessage({ clock: now() });
    return;
  }
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
  const arrivals = new Float64Array(job.expect);
  let received = 0;
  let bad = 0;
  let withTrade = 0;
  const finish = (): void => {
    port.postMessage({ done: true, received, checked, bad, withTrade, arrivals }, [arrivals.buffer]);
    ws.close();
  };
  let checked = 0;
  ws.onmessage = (m) => {
    const t = now();
    const text = m.data as string;
    if (text.startsWith(NOTIFICATION_PREFIX)) {
      if (received < job.expect) arrivals[received] = t;
      received++;
      // Validity checks on a sample of the frames (parsing them all would load this thread more than a
      // listener that decodes only what it needs): it parses, err is null, it carries a TradeEvent line.
      if ((received & 15) !== 1) {
        if (received === job.expect) finish();
        return;
      }
      const parsed = JSON.parse(text) as { params?: { result?: { value?: { logs?: string[]; err?: unknown } } } };
      const logs = parsed.params?.result?.value?.logs;
      checked++;
      if (!logs || parsed.params?.result?.value?.err !== null) bad++;
      else if (logs.some((l) => l.startsWith(TRADE_LINE))) withTrade++;
      if (received === job.expect) finish();
    } else port.postMessage({ subscribed: true });
  };
  ws.onopen = () => ws.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "logsSubscribe", params: [{ mentions: [job.mention] }, { commitment: "processed" }] }));
};
