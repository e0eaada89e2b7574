import { z } from "zod";
import { oneOf } from "./fields.ts";
import { alertsSection } from "./sections/alerts.ts";
import { dataSection } from "./sections/data.ts";
import { executorSection } from "./sections/executor.ts";
import { exitsSection } from "./sections/exits.ts";
import { filtersSection } from "./sections/filters.ts";
import { historySection } from "./sections/history.ts";
import { httpSection } from "./sections/http.ts";
import { inspectSection } from "./sections/inspect.ts";
import { listenerSection } from "./sections/listener.ts";
import { liveSection } from "./sections/live.ts";
import { logSection } from "./sections/log.ts";
import { rpcSection } from "./sections/rpc.ts";
import { shutdownSection } from "./sections/shutdown.ts";
import { simSection } from "./sections/sim.ts";
import { supervisionSection } from "./sections/supervision.ts";
import { throttleSection } from "./sections/throttle.ts";
import { uiSection } from "./sections/ui.ts";
import { walletSection } from "./sections/wallet.ts";

/** The run modes: `sim` (default, simulated cluster), `paper` (real data, simulated fills), `live`. */
export const MODES = ["sim", "paper", "live"] as const;
/** One of MODES. */
export type Mode = (typeof MODES)[number];

/** Schema of the top-level `mode` key. */
export const modeField = oneOf(MODES).default("sim");

/**
 * Every config section by name. To add a section: write `sections/<name>.ts` exporting a `section({...})`
 * with defaults for every key, and add it here; env overrides, sources and --print-config follow by themselves.
 */
export const sections = {
  log: logSection,
  shutdown: shutdownSection,
  http: httpSection,
  inspect: inspectSection,
  supervision: supervisionSection,
  rpc: rpcSection,
  sim: simSection,
  data: dataSection,
  history: historySection,
  live: liveSection,
  alerts: alertsSection,
  filters: filtersSection,
  exits: exitsSection,
  throttle: throttleSection,
  listener: listenerSection,
  executor: executorSection,
  wallet: walletSection,
  ui: uiSection,
} as const;

/** Name of a config section. */
export type SectionName = keyof typeof sections;

/** The whole config as one schema (loadConfig parses section by section to report every problem at once). */
export const configSchema = z.strictObject({ mode: modeField, ...sections });

/** Recursively read-only view of T (the loaded config is deep-frozen). */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The parsed config as plain data (mutable; what the schema outputs). */
export type ConfigData = z.output<typeof configSchema>;
/** The loaded, deep-frozen config of the bot. */
export type Config = DeepReadonly<ConfigData>;
/** One section of the loaded config, e.g. `ConfigSection<"log">`. */
export type ConfigSection<K extends SectionName> = Config[K];

/** The config an empty file produces (all defaults, sim mode). Not frozen. */
export function defaultConfigData(): ConfigData {
  return configSchema.parse({});
}
