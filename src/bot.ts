/**
 * The composition of the bot for one loaded config: history, alerts, trading, inspection, the supervision
 * tree, the lifecycle and the status port. Reads like a table of contents; each line names the module
 * that does the work.
 */
import type { AnyActorRef } from "xstate";
import { systemClock, type Clock } from "./clock.ts";
import type { LoadedConfig } from "./config/index.ts";
import type { Logging } from "./log/index.ts";
import { alertsActor, observe, restartObservation } from "./actors/alerts.actor.ts";
import { createLifecycle, type Lifecycle } from "./actors/lifecycle.actor.ts";
import { createSupervisor, deliver, shutdownTree, startRootSupervisor } from "./actors/supervisor.actor.ts";
import { httpServerActor } from "./actors/http-server.actor.ts";
import { simClusterActor } from "./actors/sim-cluster.actor.ts";
import { uiBridgeActor } from "./actors/ui-bridge.actor.ts";
import { endpointHealthActor } from "./actors/endpoint-health.actor.ts";
import { setUpAlerts } from "./bot/alerts.ts";
import { setUpHistory } from "./bot/history.ts";
import { setUpSim } from "./bot/sim.ts";
import { historyProviders } from "./bot/status.ts";
import { setUpTrading, type Trading } from "./bot/trading.ts";
import { createStatusApp } from "./http/app.ts";
import { createMetrics } from "./http/metrics.ts";
import { createStatusReadModel } from "./http/status-read-model.ts";
import { registerListenerMetrics } from "./listener/metrics.ts";
import { gcMode, type GcMode } from "./runtime/gc-mode.ts";
import { jitMode, type JitMode } from "./runtime/jit-mode.ts";
import { pollIdleCores } from "./runtime/idle-latency.ts";
import { createInspectionRegistry, type InspectionRegistry } from "./runtime/inspection.ts";
import { createStatelyInspect } from "./runtime/stately-inspector.ts";
import { createUi } from "./ui/index.ts";

/** What startBot needs: the loaded config, the process's logging, and optionally a clock. */
export interface BotOptions {
  loaded: LoadedConfig;
  logging: Logging;
  clock?: Clock;
  /** Called with the status URL each time the status server (re)binds. */
  onStatusUrl?: (url: string) => void;
  /** Called with the simulated cluster's URLs each time it (re)starts (sim mode). */
  onSimReady?: (urls: { httpUrl: string; wsUrl: string }) => void;
  /** The garbage collector the process started with (default: read from this process's environment). */
  gc?: GcMode;
  /** When the compiler optimizes the bot's functions (default: read from this process's environment). */
  jit?: JitMode;
}

/** A running bot: its root actors, the inspection registry, and the way to shut it down. */
export interface Bot {
  /** The config in effect (in sim mode, with the simulated cluster's URLs as RPC endpoints). */
  config: LoadedConfig["config"];
  root: AnyActorRef;
  lifecycle: Lifecycle;
  registry: InspectionRegistry;
  trading: Trading;
  /** Resolves with the exit code once the lifecycle has stopped and the logs are on disk. */
  done: Promise<number>;
}

