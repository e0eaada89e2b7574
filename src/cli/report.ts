/**
 * `bun run report -- [--day YYYY-MM-DD] [--format md|json|html] [--db PATH] [--config PATH] [--out FILE]`:
 * the daily report (default: today UTC, Markdown, to stdout). Exit 0 on success, 2 on bad arguments or an
 * invalid config, 1 when the records cannot be loaded or the output cannot be written.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type Clock, systemClock } from "../clock.ts";
import { ConfigError, formatConfigError, loadConfig } from "../config/index.ts";
import { type TradeSource, buildDailyReport, parseUtcDay, utcDayOf } from "../domain/analytics/index.ts";
import { REPORT_FORMATS, type ReportFormat, renderReport } from "../report/index.ts";
import { loadTradeRecords, openReadOnly } from "../store/index.ts";

export type { TradeSource } from "../domain/analytics/index.ts";

/** Usage text printed with --help and after an argument error. */
export const REPORT_USAGE = `Usage: bun run report -- [--day YYYY-MM-DD] [--format md|json|html] [--db PATH] [--config PATH] [--out FILE]
  --day      UTC day of the report (trades closed that day; open positions in unrealised). Default: today (UTC).
  --format   md (default), json or html.
  --db       SQLite database to read. Default: data.dbPath of the config.
  --config   config file used to find data.dbPath (default: sniper.toml when present).
  --out      write the report to FILE instead of stdout.`;

/** Exit code for bad arguments or an invalid configuration. */
export const USAGE_EXIT_CODE = 2;

/** Parsed command line of the report CLI. */
export interface ReportArgs {
  day: string;
  format: ReportFormat;
  db?: string;
  config?: string;
  out?: string;
  help: boolean;
}

/** A bad command line: printed with the usage, exit 2. */
export class ReportArgsError extends Error {}

const VALUE_FLAGS = new Set(["--day", "--format", "--db", "--config", "--out"]);

/** Parses argv (after the script name); `today` is the default day. Throws ReportArgsError. */
export function parseReportArgs(argv: readonly string[], today: string): ReportArgs {
  const values = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--" && i === 0) continue;
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!VALUE_FLAGS.has(name)) throw new ReportArgsError(`unknown argument ${JSON.stringify(arg)}`);
    if (values.has(name)) throw new ReportArgsError(`${name} given twice`);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value !== undefined && !value.startsWith("--")) i++;
      else value = undefined;
    }
    if (value === undefined || value === "") throw new ReportArgsError(`${name} needs a value`);
    values.set(name, value);
  }
  const day = values.get("--day") ?? today;
  if (parseUtcDay(day) === null) throw new ReportArgsError(`--day must be a real date as YYYY-MM-DD, got ${JSON.stringify(day)}`);
  const format = values.get("--format") ?? "md";
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ReportArgsError(`--format must be one of ${REPORT_FORMATS.join(", ")}, got ${JSON.stringify(format)}`);
  }
  const args: ReportArgs = { day, format: format as ReportFormat, help };
  for (const [flag, key] of [["--db", "db"], ["--config", "config"], ["--out", "out"]] as const) {
    const v = values.get(flag);
    if (v !== undefined) args[key] = v;
  }
  return args;
}

/** The process edges of the CLI; tests pass fakes (a TradeSource over an array, captured output). */
export interface ReportCliDeps {
  clock: Clock;
  /** Opens the trade source for the database path (resolved from --db or the config). */
  openSource(dbPath: string): TradeSource | Promise<TradeSource>;
  /** The configured data.dbPath, used when --db is absent (may throw a ConfigError). */
  configDbPath(configPath: string | undefined): string;
  out(text: string): void;
  err(text: string): void;
  writeFile(path: string, text: string): void;
}

/** Runs the report CLI and returns its exit code. */
export async function runReportCli(argv: readonly string[], deps: ReportCliDeps): Promise<number> {
  let args: ReportArgs;
  try {
    args = parseReportArgs(argv, utcDayOf(deps.clock.now()));
  } catch (e) {
    if (!(e instanceof ReportArgsError)) throw e;
    deps.err(`report: ${e.message}\n${REPORT_USAGE}\n`);
    return USAGE_EXIT_CODE;
  }
  if (args.help) {
    deps.out(`${REPORT_USAGE}\n`);
    return 0;
  }
  let dbPath: string;
  try {
    dbPath = args.db ?? deps.configDbPath(args.config);
  } catch (e) {
    deps.err(`${formatConfigError(e)}\n`);
    return e instanceof ConfigError ? USAGE_EXIT_CODE : 1;
  }
  const window = parseUtcDay(args.day) as { from: number; to: number };
  let text: string;
  try {
    const source = await deps.openSource(dbPath);
    // The filter bounds openedAt: a trade closed today may have opened yesterday, and an open position
    // at any earlier time, so ask for everything opened before the day ends; analytics pick by closedAt.
    const records = await source.loadTradeRecords({ to: window.to });
    text = renderReport(buildDailyReport(records, { day: args.day, generatedAt: deps.clock.now() }), args.format);
  } catch (e) {
    deps.err(`report: cannot load trade records from ${dbPath}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (args.out === undefined) {
    deps.out(text);
    return 0;
  }
  try {
    deps.writeFile(args.out, text);
  } catch (e) {
    deps.err(`report: cannot write ${args.out}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  return 0;
}

/**
 * The TradeSource over the SQLite history at `dbPath` (the only place the CLI touches the store): a
 * read-only handle opened per load and closed after it.
 */
export function openStoreTradeSource(dbPath: string): TradeSource {
  return {
    loadTradeRecords(filter) {
      const db = openReadOnly(dbPath);
      try {
        return loadTradeRecords(db, filter);
      } finally {
        db.close();
      }
    },
  };
}

/** Writes via a temporary file and a rename, so a crash never leaves half a report behind. */
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** The real process. */
export const processReportDeps: ReportCliDeps = {
  clock: systemClock,
  openSource: openStoreTradeSource,
  configDbPath: (configPath) => loadConfig({ argv: configPath === undefined ? [] : ["--config", configPath] }).config.data.dbPath,
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  writeFile: writeAtomically,
};

if (import.meta.main) {
  process.exitCode = await runReportCli(process.argv.slice(2), processReportDeps);
}
