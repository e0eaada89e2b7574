/**
 * The floor of the hot path (bench/floor.ts spawns it): the least a sniper must do between a launch's
 * notification and its buy on the wire, with none of the bot around it. One websocket logs
 * subscription; a frame that does not name a create instruction is dropped after one substring search;
 * a create frame is JSON-parsed, its CreateEvent decoded, a buy built from the byte template, signed
 * (native ed25519) and written as one HTTP/1.1 request on a socket opened at start. No filters, journal,
 * positions, history, status page or collector-heavy work. Environment: BENCH_FLOOR = JSON
 * { httpUrl, wsUrl, secret, warmMs? } (secret: the bench wallet's base58 64-byte key). With `warmMs` > 0
 * it re-runs the whole chain every `warmMs` on a synthetic launch frame (listener/launch-rehearsal.ts)
 * without the write, as the bot's warm-up does: the floor of a bot that keeps its path warm. Prints "ready" when
 * subscribed. It times each buy as the bot's in-process share is timed (frame received -> send
 * written, on the same monotonic clock); when stdin closes it prints them as one JSON line
 * `{"in_process_ms":[...]}` and exits (SIGTERM: exits without it).
 */
import bs58 from "bs58";
import { buildSignedBuyTransactionFast } from "../../src/chain/buy-template.ts";
import { decodePumpEvent, DISC_KEY, discKey } from "../../src/chain/pump/index.ts";
import { PUMP_PROGRAM_ID } from "../../src/chain/pump/constants.ts";
import { createSigner } from "../../src/chain/signer.ts";
import { encodeRequest, parseTarget } from "../../src/chain/rpc/http1-codec.ts";
import { sendTransactionBody } from "../../src/executor/senders.ts";
import { DEFAULT_FEE_RECIPIENT } from "../../src/executor/settings.ts";
import { createLaunchRehearsal } from "../../src/listener/launch-rehearsal.ts";

const { httpUrl, wsUrl, secret, warmMs = 0 } = JSON.parse(process.env.BENCH_FLOOR ?? "{}") as { httpUrl: string; wsUrl: string; secret: string; warmMs?: number };
const signer = createSigner(bs58.decode(secret).subarray(0, 32));
const target = parseTarget(httpUrl, 0);
const DATA = "Program data: ";
const bought = new Set<string>();
let blockhash = "";
let sent = 0;
/** Frame received -> send written of each buy, ms; past its bound further buys go untimed (counted). */
const inProcessMs = new Float64Array(100_000);
let untimed = 0;

/** One JSON-RPC call over fetch (off the hot path: blockhash refreshes). */
async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  const res = await fetch(httpUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }), signal: AbortSignal.timeout(3_000) });
  const j = (await res.json()) as { result: T };
  return j.result;
}
const refresh = async (): Promise<void> => {
  blockhash = (await rpc<{ value: { blockhash: string } }>("getLatestBlockhash", [{ commitment: "confirmed" }])).value.blockhash;
};
await refresh();
setInterval(() => void refresh().catch(() => {}), 1_000);

// The send socket: opened once, kept alive; responses are read and dropped.
const url = new URL(httpUrl);
const socket = await Bun.connect({ hostname: url.hostname, port: Number(url.port), socket: { data() {}, error() {}, close() {} } });
socket.setNoDelay(true);

/** A create frame: its CreateEvent decoded, the buy built, signed and written. */
function onCreateFrame(text: string, receivedAt: number): void {
  const request = buyRequestOf(text, true);
  if (request === null) return;
  socket.write(request);
  if (++sent <= inProcessMs.length) inProcessMs[sent - 1] = performance.now() - receivedAt;
  else untimed++;
}

/**
 * The HTTP request of the buy a create frame asks for, or null (no create event, or a mint bought
 * already). `real` false (a rehearsal): the mint is neither checked nor remembered.
 */
function buyRequestOf(text: string, real: boolean): Uint8Array | null {
  const logs = (JSON.parse(text) as { params: { result: { value: { logs: string[] } } } }).params.result.value.logs;
  for (const line of logs) {
    if (!line.startsWith(DATA)) continue;
    const bytes = Uint8Array.fromBase64(line.slice(DATA.length));
    if (bytes.length < 8 || discKey(bytes) !== DISC_KEY.createEvent) continue;
    const ev = decodePumpEvent(bytes);
    if (ev.kind !== "create") return null;
    if (real) {
      if (bought.has(ev.mint)) return null;
      bought.add(ev.mint);
    }
    const tx = buildSignedBuyTransactionFast({
      signer,
      mint: ev.mint,
      creator: ev.creator,
      tokenProgram: ev.tokenProgram,
      bondingCurve: ev.bondingCurve,
      feeRecipient: DEFAULT_FEE_RECIPIENT,
      recentBlockhash: blockhash,
      computeUnitLimit: 120_000,
      microLamportsPerCu: 100_000n,
      spendableSolIn: 10_000_000n,
      minTokensOut: 1n,
    });
    return encodeRequest(target, sendTransactionBody(tx.base64, (sent + 1).toString(36)));
  }
  return null;
}

// The warm-up: the whole chain on a synthetic launch frame every `warmMs`, nothing written.
let rehearsals = 0;
if (warmMs > 0) {
  const frame = createLaunchRehearsal().frame;
  setInterval(() => {
    if (buyRequestOf(frame, false) !== null) rehearsals++;
  }, warmMs);
}

const ws = new WebSocket(wsUrl);
ws.onopen = () => ws.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "logsSubscribe", params: [{ mentions: [PUMP_PROGRAM_ID] }, { commitment: "processed" }] }));
ws.onmessage = (m) => {
  const receivedAt = performance.now();
  const text = m.data as string;
  if (text.includes("Instruction: Create")) onCreateFrame(text, receivedAt);
  else if (text.includes('"result":') && text.includes('"id":1')) console.log("ready");
};
const stop = (): void => {
  ws.close();
  socket.end();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.stdin.on("close", () => {
  const timed = Array.from(inProcessMs.subarray(0, Math.min(sent, inProcessMs.length)));
  process.stdout.write(JSON.stringify({ in_process_ms: timed, untimed, rehearsals }) + "\n", stop);
});
process.stdin.resume();
