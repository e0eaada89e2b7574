import { writeFile } from "node:fs/promises";
import { systemClock, type Clock } from "../../clock.ts";
import { noFaults, type FaultPolicy, type MarketDriver, type SimClusterApi } from "../hooks.ts";
import { realScheduler, type Scheduler } from "../ledger/scheduler.ts";
import { Referee } from "../referee/index.ts";
import type { RefereeReport } from "../referee/report.ts";
import { startHttpServer, type HttpServer } from "../server/http.ts";
import type { WsStats } from "../server/connection.ts";
import { SubscriptionHub } from "../server/subscriptions.ts";
import { startWsServer, type WsServer } from "../server/ws.ts";
import { createClusterApi } from "./api.ts";
import { forgetAccounts, forgetToken } from "./forget.ts";
import { SimChain } from "./sim-chain.ts";
import { installPump } from "../pump/index.ts";

/** Options of {@link startSimCluster}; every field has a default. */
export interface SimClusterOptions {
  /** Seed of every random choice of the cluster (blockhashes, signatures, mints). Default 1. */
  seed?: number;
  /** Slot duration in ms. Default 400. */
  slotMs?: number;
  /** HTTP JSON-RPC port; 0 picks a free one. Default 0. */
  httpPort?: number;
  /** Websocket port; default httpPort + 1 (what web3.js assumes), or a free one if that is taken. */
  wsPort?: number;
  /** Wall + monotonic clock (referee stamps, block times). Default: the system clock. */
  clock?: Clock;
  /** Timers driving slots and the market. Default: real timers. Pass a ManualScheduler to step. */
  scheduler?: Scheduler;
  /** Fault injection. Default: none. */
  faults?: FaultPolicy;
  /** A market model to start (it gets the cluster API). Default: none. */
  market?: MarketDriver;
  /** Where to write the referee report on stop. Default: not written. */
  refereeOut?: string;
  /** Per-subscriber websocket send buffer bound in bytes. Default 16 MiB. */
  maxWsBufferedBytes?: number;
  /**
   * Landed transactions kept for getTransaction / getSignaturesForAddress (backfill). Default 50,000.
   * Every kept record is live memory the GC traces: a smaller bound makes a busy market cheaper.
   */
  maxTxRecords?: number;
  /** Compiled trades kept for reuse, one per recent (trader, mint, kind). Default 50,000. */
  maxTradeShapes?: number;
}

/** A running simulated cluster. */
export interface SimCluster {
  httpUrl: string;
  wsUrl: string;
  api: SimClusterApi;
  referee: Referee;
  chain: SimChain;
  /** The websocket subscription hub (benchmarks re-deliver landed records through it). */
  hub: SubscriptionHub;
  /**
   * Test and benchmark controls: drop every websocket connection; advance one slot now; forget a
   * finished token's accounts or some wallets (forget.ts), each returning how many accounts existed.
   */
  control: {
    dropWebsockets(): void;
    advanceSlot(): number;
    forgetToken(mint: string, holders: readonly string[]): number;
    forgetAccounts(pubkeys: readonly string[]): number;
  };
  stats(): { ws: WsStats; subscriptions: number; connections: number; slot: number };
  /** Stops the market, the slot ticker and both servers; writes the referee report if configured. */
  stop(): Promise<void>;
}

function startWsWithFallback(port: number, fallback: boolean, o: Omit<Parameters<typeof startWsServer>[0], "port">): WsServer {
  try {
    return startWsServer({ ...o, port });
  } catch (e) {
    if (!fallback) throw e;
    return startWsServer({ ...o, port: 0 });
  }
}

/** Starts the simulated cluster on 127.0.0.1 (HTTP JSON-RPC + websocket). */
export async function startSimCluster(options: SimClusterOptions = {}): Promise<SimCluster> {
  const clock = options.clock ?? systemClock;
  const faults = options.faults ?? noFaults;
  const chain = new SimChain({
    seed: options.seed ?? 1,
    slotMs: options.slotMs ?? 400,
    clock,
    scheduler: options.scheduler ?? realScheduler,
    faults,
    maxTxRecords: options.maxTxRecords,
  });
  installPump(chain);
  const referee = new Referee(clock);
  const hub = new SubscriptionHub(
    () => chain.ledger.slots.slot(),
    (mint, connId) => referee.onLaunchNotified(mint, connId, referee.stamp()),
  );
  const api = createClusterApi(chain, options.scheduler ?? realScheduler, options.maxTradeShapes);
  chain.ledger.accounts.onChange((pubkey, account) => hub.onAccountChanged(pubkey, account));
  chain.onLanded(({ record, effects }, origin) => {
    for (const e of effects) if (e.kind === "create") referee.onLaunchLanded(e.mint, record.signature, record.slot, referee.stamp());
    if (origin === "wallet") referee.onWalletLanded(record, effects);
    hub.onLanded(record, effects);
  });
  chain.ledger.onSlot((slot) => hub.onSlot(slot));

  let http: HttpServer | undefined;
  let ws: WsServer | undefined;
  try {
    http = startHttpServer({
      port: options.httpPort ?? 0,
      faults,
      referee,
      context: (receivedAt) => ({ ledger: chain.ledger, submit: chain.walletDeps, chain, referee, receivedAt }),
      simEndpoints: {
        referee: (): RefereeReport => referee.report(),
        stats: () => stats(),
      },
    });
    const explicitWs = options.wsPort !== undefined;
    ws = startWsWithFallback(explicitWs ? options.wsPort! : http.server.port! + 1, !explicitWs, {
      hub,
      txs: chain.ledger.txs,
      faults,
      maxBufferedBytes: options.maxWsBufferedBytes,
    });
  } catch (e) {
    await http?.stop();
    throw e;
  }
  const wsServer = ws;
  const httpServer = http;
  const stats = (): ReturnType<SimCluster["stats"]> => ({
    ws: { ...wsServer.stats },
    subscriptions: hub.size(),
    connections: wsServer.connections.size,
    slot: chain.ledger.slots.slot(),
  });
  chain.ledger.start();
  options.market?.start(api);
  let stopped = false;
  return {
    httpUrl: httpServer.url,
    wsUrl: wsServer.url,
    api,
    referee,
    chain,
    hub,
    control: {
      dropWebsockets: () => wsServer.dropAll(),
      advanceSlot: () => chain.ledger.advanceSlot(),
      forgetToken: (mint, holders) => forgetToken(chain.ledger.accounts, mint, holders),
      forgetAccounts: (pubkeys) => forgetAccounts(chain.ledger.accounts, pubkeys),
    },
    stats,
    async stop() {
      if (stopped) return;
      stopped = true;
      options.market?.stop();
      chain.ledger.stop();
      await Promise.all([httpServer.stop(), wsServer.stop()]);
      if (options.refereeOut) await writeFile(options.refereeOut, JSON.stringify(referee.report(), null, 2));
    },
  };
}
