import { ConfigError, formatConfigError } from "./errors.ts";
import { parseConfigFlags } from "./argv.ts";
import { type LoadedConfig, loadConfig } from "./load.ts";
import { redactedConfig } from "./redact.ts";

/** Exit code of the process when the configuration is invalid. */
export const CONFIG_EXIT_CODE = 2;

/** The process edges resolveConfigOrExit touches; tests pass fakes (an `exit` that throws, for instance). */
export interface ConfigIo {
  /** Writes to stdout. */
  out(text: string): void;
  /** Writes to stderr. */
  err(text: string): void;
  /** Ends the process. */
  exit(code: number): never;
}

/** The real process: stdout, stderr, process.exit. */
export const processIo: ConfigIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  exit: (code) => process.exit(code),
};

/**
 * For the composition root: loads the config, or prints the formatted error to stderr and exits 2.
 * With `--print-config` it prints the redacted effective config as JSON to stdout and exits 0.
 * Errors that are not config errors are rethrown (a bug, not a user mistake).
 */
export function resolveConfigOrExit(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  io: ConfigIo = processIo,
): LoadedConfig {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig({ argv, env, cwd });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err(`${formatConfigError(e)}\n`);
    return io.exit(CONFIG_EXIT_CODE);
  }
  if (parseConfigFlags(argv).printConfig) {
    io.out(`${JSON.stringify(redactedConfig(loaded.config, loaded.secrets), null, 2)}\n`);
    return io.exit(0);
  }
  return loaded;
}
