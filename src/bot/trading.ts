/**
 * The trading side of the bot: listener -> launch gate (filters) -> executor, trades -> positions (every
 * price) and throttler (UI, alerts). The hot path is plain function calls through PortSlots bound by the
 * supervised actors; the mode only picks adapters (sim and live sign and send, paper fills by curve math).
 */
import { dirname } from "node:path";
import type { Logger } from "pino";
import { encodeBase58Key } from "../chain/base58.ts";
import { createSigner, type Signer } from "../chain/signer.ts";
import { createHttpRpcClient } from "../chain/rpc/http-client.ts";
import { createWsClient, type WsClient } from "../chain/rpc/ws-client.ts";
import type { Clock } from "../clock.ts";
import { SniperError } from "../errors.ts";
import { redactUrl, type Config, type Secrets } from "../config/index.ts";
import { compileExitRules } from "../domain/exits/index.ts";
import { sellValue } from "../domain/exits/value.ts";
import { compileFilterConfig, createFilterContext, createLaunchGate, type DecisionRecord } from "../domain/filters/index.ts";
import type { ExitReason } from "../domain/trade-record.ts";
import type { Observation } from "../domain/alerts/index.ts";
import { bundleSender, createExecutor, Executor, executorSettingsFromConfig, rpcSenders, signatureWatcherFromWs, type ExecutorService } from "../executor/index.ts";
import { createLaunchRehearsal } from "../listener/launch-rehearsal.ts";
import { REHEARSAL_POSITION, type HotPathWarmer } from "../executor/hot-path-warmer.ts";
import { createSendRehearsal } from "../executor/send-rehearsal.ts";
import { PaperExecutor } from "../executor/paper.ts";
import type { Metrics } from "../http/metrics.ts";
import { createListenerState, listenerRpcFrom } from "../listener/index.ts";
import type { ListenerState } from "../listener/types.ts";
import type { ChildSpec } from "../machines/supervisor.types.ts";
import type { ChainEventSink, LaunchDetected } from "../pipeline/events.ts";
import { PortSlot } from "../pipeline/port-slot.ts";
import { withPosition, type OrderOutcome } from "../pipeline/orders.ts";
import type { MissedOutcome, PositionRecord } from "../positions/types.ts";
import type { AdoptedChild } from "../runtime/adopted-rows.ts";
import type { Drainer } from "../runtime/flushers.ts";
import { StoreIntentJournal } from "../store/intent-journal.ts";
import { createScratchJournals } from "../store/scratch-journal.ts";
import { SqlitePositionStore } from "../store/position-store.ts";
import type { LaunchRow } from "../store/types.ts";
import type { History } from "../actors/history.actor.ts";
import { executorActor, executorDrainer } from "../actors/executor.actor.ts";
import { listenerActor } from "../actors/listener.actor.ts";
import { positionsActor, type PositionsPort } from "../actors/positions.actor.ts";
import { throttlerActor, type ThrottlerPort } from "../actors/throttler.actor.ts";
import { priceUpdateFromTrade, type PriceUpdate } from "../throttle/index.ts";
import type { UiRuntime } from "../ui/index.ts";
import { assertBalance, loadLiveSigner, loadOrCreateSimKeypair, protectSigner } from "../wallet/index.ts";
import { simTopUpActor } from "../actors/sim-top-up.actor.ts";
import { createSimTopUp } from "./sim-top-up.ts";
import { createTradeRecorder } from "./trade-recorder.ts";
import { createSnipeLatency } from "./snipe-latency.ts";
import { createCreatorRugs } from "./creator-rugs.ts";
import { createQueuedLaunches } from "./queued-launches.ts";

/** What the trading side needs from the rest of the composition. */
export interface TradingDeps {
  config: Config;
  secrets: Secrets;
  clock: Clock;
  log: Logger;
  history: History;
  ui: UiRuntime;
  metrics: Metrics;
  /** Feeds the alert rules (prices, PnL, closed trades, launches, transactions). */
  observe: (observation: Observation) => void;
}

/** Operator controls over trading (the control API calls these). */
export interface TradingControl {
  pause(): void;
  resume(): void;
  /** Sells the position on `mint`; false when none is open. */
  sell(mint: string): boolean;
  sellAll(): number;
  readonly paused: boolean;
}

