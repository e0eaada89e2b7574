// Public face of the config: load once at start, pass the frozen result down; secrets travel separately.
export { type ConfigFlags, parseConfigFlags } from "./argv.ts";
export { CONFIG_EXIT_CODE, type ConfigIo, processIo, resolveConfigOrExit } from "./cli.ts";
export { parseDotenv } from "./dotenv.ts";
export { CONFIG_PATH_ENV, ENV_PREFIX } from "./env.ts";
export { ConfigError, type ConfigIssue, formatConfigError, formatIssue } from "./errors.ts";
export {
  DEFAULT_CONFIG_FILE,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  SECTION_NAMES,
  withSimEndpoints,
} from "./load.ts";
export { isUrlLike, REDACTED, redactedConfig, redactUrl, UNSET } from "./redact.ts";
export { type ConfigRule, configRules } from "./rules.ts";
export {
  type Config,
  type ConfigData,
  type ConfigSection,
  configSchema,
  type DeepReadonly,
  defaultConfigData,
  MODES,
  type Mode,
  type SectionName,
  sections,
} from "./schema.ts";
export { LOG_LEVELS } from "./sections/log.ts";
export { SECRET_ENV, type SecretName, type Secrets } from "./secrets.ts";
