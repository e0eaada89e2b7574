import { join } from "node:path";
import pino, { type Logger } from "pino";
import { type Clock, systemClock } from "../clock.ts";
import type { Config } from "../config/schema.ts";
import type { Secrets } from "../config/secrets.ts";
import { REDACTED, redactUrl } from "../config/redact.ts";
import { DailyLogFile } from "./daily-file.ts";
import { FileWriter } from "./file-writer.ts";
import { type LineSink, prettyStream, stdoutSink } from "./pretty.ts";
import { LogRing } from "./ring.ts";
import { DEFAULT_LIMITS, type SanitizeLimits, Sanitizer, isUrlKey } from "./sanitize.ts";
import { createScrubber } from "./scrub.ts";

/** Name of the file receiving the records evicted from the in-memory ring. */
export const RING_SPILL_FILE = "ring-spill.jsonl";

/** Field names pino redacts on top of the sanitizer (belt and braces; `*` is one level deep). */
export const REDACT_FIELDS = [
  "secret", "secretKey", "privateKey", "walletSecret", "password", "token", "accessToken", "apiKey", "api_key",
  "authorization", "cookie", "mnemonic", "controlToken", "botToken", "webhookUrl",
  "url", "rpcUrl", "endpoint", "wsUrl", "httpUrl", "bundleUrl",
] as const;

/** pino `redact.paths`: each field at the top level and one level down, plus request headers. */
export const REDACT_PATHS: string[] = [
  ...REDACT_FIELDS.flatMap((f) => [f, `*.${f}`]),
  "headers.authorization", "*.headers.authorization", "headers.cookie", "*.headers.cookie",
  'headers["x-api-key"]', '*.headers["x-api-key"]',
];

/** What createLogging needs. */
export interface LoggingOptions {
  /** The loaded config (only `log` and `rpc` are read). */
  config: Pick<Config, "log"> & Partial<Pick<Config, "rpc">>;
  /** The secrets: their values are scrubbed from every line. */
  secrets: Secrets;
  /** Whether stdout is a terminal (pretty output when `log.pretty` is `auto`). */
  isTty: boolean;
  /** Clock for timestamps and the daily file name (default: the system clock). */
  clock?: Clock;
  /** Where pretty output goes (default: stdout, synchronously). */
  stdout?: LineSink;
  /** Extra values to scrub (e.g. the sim cluster's URLs); RPC URLs from the config are included already. */
  extraSecrets?: readonly string[];
  /** Limits on logged strings (default DEFAULT_LIMITS). */
  limits?: Partial<SanitizeLimits>;
  /** Flush synchronously on `process.on("exit")` (default true; removed by `close()`). */
  exitHook?: boolean;
}

/** The logging of the process. */
export interface Logging {
  /** The root logger. */
  root: Logger;
  /** The in-memory ring of recent records (status page). */
  ring: LogRing;
  /** A child logger for one actor: every record carries `actor: id`. */
  child(actorId: string): Logger;
  /** Resolves once every record logged so far is on disk (log file and ring spill file). */
  flush(): Promise<void>;
  /** Synchronous flush, for exit paths that cannot await. */
  flushSync(): void;
  /** Flushes and closes the files; records logged afterwards still reach the ring and stdout, not the files. */
  close(): Promise<void>;
  /** Path of today's JSON log file. */
  readonly filePath: string;
  /** Path of the ring spill file. */
  readonly spillPath: string;
}

/**
 * Builds the root pino logger: JSON lines to `<log.dir>/sniper-YYYY-MM-DD.log`, pretty lines on stdout
 * (TTY or log.pretty = true), and the in-memory ring (spilling to `<log.dir>/ring-spill.jsonl`). Every
 * record passes three filters: field-name redaction and string bounding (before serialization), pino
 * redact paths, and a scrub of the secret values and keyed URLs from the final line.
 */
