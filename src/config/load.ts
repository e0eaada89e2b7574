import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { z } from "zod";
import { withDotenv } from "./dotenv.ts";
import { CONFIG_PATH_ENV, envOverrides } from "./env.ts";
import { ConfigError, type ConfigIssue } from "./errors.ts";
import { parseConfigFlags } from "./argv.ts";
import { dedupeIssues, dropShadowed, fromZodIssues } from "./issues.ts";
import { rejectFileSecrets } from "./file-secrets.ts";
import { deepFreeze, forEachLeaf, setPath } from "./paths.ts";
import { REDACTED } from "./redact.ts";
import { configRules } from "./rules.ts";
import { type Config, type ConfigData, modeField, type SectionName, sections } from "./schema.ts";
import { readSecrets, type Secrets } from "./secrets.ts";
import { readTomlFile } from "./toml.ts";

/** Where loadConfig reads from; every field defaults to the real process. */
export interface LoadConfigOptions {
  /** Command-line arguments after the script name (`process.argv.slice(2)`). */
  argv?: readonly string[];
  /** Environment variables (`process.env`); `<cwd>/.env` fills in the ones not set here. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory of `sniper.toml` and `.env`, and base of relative paths in the config. */
  cwd?: string;
}

/** A loaded configuration: frozen config, frozen secrets, and where every setting came from. */
export interface LoadedConfig {
  config: Config;
  secrets: Secrets;
  /** Dotted path of every setting -> `default`, `file <path>`, `env <VAR>`, `.env <VAR>`, `flag --mode`, `sim`. */
  sources: Readonly<Record<string, string>>;
  /** The config file that was read, if any. */
  configFile?: string;
}

/** Name of the config file looked up in the working directory when --config is not given. */
export const DEFAULT_CONFIG_FILE = "sniper.toml";

const TOP: Record<string, z.ZodType> = { mode: modeField, ...sections };

/** An issue whose quoted value happens to contain a secret from the environment shows `<redacted>` there. */
function hideSecrets(issue: ConfigIssue, secrets: Secrets): ConfigIssue {
  if (issue.got === undefined) return issue;
  let got = issue.got;
  for (const value of Object.values(secrets)) if (value !== undefined && value.length >= 4) got = got.split(value).join(REDACTED);
  return got === issue.got ? issue : { ...issue, got };
}

/** Makes the file paths of the sections that parsed absolute, relative to `cwd`. */
function resolvePaths(config: Partial<ConfigData>, cwd: string): void {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  if (config.log !== undefined) config.log.dir = abs(config.log.dir);
  if (config.data !== undefined) config.data.dbPath = abs(config.data.dbPath);
  if (config.live?.keypairPath !== undefined) config.live.keypairPath = abs(config.live.keypairPath);
  if (config.history !== undefined) {
    if (config.history.csvDir !== "off") config.history.csvDir = abs(config.history.csvDir);
    config.history.backup.dir = abs(config.history.backup.dir);
  }
}

/** wsUrls derived from httpUrls when empty; in sim mode the simulated cluster's loopback URLs replace both. */
function settleRpc(config: ConfigData, sources: Map<string, string>): void {
  if (config.mode === "sim") {
    const { httpPort, wsPort } = config.sim;
    config.rpc.httpUrls = httpPort === 0 ? [] : [`http://127.0.0.1:${httpPort}`];
    config.rpc.wsUrls = wsPort === 0 ? [] : [`ws://127.0.0.1:${wsPort}`];
    sources.set("rpc.httpUrls", "sim");
    sources.set("rpc.wsUrls", "sim");
  } else if (config.rpc.wsUrls.length === 0) {
    config.rpc.wsUrls = config.rpc.httpUrls.map((u) => u.replace(/^http/i, "ws"));
    sources.set("rpc.wsUrls", `derived from rpc.httpUrls`);
  }
}

