/**
 * `bun run sql -- "<query>" [--json] [--db PATH] [--width N]`: runs one query on the history database,
 * read-only by construction (a readonly SQLite handle with query_only on: SQLite itself refuses writes,
 * nothing here inspects the text). Output: an aligned table (cells cut at --width, control characters
 * shown escaped so a token name cannot drive the terminal) or JSON. Exit 1 on a refused or failing query.
 */
import { openReadOnly } from "../store/db.ts";
import { resolveDbPath } from "../store/db-path.ts";

/** Where the command writes (tests pass buffers). */
export interface SqlIo {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = 'usage: bun run sql -- "<select ...>" [--json] [--db PATH] [--width N]\n';

/** A value as JSON: safe integers as numbers, larger ones as strings, blobs as hex. */
function jsonValue(v: unknown): unknown {
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
  return v;
}

/** A value as one table cell: escaped control characters, cut to `width`. */
export function cell(v: unknown, width: number): string {
  let text = v === null || v === undefined ? "NULL" : v instanceof Uint8Array ? `x'${Buffer.from(v).toString("hex")}'` : String(v);
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1).replace(/^\\u00/, "\\x"));
  return [...text].length > width ? `${[...text].slice(0, Math.max(1, width - 1)).join("")}…` : text;
}

/** Formats rows as an aligned text table. */
export function formatTable(columns: string[], rows: unknown[][], width: number): string {
  const cells = rows.map((r) => r.map((v) => cell(v, width)));
  const heads = columns.map((c) => cell(c, width));
  const widths = heads.map((h, i) => Math.max([...h].length, ...cells.map((r) => [...(r[i] ?? "")].length)));
  const line = (r: string[]) => r.map((c, i) => c + " ".repeat((widths[i] ?? 0) - [...c].length)).join(" | ").trimEnd();
  const out = [line(heads), widths.map((w) => "-".repeat(w)).join("-+-"), ...cells.map(line)];
  return `${out.join("\n")}\n(${rows.length} row${rows.length === 1 ? "" : "s"})\n`;
}

/** Runs the command; returns the exit code. */
export function runSql(argv: readonly string[], io: SqlIo): number {
  const args = [...argv];
  let dbPath: string;
  try {
    dbPath = resolveDbPath(args);
  } catch (error) {
    io.err(`error: ${(error as Error).message}\n`);
    return 2;
  }
  const json = args.includes("--json");
  let width = 40;
  const w = args.indexOf("--width");
  if (w >= 0) {
    width = Number(args[w + 1]);
    args.splice(w, 2);
    if (!(Number.isInteger(width) && width >= 4)) {
      io.err(`error: --width needs an integer >= 4\n${USAGE}`);
      return 2;
    }
  }
  const rest = args.filter((a) => a !== "--json");
  if (rest.length !== 1 || rest[0]?.trim() === "") {
    io.err(USAGE);
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
    const stmt = db.prepare<unknown[], []>(rest[0] as string);
    const columns = stmt.columnNames;
    const rows = stmt.values();
    if (json) {
      const objects = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, jsonValue(r[i])])));
      io.out(`${JSON.stringify(objects, null, 2)}\n`);
    } else {
      io.out(formatTable(columns, rows, width));
    }
    return 0;
  } catch (error) {
    const message = (error as Error).message;
    const readonly = /readonly|read-only|query_only/i.test(message);
    io.err(`error: ${message}${readonly ? "\n(the sql command is read-only: SQLite refused to write)" : ""}\n`);
    return 1;
  } finally {
    db.close();
  }
}

if (import.meta.main) {
  process.exitCode = runSql(process.argv.slice(2), {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
  });
}