/** Builds the actor tree for the config, starts it, and wires the lifecycle to shut it down. */
export async function startBot({ loaded, logging, clock = systemClock, onStatusUrl, onSimReady, gc = gcMode(process.env), jit = jitMode(process.env) }: BotOptions): Promise<Bot> {
  const log = logging.child("bot");
  log.info({ gc }, gc === "stop-the-world" ? "garbage collector: one pause per collection" : "garbage collector: concurrent (start with `bun run start` for the latency setting)");
  log.info({ jit }, jit === "early-tier-up" ? "compiler: early tier-up" : "compiler: JavaScriptCore's default tier-up (start with `bun run start` for the latency setting)");
  const endpoints: Record<string, string> = {};
  // Each (re)start of the simulated cluster is a new chain: the trading side funds its wallet at once.
  let newSimChain = (): void => {};
  const { config, sim } = setUpSim(loaded.config, logging, (urls) => {
    endpoints.simHttp = urls.httpUrl;
    endpoints.simWs = urls.wsUrl;
    newSimChain();
    onSimReady?.(urls);
  });
  const { history, stopBackups } = await setUpHistory(config, clock, log);
  const metrics = createMetrics({ defaultLabels: { mode: config.mode } });
  const ui = createUi({
    mode: config.mode,
    hub: { heartbeatMs: config.ui.sseHeartbeatMs, stallMs: config.ui.sseStallMs, maxClients: config.ui.sseMaxClients },
  });
  const alerts = setUpAlerts(loaded, logging, history, clock, (alert) => ui.cache.alert(alert));

  let root: AnyActorRef | undefined;
  // Observations reach the alerts actor after the current task: an XState delivery through two
  // supervisors costs tens of microseconds, which the snipe path must not pay. Bounded: past the bound
  // the oldest are dropped and counted.
  const pendingObservations: Parameters<typeof observe>[0][] = [];
  let observationsDropped = 0;
  const drainObservations = (): void => {
    const batch = pendingObservations.splice(0);
    if (root !== undefined) for (const o of batch) deliver(root, "alerts", observe(o));
  };
  const toAlerts = (observation: Parameters<typeof observe>[0]): void => {
    if (pendingObservations.length === 0) setImmediate(drainObservations);
    if (pendingObservations.length >= 10_000) {
      pendingObservations.shift();
      observationsDropped++;
    }
    pendingObservations.push(observation);
  };
  const trading = setUpTrading({ config, secrets: loaded.secrets, clock, log: logging.child("trading"), history, ui, metrics, observe: toAlerts });
  newSimChain = () => trading.simChainReady();
  registerListenerMetrics(metrics.registry, trading.listenerState.stats);
  metrics.trackQueue("history", () => history.writer.pending);
  metrics.trackQueue("alert_observations", () => pendingObservations.length);
  metrics.trackDropped("alert_observations", () => observationsDropped);

  const registry = createInspectionRegistry({ clock });
  // Position actors are started by the positions manager, outside the inspected tree: read when listed.
  registry.adopt("positions", () => trading.positionActors());
  const stately = createStatelyInspect(registry.observer, {
    enabled: config.inspect.stately,
    port: config.inspect.port,
    log: (message, fields) => log.info(fields ?? {}, message),
  });

  let lifecycle: Lifecycle | undefined;
  const readModel = createStatusReadModel({
    mode: config.mode,
    gc,
    jit,
    startedAt: clock.now(),
    now: () => clock.now(),
    registry,
    ring: logging.ring,
    phase: () => lifecycle?.actor.getSnapshot().context.phase ?? "starting",
    endpoints: () => ({ ...endpoints }),
  });
  const providers = historyProviders(config.data.dbPath);
  const app = createStatusApp({
    readModel,
    ui,
    metrics,
    alerts: alerts.readModel,
    summary: providers.summary,
    exportStream: providers.exportStream,
    control: {
      ...(loaded.secrets.controlToken === undefined ? {} : { token: loaded.secrets.controlToken }),
      port: {
        pause: () => trading.control.pause(),
        resume: () => trading.control.resume(),
        sell: (mint: string) => ({ selling: trading.control.sell(mint) }),
        sellAll: () => ({ selling: trading.control.sellAll() }),
        shutdown: () => lifecycle?.shutdown("control: shutdown requested"),
      },
    },
    ...(isLoopback(config.http.host) ? { allowedHosts: ["127.0.0.1", "localhost", "::1", "[::1]", config.http.host] } : {}),
  });

  const supervision = config.supervision;
  const policy = {
    intensity: { maxRestarts: supervision.maxRestarts, withinMs: supervision.withinMs },
    backoff: { initialMs: supervision.backoff.initialMs, factor: supervision.backoff.factor, maxMs: supervision.backoff.maxMs },
  };
  // The UI side has its own supervisor: its crashes restart it and never touch trading.
  const uiSupervisor = createSupervisor({
    id: "ui",
    ...policy,
    children: [
      {
        id: "http",
        logic: httpServerActor,
        restart: "permanent",
        input: {
          hostname: config.http.host,
          port: config.http.port,
          app,
          onListening: (url: string) => {
            endpoints.status = url;
            onStatusUrl?.(url);
          },
        },
      },
      {
        id: "uiBridge",
        logic: uiBridgeActor,
        restart: "permanent",
        input: {
          ui,
          intervalMs: config.ui.bridgeIntervalMs,
          actorsEveryMs: config.ui.actorsEveryMs,
          actors: () => registry.list(),
          logs: (seq: number, limit: number) => logging.ring.since(seq, limit),
          clock,
        },
      },
      {
        id: "endpointHealth",
        logic: endpointHealthActor,
        restart: "permanent",
        input: { probe: (signal: AbortSignal) => trading.probeEndpoints(signal), intervalMs: config.ui.endpointProbeMs },
      },
    ],
  });
  // rest_for_one: a crashed executor restarts the positions and listener started after it.
  const tradingSupervisor = createSupervisor({ id: "trading", strategy: "rest_for_one", ...policy, children: trading.children });
  // Start order = dependency order; shutdown runs in reverse, so trading stops before what it writes to.
  const rootLogic = createSupervisor({
    id: "root",
    ...policy,
    children: [
      ...(sim ? [{ id: "sim", logic: simClusterActor, restart: "permanent" as const, input: sim.input }] : []),
      history.childSpec("history"),
      { id: "alerts", logic: alertsActor, restart: "permanent", input: alerts.actorInput },
      { id: "trading", logic: tradingSupervisor, restart: "permanent" },
      { id: "ui", logic: uiSupervisor, restart: "permanent" },
    ],
  });

  root = startRootSupervisor(rootLogic, {
    clock,
    inspect: stately.inspect,
    onError: (error) => {
      log.fatal({ err: error }, "supervision tree failed: shutting down");
      lifecycle?.shutdown("fatal: supervision tree failed", { fatal: true, error });
    },
    onRestart: (record) => {
      registry.noteRestart(record);
      metrics.restarts.inc({ supervisor: record.supervisorId, actor: record.actorId });
      log.warn({ restart: record }, `actor ${record.actorId} restarted (${record.count}): ${record.reason}`);
      void history.writer.enqueue({ kind: "restart", row: record }).catch((err: unknown) => log.error({ err }, "restart record not stored"));
      toAlerts(restartObservation(record));
    },
  });
  const tree = root;

  lifecycle = createLifecycle({
    clock,
    inspect: stately.inspect,
    timeouts: {
      drainTimeoutMs: config.shutdown.drainTimeoutMs,
      flusherTimeoutMs: config.shutdown.flushTimeoutMs,
      deadlineMs: config.shutdown.deadlineMs,
    },
    stopIntake: (reason) => {
      trading.stopIntake();
      log.info({ reason }, "shutdown requested: taking no new launches");
    },
    drainers: trading.drainers,
    stopActors: () => shutdownTree(tree),
    // Alerts first (their store sink writes history rows), then history rows, CSV files, logs.
    flushers: [{ name: "alerts", flush: (signal) => alerts.flush(signal) }, ...history.flushers, { name: "logs", flush: () => logging.flush() }],
    log: (message, fields) => log.warn(fields ?? {}, message),
  });

  // Held once everything is set up (a failed start holds nothing), dropped when the bot stops.
  const idle = pollIdleCores(config.listener.pollIdleCores, log);
  const done = lifecycle.whenStopped().then(async ({ exitCode, report }) => {
    trading.close();
    idle.release();
    stopBackups();
    providers.close();
    await history.close();
    log.info({ exitCode, report }, "stopped");
    await stately.stop();
    await logging.close();
    return exitCode;
  });
  return { config, root, lifecycle, registry, trading, done };
}

function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "::1";
}
