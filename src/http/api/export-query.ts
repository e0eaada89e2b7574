/**
 * `GET /api/export` query parameters, validated into the filter the store's export stream takes
 * (structurally the store's `ExportOptions`). Every error names the parameter and the rule.
 */
import { isMintAddress } from "../validate.ts";

/** The export filter handed to the injected stream factory. */
export interface ExportQuery {
  format: "csv" | "json";
  /** `YYYY-MM-DD` (UTC day, included) or wall-clock ms. */
  from?: string | number;
  /** `YYYY-MM-DD` (UTC day, included) or wall-clock ms (excluded). */
  to?: string | number;
  /** Mint address. */
  token?: string;
  side?: "buy" | "sell";
  outcome?: "win" | "loss" | "open";
}

const ALLOWED = new Set(["format", "from", "to", "token", "side", "outcome"]);
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parsed query or the message of a 400. */
export type ParsedExport = { ok: true; query: ExportQuery } | { ok: false; error: string };

function parseBound(name: string, raw: string): { value?: string | number; ms?: number; error?: string } {
  if (/^\d{1,16}$/.test(raw)) return { value: Number(raw), ms: Number(raw) };
  const m = DAY.exec(raw);
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (new Date(ms).toISOString().slice(0, 10) === raw) return { value: raw, ms };
  }
  return { error: `${name}: expected a date YYYY-MM-DD or epoch milliseconds` };
}

/** Validates the query of an export request. */
export function parseExportQuery(params: URLSearchParams): ParsedExport {
  for (const key of params.keys()) {
    if (!ALLOWED.has(key)) return { ok: false, error: `unknown parameter (allowed: ${[...ALLOWED].join(", ")})` };
  }
  for (const key of ALLOWED) {
    if (params.getAll(key).length > 1) return { ok: false, error: `${key}: given more than once` };
  }
  const format = params.get("format") ?? "csv";
  if (format !== "csv" && format !== "json") return { ok: false, error: "format: expected csv or json" };
  const query: ExportQuery = { format };
  let fromMs: number | undefined;
  let toMs: number | undefined;
  const from = params.get("from");
  if (from !== null) {
    const b = parseBound("from", from);
    if (b.error) return { ok: false, error: b.error };
    query.from = b.value;
    fromMs = b.ms;
  }
  const to = params.get("to");
  if (to !== null) {
    const b = parseBound("to", to);
    if (b.error) return { ok: false, error: b.error };
    query.to = b.value;
    toMs = b.ms;
  }
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) return { ok: false, error: "from: must not be after to" };
  const token = params.get("token");
  if (token !== null) {
    if (!isMintAddress(token)) return { ok: false, error: "token: expected a base58-encoded 32-byte mint address" };
    query.token = token;
  }
  const side = params.get("side");
  if (side !== null) {
    if (side !== "buy" && side !== "sell") return { ok: false, error: "side: expected buy or sell" };
    query.side = side;
  }
  const outcome = params.get("outcome");
  if (outcome !== null) {
    if (outcome !== "win" && outcome !== "loss" && outcome !== "open") return { ok: false, error: "outcome: expected win, loss or open" };
    query.outcome = outcome;
  }
  return { ok: true, query };
}
