/**
 * Hot-path benchmark (not a test: no timed assertions anywhere). Against the simulated cluster on
 * loopback: thousands of launches, each bought through Executor.buy(); times the whole buy() call
 * (checks, quote, PDAs, build, sign, journal, the fetch calls of the fan-out) and its parts separately.
 * Run: bun run tests/executor/bench-buy.ts [launches=3000] [--external]
 * --external runs the cluster in its own process (as in sim mode), so its work and GC do not share the
 * bot's event loop; mints are then random keys (the buys fail on chain; the hot path is the same work).
 */
import { createSigner } from "../../src/chain/signer.ts";
import { buildSignedBuyTransaction } from "../../src/chain/tx-builder.ts";
import { compileMessage } from "../../src/chain/message.ts";
import { deriveAssociatedTokenAddress, deriveCreatorVault, deriveBondingCurve } from "../../src/chain/pump/pda.ts";
import { TOKEN_PROGRAM_ID } from "../../src/chain/pump/constants.ts";
import { createHttpRpcClient } from "../../src/chain/rpc/http-client.ts";
import { buyTokensForSol, initialCurve, MAINNET_FEES } from "../../src/domain/curve.ts";
import { createExecutor, DEFAULT_FEE_RECIPIENT, MemoryJournal } from "../../src/executor/index.ts";
import { startSimCluster } from "../../src/sim/cluster/index.ts";

const N = Number(process.argv[2] ?? 3000);
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, p50_us: +(q(0.5) * 1000).toFixed(1), p99_us: +(q(0.99) * 1000).toFixed(1), max_us: +(s[s.length - 1]! * 1000).toFixed(1) };
};
const randKey = () => createSigner(crypto.getRandomValues(new Uint8Array(32))).address;

const external = process.argv.includes("--external");
const c = external ? undefined : await startSimCluster({ seed: 99, slotMs: 400, httpPort: 0 });
let proc: ReturnType<typeof Bun.spawn> | undefined;
let httpUrl = c?.httpUrl ?? "";
if (external) {
  proc = Bun.spawn([process.execPath, "run", "src/sim/main.ts", "--launch-rate", "0", "--http-port", "0", "--ws-port", "0"], { stdout: "pipe", stderr: "inherit" });
  const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader();
  let text = "";
  while (!/sim cluster http (\S+)/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  httpUrl = /sim cluster http (\S+)/.exec(text)![1]!;
}
const signer = createSigner(crypto.getRandomValues(new Uint8Array(32)));
const rpc = createHttpRpcClient({ endpoints: [httpUrl, httpUrl + "/2"] });
if (c) c.api.fund(signer.address, 10n ** 15n);
else await rpc.requestAirdrop(signer.address, 10n ** 15n);
let confirmed = 0;
const ex = createExecutor({ signer, rpc, journal: new MemoryJournal(), onOutcome: (o) => void (o.type === "order.confirmed" && confirmed++),
  settings: { confirmPollMs: 200, maxBlockhashAgeMs: 60_000 } });
const ac = new AbortController();
await ex.start(ac.signal);
await ex.reconcile(ac.signal);

const total: number[] = [];
for (let i = 0; i < N; i++) {
  const creator = randKey();
  const l = c ? c.api.launchToken({ creator, name: "B", symbol: "B", uri: "u" }) : { mint: randKey(), bondingCurve: "", signature: "x" };
  if (!c) l.bondingCurve = deriveBondingCurve(l.mint).address;
  const t0 = performance.now();
  const r = ex.buy({ mint: l.mint, bondingCurve: l.bondingCurve, creator, tokenProgram: TOKEN_PROGRAM_ID, lamports: 10_000_000n, minTokensOut: 1n, launchReceivedAt: t0, launchSignature: l.signature });
  total.push(performance.now() - t0);
  if (!r.ok) throw new Error(r.reason);
  if (i % 4 === 0) await Bun.sleep(1);
}
await ex.drain(AbortSignal.timeout(30_000));

// The parts, on fresh mints and creators (the worst case: nothing cached but the user's own PDAs).
const parts = { quote: [] as number[], pdas: [] as number[], buildSign: [] as number[], compile: [] as number[], sign: [] as number[] };
const bh = ex.blockhash.peek()!.blockhash;
for (let i = 0; i < N; i++) {
  const mint = randKey(), creator = randKey();
  let t = performance.now();
  buyTokensForSol(initialCurve(), 10_000_000n, MAINNET_FEES);
  parts.quote.push(performance.now() - t);
  const bc = deriveBondingCurve(mint).address;
  t = performance.now();
  deriveAssociatedTokenAddress(bc, mint, TOKEN_PROGRAM_ID);
  deriveAssociatedTokenAddress(signer.address, mint, TOKEN_PROGRAM_ID);
  deriveCreatorVault(creator);
  parts.pdas.push(performance.now() - t);
  const mint2 = randKey(), creator2 = randKey();
  t = performance.now();
  const tx = buildSignedBuyTransaction({ signer, mint: mint2, creator: creator2, bondingCurve: deriveBondingCurve(mint2).address, feeRecipient: DEFAULT_FEE_RECIPIENT,
    recentBlockhash: bh, computeUnitLimit: 120_000, microLamportsPerCu: 100_000n, spendableSolIn: 10_000_000n, minTokensOut: 1n });
  parts.buildSign.push(performance.now() - t);
  t = performance.now();
  signer.sign(tx.message);
  parts.sign.push(performance.now() - t);
}
const out = {
  launches: N, endpoints: 2, cluster: external ? "separate process" : "in process", confirmed,
  buy_total: stats(total),
  quote: stats(parts.quote),
  pdas_fresh_mint_and_creator: stats(parts.pdas),
  build_and_sign_fresh: stats(parts.buildSign),
  sign_only: stats(parts.sign),
  referee_rpc_calls: c?.referee.report().requests.byMethod,
};
console.log(JSON.stringify(out, null, 2));
void compileMessage;
ac.abort();
await c?.stop();
proc?.kill();
