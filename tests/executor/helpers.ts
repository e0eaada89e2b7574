import { createSigner, type Signer } from "../../src/chain/signer.ts";
import { TOKEN_PROGRAM_ID } from "../../src/chain/pump/constants.ts";
import { createHttpRpcClient, type HttpRpcClient, type HttpRpcOptions } from "../../src/chain/rpc/http-client.ts";
import { createExecutor, MemoryJournal, type Executor, type ExecutorDeps, type IntentJournal, type TxSender } from "../../src/executor/index.ts";
import type { OrderOutcome, BuyRequest } from "../../src/pipeline/orders.ts";
import { startSimCluster, type SimCluster, type SimClusterOptions } from "../../src/sim/cluster/index.ts";

/** A cluster with fast slots (150 slots of blockhash validity = 1.5 s at 10 ms). */
export function cluster(options: SimClusterOptions = {}): Promise<SimCluster> {
  return startSimCluster({ seed: 7, slotMs: 10, httpPort: 0, ...options });
}

let walletN = 1;
/** A fresh deterministic wallet, funded with 10 SOL. */
export function fundedWallet(c: SimCluster): Signer {
  const seed = new Uint8Array(32).fill(walletN++ & 0xff);
  seed[0] = 42;
  const s = createSigner(seed);
  c.api.fund(s.address, 10_000_000_000n);
  return s;
}

/** An executor over the cluster with test-speed settings; `outcomes` collects what it reports. */
export async function startExecutor(
  c: SimCluster,
  o: Partial<ExecutorDeps> & { signer: Signer; rpcOptions?: Partial<HttpRpcOptions>; journal?: IntentJournal } ,
): Promise<{ ex: Executor; rpc: HttpRpcClient; journal: IntentJournal; outcomes: OrderOutcome[]; ac: AbortController; methods: string[] }> {
  const methods: string[] = [];
  const rpc = o.rpc ?? createHttpRpcClient({ endpoints: [c.httpUrl], retry: { maxAttempts: 5, baseDelayMs: 5 }, onRequest: (m) => methods.push(m), ...o.rpcOptions });
  const journal = o.journal ?? new MemoryJournal();
  const outcomes: OrderOutcome[] = [];
  const ex = createExecutor({
    rpc,
    journal,
    onOutcome: (x) => outcomes.push(x),
    ...o,
    settings: { confirmPollMs: 20, blockhashRefreshMs: 50, computeUnitLimit: 100_000, priorityFee: { mode: "fixed", microLamports: 10_000n }, ...o.settings },
  });
  const ac = new AbortController();
  await ex.start(ac.signal);
  await ex.reconcile(ac.signal);
  return { ex, rpc, journal, outcomes, ac, methods };
}

/** Launches a token and returns the BuyRequest a sniper would make for it. */
export function launch(c: SimCluster, lamports = 100_000_000n, minTokensOut = 1n): BuyRequest & { launch: ReturnType<SimCluster["api"]["launchToken"]> } {
  const creator = createSigner(new Uint8Array(32).fill((walletN++ + 100) & 0xff)).address;
  const l = c.api.launchToken({ creator, name: "T", symbol: "T", uri: "https://x" });
  return {
    launch: l,
    mint: l.mint,
    bondingCurve: l.bondingCurve,
    creator,
    tokenProgram: TOKEN_PROGRAM_ID,
    lamports,
    minTokensOut,
    launchReceivedAt: performance.now(),
    launchSignature: l.signature,
  };
}

/** Waits until `pred` holds (polling every 10 ms) or throws after `ms`. */
export async function until(pred: () => boolean, ms = 8_000, what = "condition"): Promise<void> {
  const end = performance.now() + ms;
  while (!pred()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

/** Our wallet's landed trades, as the referee recorded them. */
export function landed(c: SimCluster, wallet: string) {
  return c.referee.walletTxs.get(wallet) ?? [];
}

/** `s` with a count of its signatures. */
export function countingSigner(s: Signer): Signer & { count: number } {
  const out = { publicKey: s.publicKey, publicKeyBytes: s.publicKeyBytes, address: s.address, count: 0, sign: (m: Uint8Array) => (out.count++, s.sign(m)) };
  return out;
}

/** A sender that records what it was given and accepts everything. */
export function recordingSender(): TxSender & { sent: string[] } {
  const sent: string[] = [];
  return { name: "rec", sent, send: async (tx) => void sent.push(tx.signature) };
}
