/**
 * The cost of putting a signed transaction on the wire: fetch-based `rpc.sendRawBase64` (and the executor's
 * `rpcSender` over it) against the keep-alive raw-socket poster (and `rawRpcSender` over it).
 *   bun run bench/send.ts [--n 5000] [--rate 500] [--bytes 400]
 * The JSON-RPC stub (Bun.serve) runs in a CHILD process, so its work does not share the measuring thread;
 * it answers each sendTransaction with the time (performance.timeOrigin + now(): the system clock read at
 * process start plus a monotonic offset, comparable across processes on one machine) at which its
 * handler saw the request. Per send, in microseconds:
 * - call_us: time inside send() on this thread (the poster has written the bytes to the kernel when it
 *   returns; fetch hands the request to Bun's HTTP thread);
 * - to_server_us: from the call to the stub's handler seeing the request (includes the stub's parse);
 * - rtt_us: from the call until the promise resolved;
 * "floor: bare socket.write" writes the same request bytes on a bare socket (no pool, no timer, no
 * promise before the write): what any synchronous write costs here (the loopback syscall wakes the stub).
 * - cpu_us_per_send: this process's CPU time (every thread) over the run divided by the sends.
 * The variants take turns in rounds of n/10 sends (after a warm-up each), so background noise on the
 * machine spreads over all of them alike. Prints one JSON object.
 */
import { createHttpRpcClient } from "../src/chain/rpc/http-client.ts";
import { encodeRequest, Http1ResponseParser, parseTarget } from "../src/chain/rpc/http1-codec.ts";
import { createKeepAlivePoster } from "../src/chain/rpc/keepalive-poster.ts";
import { rawRpcSender, rpcSender, sendTransactionBody } from "../src/executor/senders.ts";
import { percentiles, type Percentiles } from "./lib/stats.ts";
import { numArg } from "./lib/args.ts";

if (process.argv.includes("--serve")) {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const arrived = (performance.timeOrigin + performance.now()).toFixed(4);
      const text = await req.text();
      const id = /"id":"([^"]*)"/.exec(text)?.[1] ?? "0";
      return new Response(`{"jsonrpc":"2.0","id":"${id}","result":"${arrived}"}`, { headers: { "content-type": "application/json" } });
    },
  });
  console.log(String(server.port));
} else {
  await main();
}


interface Run {
  call_us: Percentiles;
  to_server_us?: Percentiles;
  rtt_us: Percentiles;
  cpu_us_per_send: number;
  errors: number;
}

async function main(): Promise<void> {
  const n = numArg("--n", 5_000);
  const rate = numArg("--rate", 500);
  const bytes = numArg("--bytes", 400);
  const child = Bun.spawn(["bun", import.meta.path, "--serve"], { stdout: "pipe", stderr: "inherit" });
  try {
    console.log(JSON.stringify(await run(child, n, rate, bytes), null, 2));
  } finally {
    child.kill();
    await child.exited;
  }
}

async function run(child: Bun.Subprocess<"ignore", "pipe", "inherit">, n: number, rate: number, bytes: number): Promise<unknown> {
  const reader = child.stdout.getReader();
  const first = await reader.read();
  const port = Number(new TextDecoder().decode(first.value).trim());
  const url = `http://127.0.0.1:${port}/?api-key=bench`;
  const base64 = Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64");

  const rpc = createHttpRpcClient({ endpoints: [url] });
  const poster = createKeepAlivePoster({ url, timeoutMs: 3_000 });
  await poster.warm();
  let id = 0;
  const variants: Record<string, () => Promise<unknown>> = {
    "fetch rpc.sendRawBase64": () => rpc.sendRawBase64(base64, { endpoint: 0, skipPreflight: true, maxRetries: 0, timeoutMs: 3_000, retry: false }),
    "poster.post": () => poster.post("sendTransaction", sendTransactionBody(base64, (++id).toString(36))),
  };
  const fetchSender = rpcSender(rpc, 0);
  const rawSender = rawRpcSender(poster);
  const tx = { base64, signature: "bench" };
  variants["rpcSender (fetch)"] = () => fetchSender.send(tx).then(() => "0");
  variants["rawRpcSender (poster)"] = () => rawSender.send(tx).then(() => "0");
  // The floor: the same bytes written on a bare socket, no pool, no timer (answers parsed off the clock).
  const target = parseTarget(url, 0);
  const parser = new Http1ResponseParser();
  const waiting: ((v: string) => void)[] = [];
  const onData = (chunk: Uint8Array): void => {
    for (let r = parser.push(chunk); r; r = parser.buffered > 0 ? parser.push(new Uint8Array(0)) : undefined) waiting.shift()?.("0");
  };
  const bare = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data: (_s, d) => onData(d) } });
  bare.setNoDelay(true);
  variants["floor: bare socket.write"] = () => {
    bare.write(encodeRequest(target, sendTransactionBody(base64, (++id).toString(36))));
    return new Promise<string>((res) => waiting.push(res));
  };

  const samples: Record<string, Samples> = {};
  for (const [name, send] of Object.entries(variants)) {
    await measure(send, Math.min(500, n), rate, newSamples()); // warm-up: JIT, connections
    samples[name] = newSamples();
  }
  const rounds = 10;
  for (let r = 0; r < rounds; r++) {
    for (const [name, send] of Object.entries(variants)) await measure(send, Math.ceil(n / rounds), rate, samples[name]!);
  }
  const results: Record<string, Run> = {};
  for (const [name, x] of Object.entries(samples)) {
    results[name] = {
      call_us: percentiles(x.call),
      ...(x.toServer.length > 0 ? { to_server_us: percentiles(x.toServer) } : {}),
      rtt_us: percentiles(x.rtt),
      cpu_us_per_send: Math.round((x.cpuUs / x.call.length) * 10) / 10,
      errors: x.errors,
    };
  }
  poster.close();
  bare.end();
  return { bench: "send", n, rate_per_s: rate, tx_bytes: bytes, bun: Bun.version, results };
}

interface Samples {
  call: number[];
  toServer: number[];
  rtt: number[];
  cpuUs: number;
  errors: number;
}
function newSamples(): Samples {
  return { call: [], toServer: [], rtt: [], cpuUs: 0, errors: 0 };
}

/** `n` sends at `rate` per second, added to `into`. */
async function measure(send: () => Promise<unknown>, n: number, rate: number, into: Samples): Promise<void> {
  const pending: Promise<void>[] = [];
  const gap = 1_000 / rate;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const wait = start + i * gap - performance.now();
    if (wait > 0) await Bun.sleep(wait);
    const t0 = performance.now();
    const w0 = performance.timeOrigin + t0;
    const p = send();
    into.call.push((performance.now() - t0) * 1000);
    pending.push(
      p.then(
        (r) => {
          into.rtt.push((performance.now() - t0) * 1000);
          if (typeof r === "string" && r !== "0") into.toServer.push((Number(r) - w0) * 1000);
        },
        () => void into.errors++,
      ),
    );
  }
  await Promise.all(pending);
  const cpu = process.cpuUsage(cpu0);
  into.cpuUs += cpu.user + cpu.system;
}
