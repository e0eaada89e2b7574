/**
 * Frame -> sink latency of the listener hot path (not a test: `bun run tests/listener/hot-path.bench.ts`).
 * Captures real logsNotification frames from the simulated cluster (launches with a dev buy: a
 * CreateEvent and a TradeEvent each), gives each copy a fresh signature as it goes, then feeds them to a
 * listener through an injected socket and times from the socket callback to `sink.launch()` returning.
 * `ALLOC=1` also reports the bytes allocated per frame: it runs itself again under `BUN_JSC_logGC=1` and
 * sums the collections' "bytes allocated this cycle" between the timed loop's markers (approximate to
 * about one collection's worth over the run; building each frame's text is included, alike for any code).
 */
import { PUMP_PROGRAM_ID } from "../../src/chain/pump/index.ts";
import { createListenerState } from "../../src/listener/index.ts";
import type { ChainEventSink } from "../../src/pipeline/events.ts";
import { startSimCluster } from "../../src/sim/cluster/index.ts";
import { listenerOnFakeSocket } from "./fake-socket.ts";

const N = Number(process.env.FRAMES ?? 20_000);
if (process.env.ALLOC === "1") {
  const child = Bun.spawn([process.execPath, import.meta.path], {
    env: { ...process.env, ALLOC: "0", BUN_JSC_logGC: "1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  const timed = err.slice(err.indexOf("@@BEGIN@@"), err.indexOf("@@FINISH@@"));
  const bytes = [...timed.matchAll(/bytes allocated this cycle: (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
  const result = JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, unknown>;
  console.log(JSON.stringify({ ...result, allocatedKBPerFrame: +(bytes / 1000 / N).toFixed(2) }));
  process.exit(0);
}
const c = await startSimCluster({ seed: 1, slotMs: 400, httpPort: 0 });
const raw = new WebSocket(c.wsUrl);
const captured: string[] = [];
await new Promise((r) => (raw.onopen = r));
raw.onmessage = (ev) => {
  if (String(ev.data).includes("logsNotification")) captured.push(String(ev.data));
};
raw.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "logsSubscribe", params: [{ mentions: [PUMP_PROGRAM_ID] }, { commitment: "processed" }] }));
await Bun.sleep(50);
for (let k = 0; k < 50; k++) c.api.launchToken({ creator: "C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN", name: `Token number ${k}`, symbol: "TOK", uri: "https://example.com/metadata.json", devBuyLamports: 500_000_000n });
await Bun.sleep(200);
raw.close();
await c.stop();
if (captured.length === 0) throw new Error("no frames captured");

// Fresh signatures of the same length, so every frame is first-seen.
const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const frameAt = (i: number): string => {
  const f = captured[i % captured.length]!;
  const at = f.indexOf('"signature":"') + 13;
  const end = f.indexOf('"', at);
  let sig = "";
  let x = i + 1;
  for (let k = 0; k < end - at; k++) {
    sig += ALPHABET[(x + k * 7) % 58];
    x = Math.floor(x / 3) + k;
  }
  return f.slice(0, at) + sig + f.slice(end);
};
const subId = Number(/"subscription":(\d+)/.exec(captured[0]!)![1]);

let t0 = 0;
const lat = new Float64Array(N);
let launches = 0;
const sink: ChainEventSink = {
  launch() {
    lat[launches++] = performance.now() - t0;
  },
  trade() {},
  complete() {},
};
const { listener, deliver } = await listenerOnFakeSocket({ sink, state: createListenerState(["ws://fake"], N + 1), subId });

// Warm-up on a copy of the first frames with other signatures (JIT), not counted.
for (let i = 0; i < 2_000; i++) deliver(frameAt(i).replace('"signature":"', '"signature":"W'));
launches = 0;
const start = performance.now();
console.error("@@BEGIN@@");
for (let i = 0; i < N; i++) {
  const data = frameAt(i);
  // A websocket frame arrives flat: join the pieces before the clock starts (a search over the whole
  // string must read it flat; its result is used, so the compiler cannot drop it).
  if (data.indexOf("\u0001") >= 0) throw new Error("control character in a frame");
  t0 = performance.now();
  deliver(data);
}
console.error("@@FINISH@@");
const elapsed = performance.now() - start;
listener.close();
if (launches !== N) throw new Error(`expected ${N} launches, got ${launches}`);
const sorted = Array.from(lat).sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 1000;
console.log(
  JSON.stringify({
    frames: N,
    frameBytes: frameAt(0).length,
    p50_us: +q(0.5).toFixed(1),
    p99_us: +q(0.99).toFixed(1),
    p999_us: +q(0.999).toFixed(1),
    max_us: +(sorted.at(-1)! * 1000).toFixed(1),
    framesPerSec: Math.round(N / (elapsed / 1000)),
  }),
);
