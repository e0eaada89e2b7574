import { afterAll, beforeAll } from "bun:test";
import { createSigner, type Signer } from "../../src/chain/signer.ts";
import { startSimCluster, type SimCluster, type SimClusterOptions } from "../../src/sim/cluster/index.ts";

/** Starts a cluster on free ports with fast slots (tests only). */
export function startTestCluster(options: SimClusterOptions = {}): Promise<SimCluster> {
  return startSimCluster({ slotMs: 40, httpPort: 0, ...options });
}

/** One cluster for the whole test file: started before its first test, stopped after its last; returns a getter. */
export function clusterPerFile(options: SimClusterOptions = {}): () => SimCluster {
  let cluster: SimCluster | undefined;
  beforeAll(async () => {
    cluster = await startTestCluster(options);
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (cluster === undefined) throw new Error("the test cluster is not started yet");
    return cluster;
  };
}

/** A deterministic signer from a small number. */
export function testSigner(n: number): Signer {
  const seed = new Uint8Array(32);
  seed.fill(n & 0xff);
  seed[31] = 7;
  return createSigner(seed);
}

/** POSTs one JSON-RPC request (or a batch) and returns the parsed body. */
export async function rpc(url: string, body: unknown): Promise<any> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
  return res.json();
}

/** Calls one method with a string id and returns the envelope. */
export function call(url: string, method: string, params: unknown[] = [], id: string | number = "1"): Promise<any> {
  return rpc(url, { jsonrpc: "2.0", id, method, params });
}

/** Waits until `pred` is true (polling), or throws after `ms`. */
export async function waitFor(pred: () => boolean | Promise<boolean>, ms = 5000, what = "condition"): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (await pred()) return;
    await Bun.sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A websocket client collecting every parsed message. */
export async function openWs(url: string): Promise<{ ws: WebSocket; messages: any[]; raw: string[]; request(id: number, method: string, params?: unknown[]): Promise<any> }> {
  const ws = new WebSocket(url);
  const messages: any[] = [];
  const raw: string[] = [];
  ws.onmessage = (ev) => {
    const text = String(ev.data);
    raw.push(text);
    try {
      messages.push(JSON.parse(text));
    } catch {
      messages.push({ unparsable: text });
    }
  };
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error("ws error"));
  });
  return {
    ws,
    messages,
    raw,
    async request(id, method, params = []) {
      ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
      let found: any;
      await waitFor(() => (found = messages.find((m) => m.id === id)) !== undefined, 3000, `reply ${id}`);
      return found;
    },
  };
}
