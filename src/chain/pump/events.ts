/**
 * decodePumpEvent: `discriminator ‖ borsh fields` -> PumpEvent, reading the fields the bytes hold and
 * defaulting the rest; the encoders write exactly the byte layouts seen on mainnet.
 */
import { DISC, DISC_KEY, discKey } from "./constants.ts";
import { Reader } from "./codec.ts";
import { PumpDecodeError } from "./errors.ts";
import {
  COMPLETE_FIELDS,
  COMPLETE_MANDATORY,
  CREATE_FIELDS,
  CREATE_LAYOUTS,
  CREATE_MANDATORY,
  MIGRATION_FIELDS,
  MIGRATION_MANDATORY,
  TRADE_FIELDS,
  TRADE_LAYOUTS,
  TRADE_MANDATORY,
  type CompleteEvent,
  type CreateEvent,
  type CreateLayout,
  type MigrationEvent,
  type PumpEvent,
  type TradeEvent,
  type TradeLayout,
} from "./event-types.ts";
import { decodeTradeEvent } from "./trade-event.ts";
import { defaults, encodeStruct, fieldIndex, readFields, type Field } from "./layout.ts";

const EMPTY = new Uint8Array(0);

const TEMPLATES = {
  create: { kind: "create", layoutBytes: 0, truncatedAt: null, extra: EMPTY, ...defaults(CREATE_FIELDS) },
  trade: { kind: "trade", layoutBytes: 0, truncatedAt: null, extra: EMPTY, ...defaults(TRADE_FIELDS) },
  complete: { kind: "complete", layoutBytes: 0, truncatedAt: null, extra: EMPTY, ...defaults(COMPLETE_FIELDS) },
  migration: { kind: "migration", layoutBytes: 0, truncatedAt: null, extra: EMPTY, ...defaults(MIGRATION_FIELDS) },
} as const;

type Kind = keyof typeof TEMPLATES;

function decodeBody(bytes: Uint8Array, kind: Kind, fields: readonly Field[], mandatory: number): Record<string, unknown> {
  const out: Record<string, unknown> = { ...TEMPLATES[kind] };
  const r = new Reader(bytes, 8);
  const count = readFields(r, fields, out);
  if (count < mandatory) {
    throw new PumpDecodeError("truncated", `${kind} event too short`, {
      kind,
      bytes: bytes.length,
      missing: fields[count]!.name,
    });
  }
  out.layoutBytes = bytes.length - 8;
  out.truncatedAt = count < fields.length ? fields[count]!.name : null;
  if (r.left > 0) out.extra = r.rest();
  return out;
}

/** Decodes `discriminator ‖ fields`; throws PumpDecodeError (kind 'rejected') when it cannot. */
export function decodePumpEvent(bytes: Uint8Array): PumpEvent {
  if (bytes.length < 8) throw new PumpDecodeError("truncated", "event shorter than its discriminator", { bytes: bytes.length });
  const key = discKey(bytes);
  switch (key) {
    case DISC_KEY.tradeEvent:
      return decodeTradeEvent(bytes);
    case DISC_KEY.createEvent:
      return decodeBody(bytes, "create", CREATE_FIELDS, CREATE_MANDATORY) as unknown as CreateEvent;
    case DISC_KEY.completeEvent:
      return decodeBody(bytes, "complete", COMPLETE_FIELDS, COMPLETE_MANDATORY) as unknown as CompleteEvent;
    case DISC_KEY.migrationEvent:
      return decodeBody(bytes, "migration", MIGRATION_FIELDS, MIGRATION_MANDATORY) as unknown as MigrationEvent;
    default:
      throw new PumpDecodeError("discriminator", "unknown pump event discriminator", {
        discriminator: Buffer.from(bytes.subarray(0, 8)).toString("hex"),
      });
  }
}

/** The table-driven TradeEvent decoder: the reference the hand-written fast path is tested against. */
export function decodeTradeEventReference(bytes: Uint8Array): TradeEvent {
  if (bytes.length < 8 || discKey(bytes) !== DISC_KEY.tradeEvent) throw new PumpDecodeError("discriminator", "not a TradeEvent", {});
  const ev = decodeBody(bytes, "trade", TRADE_FIELDS, TRADE_MANDATORY);
  if ((ev.shareholders as unknown[]).length === 0) ev.shareholders = [];
  return ev as unknown as TradeEvent;
}