/** The trading side, ready to be put under the `trading` supervisor. */
export interface Trading {
  /** Children of the trading supervisor, in start order (the listener last, so it stops first). */
  children: ChildSpec[];
  drainers: Drainer[];
  control: TradingControl;
  listenerState: ListenerState;
  /** The wallet's public address (never the key). */
  wallet: string;
  /** One round of endpoint health checks for the status page (HTTP latency by getSlot, websocket liveness). */
  probeEndpoints(signal: AbortSignal): Promise<void>;
  /** Orders sent and not yet settled (confirmed, failed or expired). */
  ordersInFlight(): number;
  /** The live position actors for the actor table (none while the positions manager restarts). */
  positionActors(): readonly AdoptedChild[];
  /** Stops what lives outside the actors (the confirmation websocket). */
  close(): void;
  /** Intake stop for the lifecycle's draining: no new launch is decided after this. */
  stopIntake(): void;
  /** The executor's warm-up of the snipe path (passes so far, rehearsal steps, the send rehearsal's sink); null when off or in paper mode. */
  warmUp: WarmUp | null;
  /** Sim mode: the simulated cluster (re)started, a new chain: check the wallet's balance and top it up now. */
  simChainReady(): void;
}

/** The warm-up as the bot reports it: its passes and steps, and while it runs, its send and buy rehearsals' counts. */
export type WarmUp = Pick<HotPathWarmer, "passes" | "steps"> & {
  /** Posts the rehearsal's sink answered and the posts that failed; null while no send rehearsal runs. */
  readonly sends: { answered: number; failures: number } | null;
  /** Rehearsed buys sent and failed (executor/buy-rehearsal.ts); null while none run. */
  readonly buys: { sent: number; failures: number } | null;
};

/** The warm-up of `executor` (null without one). */
function warmUpOf(executor: Executor): WarmUp | null {
  const w = executor.warmer;
  if (w === null) return null;
  return {
    get passes() {
      return w.passes;
    },
    get steps() {
      return w.steps;
    },
    get sends() {
      const r = executor.sendRehearsal;
      return r === undefined ? null : { answered: r.sink.answered, failures: r.failures };
    },
    get buys() {
      const b = executor.buyRehearsal;
      return b === undefined ? null : { sent: b.sent, failures: b.failures };
    },
  };
}

// Latest curve per mint for buys and paper fills: bounded, oldest mint forgotten first.
const CURVES_BOUND = 4096;

