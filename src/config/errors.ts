import { SniperError } from "../errors.ts";

/** One problem found in the configuration. */
export interface ConfigIssue {
  /** Dotted path of the field (`http.port`), or `file:line` for a TOML syntax error. */
  path: string;
  /** The rule that was broken, phrased to follow the path (`must be an integer between 0 and 65535`). */
  message: string;
  /** Where the value came from: `file /x/sniper.toml`, `env SNIPER_HTTP__PORT`, `flag --mode`, `default`. */
  source?: string;
  /** The offending value, already JSON-quoted and redacted where needed; absent for secrets. */
  got?: string;
}

/** An invalid configuration: carries every issue found, not only the first. */
export class ConfigError extends SniperError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const list = issues.map(formatIssue).join("\n");
    super("config", `invalid configuration (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${list}`, {
      issues,
    });
    this.issues = issues;
  }
}

/** One issue as one line: `path: rule (got X) [source]`. */
export function formatIssue(issue: ConfigIssue): string {
  const got = issue.got === undefined ? "" : ` (got ${issue.got})`;
  const source = issue.source === undefined ? "" : ` [${issue.source}]`;
  return `${issue.path}: ${issue.message}${got}${source}`;
}

/** Renders a config error for the terminal (CLI, stderr); other errors render as their message. */
export function formatConfigError(err: unknown): string {
  if (!(err instanceof ConfigError)) return `configuration error: ${err instanceof Error ? err.message : String(err)}`;
  const n = err.issues.length;
  const lines = err.issues.map((i) => `  - ${formatIssue(i)}`);
  return [
    `Invalid configuration: ${n} problem${n === 1 ? "" : "s"}`,
    ...lines,
    "Fix the settings above (file sniper.toml or --config, SNIPER_<SECTION>__<KEY> environment variables, --mode).",
    "Run with --print-config to see the effective configuration.",
  ].join("\n");
}