/**
 * Loads the configuration: defaults < TOML file (`sniper.toml` in cwd, or `--config PATH` / SNIPER_CONFIG)
 * < environment overrides (`SNIPER_<SECTION>__<KEY>`, `SNIPER_MODE`) < `--mode`. Secrets come only from
 * the environment / `.env`. Throws a ConfigError listing every problem found.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const flags = parseConfigFlags(options.argv ?? process.argv.slice(2));
  const { env, fromDotenv } = withDotenv(options.env ?? process.env, cwd);
  const envSource = (name: string) => `${fromDotenv.has(name) ? ".env" : "env"} ${name}`;
  const issues: ConfigIssue[] = [];
  const taken: ConfigIssue[] = [];
  const sources = new Map<string, string>();
  const raw: Record<string, unknown> = {};

  // 1. the file
  let configFile: string | undefined;
  let fileSource = "";
  if (flags.configPath === "") {
    issues.push({ path: "--config", message: "needs a file path", source: "flag --config" });
  } else {
    const explicit = flags.configPath ?? env[CONFIG_PATH_ENV];
    const given = explicit === undefined || explicit === "" ? undefined : explicit;
    const candidate = given === undefined ? join(cwd, DEFAULT_CONFIG_FILE) : resolve(cwd, given);
    if (given !== undefined || existsSync(candidate)) {
      configFile = candidate;
      fileSource = `file ${candidate}`;
      const origin = flags.configPath !== undefined ? "flag --config" : given !== undefined ? envSource(CONFIG_PATH_ENV) : fileSource;
      const read = readTomlFile(candidate, origin);
      if (!read.ok) issues.push(...read.issues);
      else {
        taken.push(...rejectFileSecrets(read.data, fileSource));
        issues.push(...taken);
        forEachLeaf(read.data, (path, value) => {
          setPath(raw, path, value);
          sources.set(path.join("."), fileSource);
        });
      }
    }
  }

  // 2. environment overrides, 3. --mode
  const fromEnv = envOverrides(env, TOP, envSource);
  issues.push(...fromEnv.issues);
  for (const o of fromEnv.overrides) {
    setPath(raw, o.path, o.value);
    sources.set(o.path.join("."), o.source);
  }
  if (flags.mode !== undefined) {
    raw.mode = flags.mode;
    sources.set("mode", "flag --mode");
  }

  const sourceOf = (path: string): string => {
    const base = path.replace(/\[\d+\]/g, "");
    for (let p = base; p !== ""; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
      const s = sources.get(p);
      if (s !== undefined) return s;
    }
    for (const [k, s] of sources) if (k.startsWith(`${base}.`)) return s;
    return "default";
  };

  // 4. parse part by part so one bad section does not hide the others
  const parsed: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (!(key in TOP)) {
      issues.push({ path: key, message: `unknown section (known: ${Object.keys(TOP).join(", ")})`, source: sourceOf(key) });
    }
  }
  for (const [key, schema] of Object.entries(TOP)) {
    const r = schema.safeParse(raw[key]);
    if (r.success) parsed[key] = r.data;
    else issues.push(...fromZodIssues(r.error.issues, [key], raw, sourceOf));
  }
  const partial = parsed as Partial<ConfigData>;
  resolvePaths(partial, cwd);

  // 5. secrets and cross-field rules
  const { secrets, issues: secretIssues } = readSecrets(env, envSource);
  issues.push(...secretIssues);
  for (const rule of configRules) issues.push(...rule({ config: partial, secrets, sourceOf }));

  if (issues.length > 0) throw new ConfigError(dedupeIssues(dropShadowed(issues, taken)).map((i) => hideSecrets(i, secrets)));

  const config = partial as ConfigData;
  settleRpc(config, sources);
  const allSources: Record<string, string> = {};
  forEachLeaf(config as unknown as Record<string, unknown>, (path) => {
    allSources[path.join(".")] = sources.get(path.join(".")) ?? "default";
  });
  const loaded: LoadedConfig = { config: deepFreeze(config) as Config, secrets, sources: Object.freeze(allSources) };
  if (configFile !== undefined) loaded.configFile = configFile;
  return loaded;
}

/** A copy of `config` with the simulated cluster's endpoints filled in (sim mode, once its ports are known). */
export function withSimEndpoints(config: Config, endpoints: { httpUrl: string; wsUrl: string }): Config {
  const copy = structuredClone(config) as ConfigData;
  copy.rpc.httpUrls = [endpoints.httpUrl];
  copy.rpc.wsUrls = [endpoints.wsUrl];
  return deepFreeze(copy) as Config;
}

/** The section names, in schema order. */
export const SECTION_NAMES = Object.keys(sections) as SectionName[];