/** Decodes an `emit_cpi!` inner instruction (`e445a52e51cb9a1d ‖ event`): the fallback for truncated logs. */
export function decodeEventCpi(data: Uint8Array): PumpEvent {
  if (data.length < 16 || discKey(data) !== DISC_KEY.eventCpi) {
    throw new PumpDecodeError("discriminator", "not an event self-CPI", { bytes: data.length });
  }
  return decodePumpEvent(data.subarray(8));
}

/** Field count to encode: an explicit layout, else the fields the event itself held (plus its extra). */
function ownCount(fields: readonly Field[], ev: { truncatedAt: string | null }): number {
  return fieldIndex(fields, ev.truncatedAt);
}

/**
 * Encodes a TradeEvent: "2024" (121 B), "2025" (217 B), "2026" (through mayhem_mode: 258 B for "buy"),
 * "full" (every known field); without a layout, exactly the fields it was decoded from plus `extra`.
 */
export function encodeTradeEvent(ev: TradeEvent, layout?: TradeLayout): Uint8Array {
  const src = ev as unknown as Record<string, unknown>;
  if (layout === undefined) return encodeStruct(DISC.tradeEvent, TRADE_FIELDS, src, ownCount(TRADE_FIELDS, ev), ev.extra);
  return encodeStruct(DISC.tradeEvent, TRADE_FIELDS, src, TRADE_LAYOUTS[layout], undefined);
}

/** Encodes a CreateEvent: "2024" (ends at user), "2025" (through token_total_supply), "2026" (all fields). */
export function encodeCreateEvent(ev: CreateEvent, layout?: CreateLayout): Uint8Array {
  const src = ev as unknown as Record<string, unknown>;
  if (layout === undefined) return encodeStruct(DISC.createEvent, CREATE_FIELDS, src, ownCount(CREATE_FIELDS, ev), ev.extra);
  return encodeStruct(DISC.createEvent, CREATE_FIELDS, src, CREATE_LAYOUTS[layout], undefined);
}

/** Encodes a CompleteEvent with every field (or, for a decoded one, exactly its own layout). */
export function encodeCompleteEvent(ev: CompleteEvent): Uint8Array {
  const src = ev as unknown as Record<string, unknown>;
  return encodeStruct(DISC.completeEvent, COMPLETE_FIELDS, src, ownCount(COMPLETE_FIELDS, ev), ev.extra);
}

/** Encodes a CompletePumpAmmMigrationEvent (own layout, as for CompleteEvent). */
export function encodeMigrationEvent(ev: MigrationEvent): Uint8Array {
  const src = ev as unknown as Record<string, unknown>;
  return encodeStruct(DISC.migrationEvent, MIGRATION_FIELDS, src, ownCount(MIGRATION_FIELDS, ev), ev.extra);
}

/** Encodes any PumpEvent in its own layout. */
export function encodePumpEvent(ev: PumpEvent): Uint8Array {
  switch (ev.kind) {
    case "create":
      return encodeCreateEvent(ev);
    case "trade":
      return encodeTradeEvent(ev);
    case "complete":
      return encodeCompleteEvent(ev);
    case "migration":
      return encodeMigrationEvent(ev);
  }
}

/** A TradeEvent with every field defaulted, then `fields` applied (for the simulator and tests). */
export function makeTradeEvent(fields: Partial<TradeEvent>): TradeEvent {
  return { ...(TEMPLATES.trade as unknown as TradeEvent), shareholders: [], ...fields, kind: "trade" };
}

/** A CreateEvent with every field defaulted, then `fields` applied. */
export function makeCreateEvent(fields: Partial<CreateEvent>): CreateEvent {
  return { ...(TEMPLATES.create as unknown as CreateEvent), ...fields, kind: "create" };
}

/** A CompleteEvent with every field defaulted, then `fields` applied. */
export function makeCompleteEvent(fields: Partial<CompleteEvent>): CompleteEvent {
  return { ...(TEMPLATES.complete as unknown as CompleteEvent), ...fields, kind: "complete" };
}

/** A MigrationEvent with every field defaulted, then `fields` applied. */
export function makeMigrationEvent(fields: Partial<MigrationEvent>): MigrationEvent {
  return { ...(TEMPLATES.migration as unknown as MigrationEvent), ...fields, kind: "migration" };
}