export function createLogging(options: LoggingOptions): Logging {
  const { config, secrets, isTty } = options;
  const clock = options.clock ?? systemClock;
  const dir = config.log.dir;
  const rpcUrls = [...(config.rpc?.httpUrls ?? []), ...(config.rpc?.wsUrls ?? [])];
  const scrub = createScrubber({ secrets, urls: [...rpcUrls, ...(options.extraSecrets ?? [])] });
  const sanitizer = new Sanitizer(scrub, { ...DEFAULT_LIMITS, ...options.limits });

  // After close() the files are gone: late records still reach the ring and stdout, and never throw.
  let filesOpen = true;
  const file = new DailyLogFile(dir, clock);
  const spill = new FileWriter({ path: join(dir, RING_SPILL_FILE), batchBytes: 256 * 1024, lingerMs: 200 });
  const ring = new LogRing(config.log.ringSize, { write: (line) => void (filesOpen && spill.write(line)) });
  const pretty = config.log.pretty === true || (config.log.pretty === "auto" && isTty);

  const streams: pino.StreamEntry[] = [
    { level: "trace", stream: { write: (line: string) => void (filesOpen && file.write(line)) } },
    { level: "trace", stream: { write: (line: string) => void ring.pushLine(line) } },
  ];
  if (pretty) streams.push({ level: "trace", stream: prettyStream(options.stdout ?? stdoutSink(), isTty) });

  const root = pino(
    {
      level: config.log.level,
      timestamp: () => `,"time":${clock.now()}`,
      redact: {
        paths: REDACT_PATHS,
        censor: (value: unknown, path: string[]) => {
          const key = path[path.length - 1] ?? "";
          if (typeof value === "string" && isUrlKey(key)) return redactUrl(value);
          return value !== null && typeof value === "object" && !Array.isArray(value) ? value : REDACTED;
        },
      },
      formatters: {
        bindings: (bindings) => sanitizer.object(bindings),
      },
      serializers: {
        err: (e: unknown) => (e instanceof Error ? sanitizer.error(e) : sanitizer.value(e, "err")),
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, sanitizeArgs(sanitizer, args as unknown[]) as Parameters<typeof method>);
        },
        streamWrite: scrub,
      },
    },
    pino.multistream(streams),
  );

  // pino passes child bindings through no formatter: sanitize them here, for children of children too.
  const pinoChild = root.child as unknown as (this: Logger, b: pino.Bindings, o?: pino.ChildLoggerOptions) => Logger;
  root.child = function (this: Logger, bindings: pino.Bindings, opts?: pino.ChildLoggerOptions) {
    return pinoChild.call(this, sanitizer.object(bindings), opts);
  } as unknown as typeof root.child;

  const flush = async (): Promise<void> => {
    await Promise.all([file.flush(), spill.flush()]);
  };
  const flushSync = (): void => {
    file.flushSync();
    spill.flushSync();
  };
  const exitHook = options.exitHook ?? true;
  if (exitHook) process.on("exit", flushSync);
  let closed: Promise<void> | undefined;

  return {
    root,
    ring,
    child: (actorId: string) => root.child({ actor: actorId }),
    flush,
    flushSync,
    close: () => {
      closed ??= (async () => {
        if (exitHook) process.off("exit", flushSync);
        filesOpen = false;
        await Promise.all([file.close(), spill.close()]);
      })();
      return closed;
    },
    get filePath() {
      return file.path;
    },
    spillPath: spill.path,
  };
}

/** pino call arguments made safe: `(obj, msg, ...args)`, `(err, msg)`, `(msg, ...args)`. */
function sanitizeArgs(s: Sanitizer, args: unknown[]): unknown[] {
  const [first, ...rest] = args;
  const restSafe = rest.map((a) => (typeof a === "string" ? s.text(a, s.limits.maxMessage) : s.value(a)));
  if (first instanceof Error) {
    const err = s.error(first);
    return restSafe.length === 0 ? [{ err }, err.message] : [{ err }, ...restSafe];
  }
  if (typeof first === "string") return [s.text(first, s.limits.maxMessage), ...restSafe];
  if (first !== null && typeof first === "object") return [s.value(first), ...restSafe];
  return [first, ...restSafe];
}
