/**
 * `bun run src/cli/decode.ts <base64 | file>`: prints pump.fun data as JSON (bigints as strings, bytes as
 * hex). Accepts a `Program data:` line or bare base64 (event, event self-CPI, account, instruction), a logs
 * array, a getTransaction result (inner-instruction fallback when logs are truncated), or account info.
 */
import { existsSync, readFileSync } from "node:fs";
import {
  DISC_KEY,
  PumpDecodeError,
  decodeBondingCurve,
  decodeEventCpi,
  decodeGlobal,
  decodePumpEvent,
  decodePumpInstruction,
  discKey,
  innerInstructionEvents,
  parsePumpLogs,
  type PumpEvent,
} from "../chain/pump/index.ts";

/** What the decoder recognised, ready to print. */
export type DecodeOutput =
  | { type: "event"; event: PumpEvent }
  | { type: "bondingCurve" | "global"; account: unknown }
  | { type: "instruction"; instruction: unknown }
  | { type: "logs"; truncated: boolean; failed: boolean; errors: number; unknown: number; events: PumpEvent[] }
  | { type: "transaction"; signature: string | null; source: "logs" | "innerInstructions"; truncated: boolean; failed: boolean; errors: number; events: PumpEvent[] };

/** Input the decoder does not recognise: exit code 1 with this message. */
export class DecodeInputError extends Error {}

const EVENT_KEYS = new Set([DISC_KEY.createEvent, DISC_KEY.tradeEvent, DISC_KEY.completeEvent, DISC_KEY.migrationEvent]);
const IX_KEYS = new Set([DISC_KEY.buy, DISC_KEY.buyExactSolIn, DISC_KEY.sell, DISC_KEY.create, DISC_KEY.createV2]);

/** Decodes one payload, chosen by its 8-byte discriminator. */
export function decodeBytes(bytes: Uint8Array): DecodeOutput {
  if (bytes.length < 8) throw new DecodeInputError(`payload of ${bytes.length} bytes is shorter than a discriminator`);
  const key = discKey(bytes);
  if (EVENT_KEYS.has(key)) return { type: "event", event: decodePumpEvent(bytes) };
  if (key === DISC_KEY.eventCpi) return { type: "event", event: decodeEventCpi(bytes) };
  if (key === DISC_KEY.bondingCurve) return { type: "bondingCurve", account: decodeBondingCurve(bytes) };
  if (key === DISC_KEY.global) return { type: "global", account: decodeGlobal(bytes) };
  if (IX_KEYS.has(key)) return { type: "instruction", instruction: decodePumpInstruction(bytes) };
  throw new DecodeInputError(`unknown discriminator ${bytes.subarray(0, 8).toHex()}`);
}

function base64Payload(text: string): Uint8Array {
  const s = text.trim().replace(/^Program data: /, "");
  try {
    return Uint8Array.fromBase64(s);
  } catch {
    throw new DecodeInputError("input is neither base64, a `Program data:` line, nor a JSON file");
  }
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Decodes parsed JSON: a logs array, a getTransaction result (or its RPC envelope), or account info. */
export function decodeJson(value: unknown): DecodeOutput {
  let v = value;
  if (isObj(v) && "result" in v) v = v.result;
  if (isObj(v) && "value" in v && (isObj(v.value) || Array.isArray(v.value))) v = v.value;
  if (typeof v === "string") return decodeBytes(base64Payload(v));
  if (Array.isArray(v) && v.every((l) => typeof l === "string")) {
    const r = parsePumpLogs(v as string[]);
    return { type: "logs", ...r };
  }
  if (isObj(v) && isObj(v.meta)) {
    const logs = (v.meta.logMessages as string[] | null | undefined) ?? [];
    const r = parsePumpLogs(logs);
    const inner = r.truncated || logs.length === 0 ? (innerInstructionEvents(v) ?? []) : [];
    const sigs = isObj(v.transaction) ? (v.transaction.signatures as string[] | undefined) : undefined;
    return {
      type: "transaction",
      signature: sigs?.[0] ?? null,
      source: inner.length > 0 ? "innerInstructions" : "logs",
      truncated: r.truncated,
      failed: r.failed || (v.meta.err !== null && v.meta.err !== undefined),
      errors: r.errors,
      events: inner.length > 0 ? inner : r.events,
    };
  }
  if (isObj(v) && "data" in v) {
    const d = v.data;
    if (Array.isArray(d) && typeof d[0] === "string") return decodeBytes(base64Payload(d[0]));
    if (typeof d === "string") return decodeBytes(base64Payload(d));
  }
  throw new DecodeInputError("unrecognised JSON: expected logs, a getTransaction result or account data");
}

/** Decodes a CLI argument: a path to a file (JSON or base64 text) or an inline base64 / `Program data:` line. */
export function decodeArg(arg: string): DecodeOutput {
  const text = arg.length < 4096 && existsSync(arg) ? readFileSync(arg, "utf8") : arg;
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith('"')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new DecodeInputError("input looks like JSON but does not parse");
    }
    return decodeJson(parsed);
  }
  return decodeBytes(base64Payload(trimmed));
}

/** JSON with bigints as decimal strings and byte arrays as hex. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? v.toHex() : v), 2);
}

if (import.meta.main) {
  const arg = process.argv[2];
  if (!arg || arg === "-h" || arg === "--help") {
    console.error("usage: bun run src/cli/decode.ts <base64 | 'Program data: ...' | file.json>");
    process.exit(arg ? 0 : 1);
  }
  try {
    console.log(toJson(decodeArg(arg)));
  } catch (err) {
    if (err instanceof DecodeInputError || err instanceof PumpDecodeError) {
      console.error(`decode: ${err.message}${err instanceof PumpDecodeError ? ` (${err.reason})` : ""}`);
      process.exit(1);
    }
    throw err;
  }
}
