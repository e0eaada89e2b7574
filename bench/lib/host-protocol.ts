/** The IPC protocol between an orchestrator and bench/lib/cluster-host.ts, and the orchestrator's client. */
import type { Subprocess } from "bun";
import { pinTo } from "./pinning.ts";
import { benchWallet } from "./bot-env.ts";

/** Options of the host process (passed as JSON in BENCH_HOST). */
export interface HostOptions {
  seed?: number;
  slotMs?: number;
  httpPort?: number;
  wsPort?: number;
  /** Fault specs (src/sim/faults), e.g. "http429:rate=0.2". */
  faults?: string[];
  /** Bounds that keep the host's memory flat however long a run lasts (see INSTRUMENT_BOUNDS). */
  bounds?: InstrumentBounds;
}

/** The cluster host's memory bounds for long latency runs. */
export interface InstrumentBounds {
  /** Landed transactions kept (the sim's default 50,000). */
  txRecords: number;
  /** Compiled trades kept for reuse (the sim's default 50,000: one per creator's dump in these runs). */
  tradeShapes: number;
  /** A launch leaves the ledger this long after it is finished: the bot's sell landed, or it never bought. */
  forgetLaunchesAfterMs: number;
}

/**
 * The hot path's and the floor's host: its memory must not grow with the run, or the referee's stamps
 * wait on its garbage collector more as a soak goes on. 5,000 transactions is a minute of these runs'
 * landings; a launch is forgotten 30 s after the bot is out of it. `BENCH_HOST_UNBOUNDED=1` runs the
 * host on the sim's defaults instead, every account and 50,000 transactions kept.
 */
export const INSTRUMENT_BOUNDS: InstrumentBounds = { txRecords: 5_000, tradeShapes: 2_000, forgetLaunchesAfterMs: 30_000 };

export type HostCommand =
  | { id: number; cmd: "fund"; pubkey: string; lamports: string }
  | { id: number; cmd: "background"; mints: number; traders: number; pool?: number }
  /** `replayed`: re-deliver executed trades from the pool with fresh signatures (see cluster-host.ts). */
  | { id: number; cmd: "flow"; perSec: number; replayed?: boolean }
  | { id: number; cmd: "launches"; count: number; perSec: number; devBuyLamports: string; wallet: string; dumpAfterMs?: number; dumpShare?: number }
  | { id: number; cmd: "progress" }
  /** The ledger's size: accounts, addresses with listed signatures, launches forgotten (bounds). */
  | { id: number; cmd: "ledger" }
  | { id: number; cmd: "blast"; perSec: number; seconds: number }
  | { id: number; cmd: "samples"; wallet: string }
  | { id: number; cmd: "onchain"; wallet: string }
  | { id: number; cmd: "drop-ws" }
  | { id: number; cmd: "stop-launches" }
  | { id: number; cmd: "landed-buys"; wallet: string }
  | { id: number; cmd: "poke"; wallet: string }
  /** Live JS objects by type after a full collection (heap-types.ts). */
  | { id: number; cmd: "types" }
  | { id: number; cmd: "stop" };

export type HostReply = { id: number; ok: true; value?: unknown } | { id: number; ok: false; error: string };

/** One launch as the referee saw it, for the bot's wallet. */
export interface LaunchSample {
  mint: string;
  notifiedAt: number | null;
  /** Referee: launch notification written -> the wallet's first transaction on the mint received (ms). */
  notifyToSendMs: number | null;
  /** Referee: HTTP JSON-RPC requests received inside that window (any client). */
  rpcCalls: number;
  rpcMethods: Record<string, number>;
  buyLanded: boolean;
  buyErr: string | null;
  buysReceived: number;
  sellsReceived: number;
  /** The creator's dump (frame written) -> the wallet's first sell received (ms). */
  dumpToSellMs: number | null;
  dumped: boolean;
  sellsLanded: number;
}

type Cmd = HostCommand extends infer C ? (C extends { id: number } ? Omit<C, "id"> : never) : never;

/** A running cluster host. */
export interface Host {
  httpUrl: string;
  wsUrl: string;
  proc: Subprocess;
  /** The memory bounds it runs with (none: the sim's defaults). */
  bounds?: InstrumentBounds;
  call<T = unknown>(c: Cmd, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Spawns the cluster host process and waits until it listens. */
export async function startHost(options: HostOptions): Promise<Host> {
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let ready!: (v: { httpUrl: string; wsUrl: string }) => void;
  let failed!: (e: Error) => void;
  const readyP = new Promise<{ httpUrl: string; wsUrl: string }>((res, rej) => {
    ready = res;
    failed = rej;
  });
  const proc = Bun.spawn([...pinTo("cluster"), process.execPath, ...(process.env.HOST_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.HOST_PROF}`, "--cpu-prof-interval=100"] : []), "run", new URL("./cluster-host.ts", import.meta.url).pathname], {
    env: { ...process.env, BENCH_HOST: JSON.stringify(options) },
    stdout: "inherit",
    stderr: "inherit",
    ipc(message) {
      const r = message as HostReply;
      if (r.id === 0 && r.ok) return ready(r.value as { httpUrl: string; wsUrl: string });
      const w = waiting.get(r.id);
      if (!w) return;
      waiting.delete(r.id);
      if (r.ok) w.resolve(r.value);
      else w.reject(new Error(`cluster host: ${r.error}`));
    },
  });
  void proc.exited.then((code) => {
    failed(new Error(`cluster host exited ${code}`));
    for (const w of waiting.values()) w.reject(new Error(`cluster host exited ${code}`));
    waiting.clear();
  });
  const urls = await readyP;
  let seq = 1;
  const call = <T>(c: Cmd, timeoutMs = 120_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = seq++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`cluster host: ${c.cmd} timed out`));
      }, timeoutMs);
      waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      proc.send({ ...c, id });
    });
  return {
    ...urls,
    proc,
    ...(options.bounds ? { bounds: options.bounds } : {}),
    call,
    async stop() {
      if (proc.exitCode !== null) return;
      await call({ cmd: "stop" }, 10_000).catch(() => proc.kill(9));
      await proc.exited;
    },
  };
}

/**
 * A host ready for a latency run: the bench wallet of `seed` funded, and the background market (20 mints,
 * 200 traders) the trade flow replays. Used by the hot path and the floor alike, so both meet the same market.
 */
export async function startMarketHost(seed: number): Promise<{ host: Host; wallet: { secret: string; address: string } }> {
  const host = await startHost({ seed, ...(process.env.BENCH_HOST_UNBOUNDED ? {} : { bounds: INSTRUMENT_BOUNDS }) });
  const wallet = benchWallet(40 + (seed % 50));
  await host.call({ cmd: "fund", pubkey: wallet.address, lamports: String(10n ** 15n) });
  await host.call({ cmd: "background", mints: 20, traders: 200 });
  return { host, wallet };
}
