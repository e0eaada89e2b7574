import { existsSync } from "node:fs";
import { type RuleConfig, ruleConfigErrors } from "../domain/alerts/index.ts";
import { exitConfigErrors } from "../domain/exits/index.ts";
import { filterConfigErrors } from "../domain/filters/index.ts";
import type { SniperError } from "../errors.ts";
import type { ConfigIssue } from "./errors.ts";
import type { ConfigData } from "./schema.ts";
import type { Secrets } from "./secrets.ts";

/** What a cross-field rule sees: the sections that parsed (a failed section is absent), secrets, sources. */
export interface RuleContext {
  config: Partial<ConfigData>;
  secrets: Secrets;
  /** Where a dotted path got its value (`default` when nobody set it). */
  sourceOf(path: string): string;
}

/** A rule across fields or sections; returns the issues it finds (empty when satisfied). */
export type ConfigRule = (ctx: RuleContext) => ConfigIssue[];

const liveNeedsConfirm: ConfigRule = ({ config, sourceOf }) =>
  config.mode === "live" && config.live !== undefined && config.live.confirm !== true
    ? [{ path: "live.confirm", message: "must be set to true to start live mode (real sends with real money)", source: `mode from ${sourceOf("mode")}` }]
    : [];

const realModesNeedRpc: ConfigRule = ({ config, sourceOf }) =>
  (config.mode === "paper" || config.mode === "live") && config.rpc !== undefined && config.rpc.httpUrls.length === 0
    ? [{ path: "rpc.httpUrls", message: `must list at least one http(s) RPC URL in ${config.mode} mode (set [rpc] httpUrls or SNIPER_RPC__HTTP_URLS)`, source: `mode from ${sourceOf("mode")}` }]
    : [];

const liveNeedsKey: ConfigRule = ({ config, secrets, sourceOf }) => {
  if (config.mode !== "live" || config.live === undefined) return [];
  const path = config.live.keypairPath;
  if (path !== undefined && !existsSync(path)) {
    return [{ path: "live.keypairPath", message: "keypair file not found", got: JSON.stringify(path), source: sourceOf("live.keypairPath") }];
  }
  if (path === undefined && secrets.walletSecret === undefined) {
    return [{ path: "live.keypairPath", message: "live mode needs a signing key: set SNIPER_WALLET_SECRET or live.keypairPath", source: `mode from ${sourceOf("mode")}` }];
  }
  return [];
};

const shutdownFits: ConfigRule = ({ config, sourceOf }) => {
  const s = config.shutdown;
  return s !== undefined && s.deadlineMs <= s.drainTimeoutMs
    ? [{ path: "shutdown.deadlineMs", message: `must be greater than shutdown.drainTimeoutMs (${s.drainTimeoutMs})`, got: String(s.deadlineMs), source: sourceOf("shutdown.deadlineMs") }]
    : [];
};

const backoffOrdered: ConfigRule = ({ config, sourceOf }) => {
  const b = config.supervision?.backoff;
  return b !== undefined && b.maxMs < b.initialMs
    ? [{ path: "supervision.backoff.maxMs", message: `must be at least supervision.backoff.initialMs (${b.initialMs})`, got: String(b.maxMs), source: sourceOf("supervision.backoff.maxMs") }]
    : [];
};

const simPortsDistinct: ConfigRule = ({ config, sourceOf }) => {
  const s = config.sim;
  return s !== undefined && s.httpPort !== 0 && s.httpPort === s.wsPort
    ? [{ path: "sim.wsPort", message: "must differ from sim.httpPort (or be 0 to pick a free port)", got: String(s.wsPort), source: sourceOf("sim.wsPort") }]
    : [];
};

// Sections that parse field by field can still contradict themselves (an alert re-arm past its trigger,
// a take-profit ladder selling more than 100 %): the domains list every problem, each error's field becomes the path.
const asIssue = (e: SniperError, fallback: string, sourceOf: RuleContext["sourceOf"]): ConfigIssue => {
  const path = String(e.details.field ?? fallback);
  const message = e.message.startsWith(`${path}: `) ? e.message.slice(path.length + 2) : e.message;
  return { path, message, source: sourceOf(path) };
};

// Every bad alert rule is reported, each at its own `alerts.rules[i]`, not only the first.
const alertRulesHold: ConfigRule = ({ config, sourceOf }) =>
  config.alerts === undefined ? [] : ruleConfigErrors(config.alerts.rules as RuleConfig[]).map((e) => asIssue(e, "alerts.rules", sourceOf));

// Every problem of [filters] (a dev-buy range upside down and no token program) is reported, not only the first.
const filtersHold: ConfigRule = ({ config, sourceOf }) =>
  config.filters === undefined ? [] : filterConfigErrors(config.filters).map((e) => asIssue(e, "filters", sourceOf));

// Every problem of [exits] is reported, each take-profit level at its own `exits.takeProfit[i]`.
const exitsHold: ConfigRule = ({ config, sourceOf }) =>
  config.exits === undefined ? [] : exitConfigErrors(config.exits).map((e) => asIssue(e, "exits", sourceOf));

const telegramNeedsChatId: ConfigRule = ({ config, secrets, sourceOf }) =>
  config.alerts?.telegram.enabled && secrets.telegramBotToken !== undefined && config.alerts.telegram.chatId === undefined
    ? [{ path: "alerts.telegram.chatId", message: "must be set when SNIPER_TELEGRAM_BOT_TOKEN is set (or set alerts.telegram.enabled = false)", source: sourceOf("alerts.telegram.chatId") }]
    : [];

/** Every cross-field rule, checked after the sections parse. Add new rules here. */
export const configRules: readonly ConfigRule[] = [
  alertRulesHold,
  filtersHold,
  exitsHold,
  telegramNeedsChatId,
  liveNeedsConfirm,
  realModesNeedRpc,
  liveNeedsKey,
  shutdownFits,
  backoffOrdered,
  simPortsDistinct,
];
