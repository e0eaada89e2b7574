/**
 * `bun run export -- --format csv|json [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--token MINT]
 * [--side buy|sell] [--outcome win|loss|open] [--out FILE] [--db PATH]`: streams trades (one row per fill)
 * to stdout or a file, read-only, without holding them in memory.
 */
import { createWriteStream } from "node:fs";
import { openReadOnly } from "../store/db.ts";
import { resolveDbPath } from "../store/db-path.ts";
import { exportChunks, exportFilter, type ExportOptions } from "../store/export.ts";

/** Where the command writes (tests pass buffers). */
export interface ExportIo {
  out(text: string): void | Promise<void>;
  err(text: string): void;
}

const USAGE =
  "usage: bun run export -- --format csv|json [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--token MINT] [--side buy|sell] [--outcome win|loss|open] [--out FILE] [--db PATH]\n";

/** Parses the flags into export options and an optional output file. */
export function parseExportArgs(argv: readonly string[]): { options: ExportOptions; out?: string; dbArgs: string[] } {
  const options: Record<string, string> = {};
  const dbArgs: string[] = [];
  const known = new Set(["format", "from", "to", "token", "side", "outcome", "out"]);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    if (flag === "--db") {
      if (value === undefined) throw new Error("--db needs a file path");
      dbArgs.push(flag, value);
      i++;
      continue;
    }
    const name = flag.startsWith("--") ? flag.slice(2) : "";
    if (!known.has(name)) throw new Error(`unknown argument ${flag}`);
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    options[name] = value;
    i++;
  }
  const { out, ...rest } = options;
  const parsed = { ...rest, format: rest.format ?? "csv" } as unknown as ExportOptions;
  exportFilter(parsed); // validates format, dates, side, outcome
  return { options: parsed, ...(out !== undefined ? { out } : {}), dbArgs };
}

/** Runs the command; resolves with the exit code. */
export async function runExport(argv: readonly string[], io: ExportIo): Promise<number> {
  let parsed: ReturnType<typeof parseExportArgs>;
  let dbPath: string;
  try {
    parsed = parseExportArgs(argv);
    dbPath = resolveDbPath(parsed.dbArgs);
  } catch (error) {
    io.err(`error: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  let db;
  try {
    db = openReadOnly(dbPath);
  } catch (error) {
    io.err(`error: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    if (parsed.out === undefined) {
      for (const chunk of exportChunks(db, parsed.options)) await io.out(chunk);
      return 0;
    }
    const file = createWriteStream(parsed.out);
    for (const chunk of exportChunks(db, parsed.options)) {
      if (!file.write(chunk)) await new Promise<void>((resolve) => file.once("drain", () => resolve()));
    }
    await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
    return 0;
  } catch (error) {
    io.err(`error: ${(error as Error).message}\n`);
    return 1;
  } finally {
    db.close();
  }
}

if (import.meta.main) {
  process.exitCode = await runExport(process.argv.slice(2), {
    out: (t) => new Promise<void>((resolve) => (process.stdout.write(t) ? resolve() : process.stdout.once("drain", () => resolve()))),
    err: (t) => void process.stderr.write(t),
  });
}