/** Builds every trading adapter for the config's mode and the actors that own them. */
export function setUpTrading(d: TradingDeps): Trading {
  const { config, clock, log, history, ui, metrics } = d;
  const rpc = createHttpRpcClient({ endpoints: config.rpc.httpUrls });
  const filterConfig = compileFilterConfig(config.filters);
  const rules = compileExitRules(config.exits);
  const latency = createSnipeLatency(CURVES_BOUND);

  const signer = chooseSigner(config, d.secrets);
  ui.cache.walletAddress(signer.address);
  let balance = 0n;
  let balanceRefresh: ReturnType<typeof setTimeout> | undefined;
  const refreshBalance = async (signal: AbortSignal): Promise<bigint> => {
    balance = await rpc.getBalance(signer.address, "confirmed", { signal });
    ui.cache.balanceLamports(balance);
    d.observe({ type: "balance", lamports: balance, at: clock.now() });
    return balance;
  };
  // Sim mode: the paper wallet is topped up in the background (a timer, and at once on a new chain).
  const w = config.wallet;
  const topUpPolicy = { floorLamports: BigInt(w.simFloorLamports), airdropLamports: BigInt(w.simAirdropLamports), minIntervalMs: w.simAirdropMinIntervalMs };
  const simTopUp =
    config.mode === "sim"
      ? createSimTopUp({
          policy: topUpPolicy,
          refresh: refreshBalance,
          airdrop: (lamports, signal) => rpc.requestAirdrop(signer.address, lamports, { signal, retry: false }),
          clock,
          timeoutMs: 5_000,
          log,
        })
      : undefined;
  const simTopUpWake = new PortSlot<() => void>("simTopUp");

  const executorSlot = new PortSlot<ExecutorService>("executor");
  const positionsSlot = new PortSlot<PositionsPort>("positions");
  const throttlerSlot = new PortSlot<ThrottlerPort>("throttler");

  const launches = createQueuedLaunches((w) => history.writer.enqueue(w));
  const recorder = createTradeRecorder({
    writer: history.writer,
    mode: config.mode,
    clock,
    rules,
    log,
    snipeLatency: latency.of,
    queuedLaunch: launches.of,
    onTradeClosed: (t) => {
      ui.cache.trade(t);
      d.observe({ type: "trade.closed", positionId: t.positionId, mint: t.mint, pnlLamports: t.proceedsLamports - t.costLamports, at: clock.now() });
    },
  });
  // The fill rows are already committed with the intent's confirmation (journal); then the position.
  const onOutcome = (o: OrderOutcome): void => {
    if (o.type === "order.confirmed") metrics.confirmations.inc({ side: o.side });
    else metrics.failures.inc({ kind: `${o.side}_failed` });
    d.observe({ type: "tx.result", ok: o.type === "order.confirmed", at: clock.now() });
    positionsSlot.get()?.outcome(o);
    // The balance moved: refresh it (status page, balance-floor filter and alert) off the hot path,
    // at most once per second however many orders confirm. In sim mode, below the floor: top up now.
    if (o.type === "order.confirmed" && config.mode !== "paper" && balanceRefresh === undefined) {
      balanceRefresh = setTimeout(() => {
        balanceRefresh = undefined;
        void refreshBalance(AbortSignal.timeout(5_000)).then(
          (lamports) => {
            if (simTopUp !== undefined && lamports < topUpPolicy.floorLamports) simTopUpWake.get()?.();
          },
          (err: unknown) => log.warn({ err }, "balance refresh failed"),
        );
      }, 1_000);
      (balanceRefresh as { unref?: () => void }).unref?.();
    }
  };

  const journal = new StoreIntentJournal(history.writer, clock, (intent, fill) => recorder.confirmedRows(intent, fill));
  const creatorRugs = createCreatorRugs(history.writer.repos);
  metrics.trackBloom("bought_mints", () => journal.boughtStats());
  metrics.trackBloom("rug_creators", () => creatorRugs.stats());
  const settings = executorSettingsFromConfig(config.executor);
  let ws: WsClient | undefined;
  const executor =
    config.mode === "paper"
      ? new PaperExecutor({ journal, onOutcome, clock, computeUnitLimit: settings.computeUnitLimit })
      : (() => {
          const url = config.rpc.wsUrls[0];
          ws = url === undefined ? undefined : createWsClient({ url, clock });
          return createExecutor({
            signer,
            rpc,
            journal,
            onOutcome,
            clock,
            settings,
            senders: [...rpcSenders(rpc, { urls: config.rpc.httpUrls }), ...(config.executor.bundleUrl ? [bundleSender(createHttpRpcClient({ endpoints: [config.executor.bundleUrl] }))] : [])],
            // The warm-up posts its throwaway transaction through the same keep-alive poster code, to a sink of its own.
            sendRehearsal: createSendRehearsal,
            // Its rehearsed buys journal into scratch journals of the real journal's class (an in-memory database).
            scratchJournal: () => createScratchJournals(history.writer, clock),
            ...(ws ? { watcher: signatureWatcherFromWs(ws) } : {}),
            onEvent: (e) => {
              if (e.type === "executor.error") log.error({ err: e.error, where: e.where }, "executor error");
            },
          });
        })();

  const prepare = (signal: AbortSignal): Promise<void> => retryTransient(() => walletChecks(signal), signal);
  const walletChecks = async (signal: AbortSignal): Promise<void> => {
    if (simTopUp !== undefined) await simTopUp.check(signal);
    else if (config.mode === "live") await assertBalance(rpc, signer.address, BigInt(config.wallet.minBalanceLamports), signal);
    if (config.mode === "live") await refreshBalance(signal);
  };

  let paused = false;
  let intakeStopped = false;
  const decisionLog = {
    recordDecision: (r: DecisionRecord) => {
      const dec = r.decision;
      metrics.decisions.inc({ action: dec.action, ...(dec.action === "skip" ? { reason: dec.reason } : {}) });
      ui.cache.decision({ mint: r.mint, action: dec.action, ...(dec.action === "skip" ? { reason: dec.reason } : {}), at: r.at });
      void history.writer
        .enqueue({
          kind: "decision",
          row: { mint: r.mint, decidedAt: r.at, action: dec.action, reason: dec.action === "skip" ? dec.reason : "filters passed", details: dec.action === "skip" ? { detail: dec.detail, devBuyLamports: r.devBuyLamports } : { lamports: dec.lamports, minTokensOut: dec.minTokensOut, devBuyLamports: r.devBuyLamports, decideMs: r.decideMs } },
        })
        .catch((err: unknown) => log.error({ err }, "decision not stored"));
    },
  };
  const ctx = createFilterContext(filterConfig, {
    creatorHistory: creatorRugs,
    walletLamports: () => (config.mode === "paper" ? BigInt(config.filters.maxTotalExposureLamports) + BigInt(config.filters.balanceFloorLamports) * 2n : balance),
    openPositions: () => positionsSlot.get()?.openCount() ?? 0,
    totalExposureLamports: () => positionsSlot.get()?.totalExposure() ?? 0n,
    exposureFor: (mint) => positionsSlot.get()?.exposureFor(mint) ?? 0n,
    alreadyBought: (mint) => journal.hasBuyIntent(mint) || (positionsSlot.get()?.hasMint(mint) ?? false),
    paused: () => paused || intakeStopped,
  });
  const gate = createLaunchGate({
    config: filterConfig,
    ctx,
    clock,
    decisionLog,
    onBuy: (request, _decision, launch) => {
      const positions = positionsSlot.get();
      const exec = executorSlot.get();
      if (positions === undefined || exec === undefined) {
        log.warn({ mint: request.mint, positions: positions !== undefined, executor: exec !== undefined }, "buy skipped: trading actors not running");
        metrics.failures.inc({ kind: "actor_unavailable" });
        // Recorded as the launch's decision (a skip with its reason), not only logged.
        return { action: "skip", reason: "trading_unavailable", detail: `${positions === undefined ? "positions" : "executor"} not running (starting or restarting)` };
      }
      // The position is saved and started right after the send (the buy's intent, durable before it,
      // implies the position if the process dies in between).
      const positionId = positions.reserve(request, { name: launch.event.name, symbol: launch.event.symbol });
      const result = exec.buy(withPosition(request, positionId), latency.curveOf(request.mint));
      const sentAt = clock.monotonic();
      try {
        positions.activate(positionId);
      } catch (err) {
        log.error({ err, mint: request.mint }, "position not saved after its buy (managed in memory; a restart derives it from the buy's intent)");
      }
      const sentAfterMs = sentAt - launch.receivedAt;
      if (result.ok) {
        latency.record(request.mint, sentAfterMs);
        metrics.sendLatency.observe(sentAfterMs);
      } else {
        // Refused before sending (stale blockhash, draining): the position never opens.
        onOutcome({ type: "order.failed", intentId: "refused", side: "buy", mint: request.mint, reason: result.reason, retryable: false, positionId });
      }
    },
  });

  // The executor's warm-up rehearses the launch's own steps too: a synthetic launch frame read by the
  // listener's reader and scanner, then decided by the gate (nothing recorded, held or sent). On the
  // passes due a rehearsed buy, the gate's own request goes to the executor's scratch executor, on a curve
  // from a scratch curve memory of the real one's kind: the objects a real buy gets, made where it gets them.
  if (executor instanceof Executor && executor.warmer !== null && config.executor.rehearseLaunchPath) {
    const rehearsal = createLaunchRehearsal();
    const scratchCurves = createSnipeLatency(4);
    executor.warmer.addStep(() => {
      const r = rehearsal.read(clock.monotonic(), clock.now());
      if (r === null) throw new SniperError("invariant", "the launch rehearsal's frame did not read");
      const d = gate.rehearse(r.launch, r.devBuy);
      if (d.action !== "buy" || !executor.buyRehearsalDue) return;
      // A fresh mint each time, as every real buy has (the scratch journal refuses a mint bought twice).
      const mint = encodeBase58Key(crypto.getRandomValues(new Uint8Array(32)));
      d.request.mint = mint;
      scratchCurves.launch(mint, r.launch.event);
      if (r.devBuy !== null) scratchCurves.curve(mint, r.devBuy.event);
      executor.rehearseBuy(withPosition(d.request, REHEARSAL_POSITION), scratchCurves.curveOf(mint));
    });
  }

  // Everything a launch feeds besides the snipe decision (metrics, status page, launch row, alert rules)
  // runs a microtask later: after this frame's buy is on the wire.
  const seenLaunches: LaunchDetected[] = [];
  const afterLaunches = (): void => {
    for (const e of seenLaunches.splice(0)) {
      metrics.launches.inc();
      ui.cache.launch(e);
      const ev = e.event;
      const row: LaunchRow = { mint: ev.mint, name: ev.name, symbol: ev.symbol, uri: ev.uri, creator: ev.creator, bondingCurve: ev.bondingCurve, tokenProgram: ev.tokenProgram, slot: BigInt(e.slot), signature: e.signature, seenAt: e.seenAt, source: e.source === "backfill" ? "backfill" : "logs" };
      launches.enqueue(row, (err) => log.error({ err }, "launch not stored"));
      d.observe({ type: "launch.seen", mint: ev.mint, at: e.seenAt });
    }
  };
  const sink: ChainEventSink = {
    launch(e) {
      if (seenLaunches.length === 0) queueMicrotask(afterLaunches);
      seenLaunches.push(e);
      // A fresh curve holds no real SOL yet; its other reserves are in the event.
      latency.launch(e.event.mint, e.event);
      gate.launch(e);
    },
    trade(e) {
      latency.curve(e.event.mint, e.event);
      gate.trade(e);
      const exec = executorSlot.get();
      if (exec !== undefined && (config.mode === "paper" || e.event.user === signer.address)) exec.observeOwnTrade(e);
      positionsSlot.get()?.trade(e);
      throttlerSlot.get()?.price(priceUpdateFromTrade(e));
    },
    complete(e) {
      positionsSlot.get()?.complete(e);
    },
    // The launch and its dev buy are both in: decide now rather than at the gate's microtask fallback.
    endOfTransaction: () => gate.flush(),
  };

  const listenerState = createListenerState(config.rpc.wsUrls, config.listener.dedupeSize);
  const onPrice = (u: PriceUpdate): void => {
    const price = { num: u.virtualSolReserves, den: u.virtualTokenReserves };
    ui.cache.price(u.mint, Number(price.num) / Number(price.den));
    d.observe({ type: "price", mint: u.mint, price, at: u.seenAt });
  };
  const onPositionChange = (r: PositionRecord): void => {
    ui.cache.positionRecord(r, rules);
    if (r.status === "closed") creatorRugs.closed(r.creator, r.exitReason);
    if (r.status === "open" && r.mark !== null && r.costLamports > 0n) {
      const value = sellValue(r.mark, r.tokensHeld, rules.fees) + r.proceedsLamports;
      const pnlBps = Number(((value - r.costLamports) * 10_000n) / r.costLamports);
      d.observe({ type: "position.pnl", positionId: r.positionId, mint: r.mint, pnlBps, symbol: r.symbol, at: clock.now() });
    }
    recorder.positionChanged(r);
    if (r.status === "closed") ui.cache.positionClosed(r.mint);
  };

  const positionStore = new SqlitePositionStore(history.writer, () => clock.now());
  const children: ChildSpec[] = [
    { id: "executor", logic: executorActor, restart: "permanent", input: { executor, slot: executorSlot, prepare, onReady: (counts: object) => log.info({ reconciled: counts }, "executor ready") } },
    {
      id: "positions",
      logic: positionsActor,
      restart: "permanent",
      input: {
        store: positionStore,
        rules,
        policy: config.exits.sell,
        executor: executorSlot,
        clock,
        slot: positionsSlot,
        onChange: onPositionChange,
        onResumed: (r: PositionRecord) => ui.cache.positionRecord(r, rules),
        onStuck: (r: PositionRecord) => log.error({ positionId: r.positionId, mint: r.mint, lastError: r.lastError }, "position stuck: sells keep failing"),
        onCaughtUp: (r: PositionRecord, missed: readonly MissedOutcome[]) =>
          log.warn({ positionId: r.positionId, mint: r.mint, status: r.status, outcomes: missed.map((m) => `${m.outcome.side} ${m.outcome.type === "order.confirmed" ? "confirmed" : "failed"}`) }, "position caught up from the journal (its outcome came while it could not be told)"),
      },
    },
    { id: "throttler", logic: throttlerActor, restart: "permanent", input: { intervalMs: config.throttle.intervalMs, maxKeys: config.throttle.maxKeys, subscribers: [onPrice], clock, slot: throttlerSlot } },
    ...(simTopUp === undefined
      ? []
      : [{ id: "simTopUp", logic: simTopUpActor, restart: "permanent" as const, input: { check: (signal: AbortSignal) => simTopUp.check(signal), intervalMs: w.simTopUpCheckMs, wake: simTopUpWake, onError: (err: unknown) => log.warn({ err }, "sim wallet balance check failed") } }]),
    {
      id: "listener",
      logic: listenerActor,
      restart: "permanent",
      input: {
        wsUrls: config.rpc.wsUrls,
        rpc: listenerRpcFrom(rpc),
        sink,
        state: listenerState,
        clock,
        logger: log,
        commitment: config.listener.commitment,
        heartbeatMs: config.listener.heartbeatMs,
        requestTimeoutMs: config.listener.requestTimeoutMs,
        dedupeSize: config.listener.dedupeSize,
        slotLiveness: config.listener.slotLiveness,
        backoff: config.listener.backoff,
        backfill: config.listener.backfill,
        repair: config.listener.repair,
        busyPoll: config.listener.busyPoll,
      },
    },
  ];

  const sellBy = (reason: ExitReason) => (mint: string): boolean => {
    const p = positionsSlot.get();
    const r = p?.list().find((x) => x.mint === mint && (x.status === "open" || x.status === "stuck"));
    return r !== undefined && p !== undefined && p.sell(r.positionId, reason);
  };
  return {
    children,
    drainers: [executorDrainer(executor)],
    warmUp: executor instanceof Executor ? warmUpOf(executor) : null,
    listenerState,
    wallet: signer.address,
    control: {
      pause: () => {
        paused = true;
        ui.cache.paused(true);
      },
      resume: () => {
        paused = false;
        ui.cache.paused(false);
      },
      sell: sellBy("manual"),
      sellAll: () => positionsSlot.get()?.sellAll("manual") ?? 0,
      get paused() {
        return paused;
      },
    },
    stopIntake: () => {
      intakeStopped = true;
      gate.flush();
    },
    probeEndpoints: async (signal) => {
      const now = clock.now();
      for (const e of listenerState.stats.snapshot(clock.monotonic()).endpoints) {
        const silent = e.lastFrameAgeMs !== null && e.lastFrameAgeMs > config.listener.heartbeatMs;
        ui.cache.endpoint(`ws ${e.url}`, { ok: e.open && !silent, latencyMs: e.lastFrameAgeMs, error: e.open ? (silent ? "no frame within the heartbeat" : null) : "disconnected", at: now });
      }
      await Promise.all(
        config.rpc.httpUrls.map(async (url, i) => {
          const name = `rpc ${redactUrl(url)}`;
          const t0 = clock.monotonic();
          try {
            await rpc.getSlot("processed", { endpoint: i, retry: false, timeoutMs: 2_000, signal });
            ui.cache.endpoint(name, { ok: true, latencyMs: clock.monotonic() - t0, at: clock.now() });
          } catch (e) {
            if (signal.aborted) return;
            ui.cache.endpoint(name, { ok: false, latencyMs: null, error: e instanceof SniperError ? e.message.slice(0, 120) : "request failed", at: clock.now() });
          }
        }),
      );
    },
    ordersInFlight: () => executor.inFlight(),
    positionActors: () => positionsSlot.get()?.actors() ?? [],
    simChainReady: () => {
      simTopUp?.newChain();
      simTopUpWake.get()?.();
    },
    close: () => {
      clearTimeout(balanceRefresh);
      ws?.close();
      if ("senders" in executor) for (const s of executor.senders) s.close?.();
    },
  };
}

// The node may still be starting (the simulated cluster's child process, a restarting RPC): a few quick
// retries of transient failures before the executor's start counts as a crash (then supervised backoff).
async function retryTransient(fn: () => Promise<void>, signal: AbortSignal, attempts = 20, delayMs = 100): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || signal.aborted || !(e instanceof SniperError && e.kind === "transient")) throw e;
      await Bun.sleep(delayMs);
    }
  }
}

/** The signer of the mode: sim keeps a generated paper wallet, live loads the real key, paper needs none. */
function chooseSigner(config: Config, secrets: Secrets): Signer {
  if (config.mode === "live") return protectSigner(loadLiveSigner({ secret: secrets.walletSecret, keypairPath: config.live.keypairPath }));
  if (config.mode === "sim") return protectSigner(loadOrCreateSimKeypair(dirname(config.data.dbPath)).signer);
  // Paper: nothing is signed; a throwaway key gives the paper wallet an address.
  return protectSigner(createSigner(crypto.getRandomValues(new Uint8Array(32))));
}
