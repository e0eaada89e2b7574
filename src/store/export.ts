/**
 * Streaming trade export (one row per fill) as CSV or a JSON array. Rows come from `stmt.iterate()` and
 * leave in ~64 KiB chunks, so 100k trades never sit in memory. CSV cells are neutralised against formula
 * injection; JSON carries amounts as decimal strings (exact, bigint-safe).
 */
import type { Database } from "bun:sqlite";
import { SniperError } from "../errors.ts";
import { csvRow } from "./csv.ts";
import { FILL_COLUMNS, iterateFillViews } from "./fill-rows.ts";
import { parseDay, type Outcome, type TradeFilter } from "./filters.ts";

/** Export options; `from` / `to` are `YYYY-MM-DD` (UTC, both days included) or wall-clock ms ([from, to)). */
export interface ExportOptions {
  format: "csv" | "json";
  from?: string | number;
  to?: string | number;
  /** Mint address. */
  token?: string;
  side?: "buy" | "sell";
  outcome?: Outcome;
}

/** Where chunks go: a WritableStream (its backpressure is awaited) or a function. */
export type ExportSink = WritableStream<string> | ((chunk: string) => void | Promise<void>);

const CHUNK = 64 * 1024;
const DAY_MS = 86_400_000;

/** Turns export options into the shared trade filter (validating them). */
export function exportFilter(options: ExportOptions): TradeFilter {
  if (options.format !== "csv" && options.format !== "json") {
    throw new SniperError("config", `format: expected csv or json, got ${String(options.format)}`);
  }
  const filter: TradeFilter = {};
  if (options.from !== undefined) filter.from = typeof options.from === "number" ? options.from : parseDay(options.from, "from");
  if (options.to !== undefined) filter.to = typeof options.to === "number" ? options.to : parseDay(options.to, "to") + DAY_MS;
  if (options.token !== undefined) filter.mint = options.token;
  if (options.side !== undefined) filter.side = options.side;
  if (options.outcome !== undefined) filter.outcome = options.outcome;
  return filter;
}

/** The export as text chunks of about 64 KiB (lazy: rows are read as chunks are taken). */
export function* exportChunks(db: Database, options: ExportOptions): Generator<string, void, undefined> {
  const filter = exportFilter(options);
  const csv = options.format === "csv";
  let chunk = csv ? csvRow(FILL_COLUMNS) : "[";
  let first = true;
  for (const view of iterateFillViews(db, filter)) {
    if (csv) chunk += csvRow(FILL_COLUMNS.map((c) => view[c]));
    else {
      chunk += `${first ? "\n" : ",\n"}${JSON.stringify(view)}`;
      first = false;
    }
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = "";
    }
  }
  if (!csv) chunk += first ? "]\n" : "\n]\n";
  if (chunk.length > 0) yield chunk;
}

/** Writes the export to `sink`; resolves with the number of chunks once the last one is accepted. */
export async function exportTrades(db: Database, options: ExportOptions, sink: ExportSink): Promise<{ chunks: number }> {
  const chunks = exportChunks(db, options);
  let count = 0;
  if (typeof sink === "function") {
    for (const chunk of chunks) {
      await sink(chunk);
      count++;
    }
    return { chunks: count };
  }
  const writer = sink.getWriter();
  try {
    for (const chunk of chunks) {
      await writer.ready;
      await writer.write(chunk);
      count++;
    }
    await writer.close();
  } catch (error) {
    await writer.abort(error).catch(() => {});
    throw error;
  } finally {
    writer.releaseLock();
  }
  return { chunks: count };
}

/** The export as a byte stream (for an HTTP response, e.g. Hono's `c.body(stream)`); cancel stops the query. */
export function exportTradesStream(db: Database, options: ExportOptions): ReadableStream<Uint8Array> {
  exportFilter(options); // validate before the response starts
  const encoder = new TextEncoder();
  let chunks: Generator<string, void, undefined> | null = null;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      chunks ??= exportChunks(db, options);
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      chunks?.return();
    },
  });
}

/** Content type of an export format (for HTTP responses). */
export function exportContentType(format: ExportOptions["format"]): string {
  return format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
}
