/**
 * Decoding off the hot path: a getTransaction ("json" encoding) result -> its pump.fun events. Logs
 * first; when they were cut ("Log truncated") or did not decode, the event self-CPIs in the inner
 * instructions (`e445a52e51cb9a1d ‖ event`, wire-format.md) are the source of truth.
 */
import bs58 from "bs58";
import { DISC_KEY, discKey, PUMP_PROGRAM_ID } from "./constants.ts";
import type { PumpEvent } from "./event-types.ts";
import { decodeEventCpi } from "./events.ts";
import { parsePumpLogs } from "./logs.ts";

/** What a fetched transaction held. */
export interface TransactionEvents {
  /** False when the transaction is absent or malformed (nothing could be read). */
  ok: boolean;
  /** The transaction failed on chain (no events). */
  failed: boolean;
  slot: number;
  events: PumpEvent[];
  /** Where the events came from. */
  from: "logs" | "inner-instructions" | "none";
}

const NONE: TransactionEvents = { ok: false, failed: false, slot: 0, events: [], from: "none" };

interface TxJson {
  slot?: unknown;
  transaction?: { message?: { accountKeys?: unknown } };
  meta?: {
    err?: unknown;
    logMessages?: unknown;
    innerInstructions?: unknown;
    loadedAddresses?: { writable?: unknown; readonly?: unknown };
  } | null;
}

/** Decodes the pump.fun events of a getTransaction result; never throws. */
export function eventsFromTransaction(raw: unknown, programId = PUMP_PROGRAM_ID): TransactionEvents {
  if (typeof raw !== "object" || raw === null) return NONE;
  const tx = raw as TxJson;
  const meta = tx.meta;
  const slot = typeof tx.slot === "number" ? tx.slot : 0;
  if (typeof meta !== "object" || meta === null) return NONE;
  if (meta.err !== null && meta.err !== undefined) return { ok: true, failed: true, slot, events: [], from: "none" };
  if (Array.isArray(meta.logMessages)) {
    const parsed = parsePumpLogs(meta.logMessages as string[], { programId });
    if (!parsed.truncated && parsed.errors === 0) return { ok: true, failed: false, slot, events: parsed.events, from: "logs" };
  }
  const inner = innerInstructionEvents(tx, programId);
  if (inner === null) return NONE;
  return { ok: true, failed: false, slot, events: inner, from: "inner-instructions" };
}

/**
 * Events of the self-CPIs of `programId` in a getTransaction result, in execution order; null when the
 * shape is wrong. Accepts "json" (programIdIndex, string keys) and "jsonParsed" (programId, {pubkey} keys).
 */
export function innerInstructionEvents(raw: unknown, programId = PUMP_PROGRAM_ID): PumpEvent[] | null {
  if (typeof raw !== "object" || raw === null) return null;
  const tx = raw as TxJson;
  const rawKeys = tx.transaction?.message?.accountKeys;
  const keys = Array.isArray(rawKeys) ? rawKeys.map((k) => (typeof k === "object" && k !== null ? (k as { pubkey?: unknown }).pubkey : k)) : rawKeys;
  const groups = tx.meta?.innerInstructions;
  if (!Array.isArray(keys) || !Array.isArray(groups)) return null;
  const loaded = tx.meta?.loadedAddresses;
  const all: unknown[] = [
    ...keys,
    ...(Array.isArray(loaded?.writable) ? loaded.writable : []),
    ...(Array.isArray(loaded?.readonly) ? loaded.readonly : []),
  ];
  const sorted = [...groups].sort((a, b) => ((a as { index?: number }).index ?? 0) - ((b as { index?: number }).index ?? 0));
  const out: PumpEvent[] = [];
  for (const group of sorted) {
    const ixs = (group as { instructions?: unknown }).instructions;
    if (!Array.isArray(ixs)) return null;
    for (const ix of ixs as Array<{ programIdIndex?: unknown; programId?: unknown; data?: unknown }>) {
      const program = typeof ix?.programId === "string" ? ix.programId : typeof ix?.programIdIndex === "number" ? all[ix.programIdIndex] : undefined;
      if (program !== programId || typeof ix.data !== "string") continue;
      let data: Uint8Array;
      try {
        data = bs58.decode(ix.data);
      } catch {
        continue;
      }
      if (data.length < 16 || discKey(data) !== DISC_KEY.eventCpi) continue;
      try {
        out.push(decodeEventCpi(data));
      } catch {
        // An event of a kind this codec does not know, or garbage: not ours to emit.
      }
    }
  }
  return out;
}
