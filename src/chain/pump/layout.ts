/**
 * Table-driven Borsh structs whose layouts only grow at the end: decode the fields the bytes hold,
 * default the rest, keep any leftover bytes so encode(decode(x)) == x.
 */
import { Reader, Writer, ZERO_PUBKEY, stringSize } from "./codec.ts";
import { readU32 } from "../little-endian.ts";

/** Borsh field types that pump.fun structs use. */
export type FieldType = "bool" | "u16" | "u64" | "i64" | "pubkey" | "string" | "shareholders";

/** One field: its IDL (snake_case) name, the camelCase key on the decoded object, its type. */
export interface Field {
  readonly name: string;
  readonly key: string;
  readonly type: FieldType;
}

/** A holder share in a TradeEvent's `shareholders` vec. */
export interface Shareholder {
  address: string;
  shareBps: number;
}

const FIXED_SIZE: Record<FieldType, number> = {
  bool: 1,
  u16: 2,
  u64: 8,
  i64: 8,
  pubkey: 32,
  string: -1,
  shareholders: -1,
};

/** Shorthand to declare a layout: `f("virtual_sol_reserves", "u64")` (key is the camelCase name). */
export function f(name: string, type: FieldType): Field {
  return { name, key: name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), type };
}

/** The value an absent field reads as. */
export function defaultValue(type: FieldType): unknown {
  switch (type) {
    case "bool":
      return false;
    case "u16":
      return 0;
    case "u64":
    case "i64":
      return 0n;
    case "pubkey":
      return ZERO_PUBKEY;
    case "string":
      return "";
    case "shareholders":
      return [];
  }
}

/** Every field set to its default, in layout order (one hidden class per layout). */
export function defaults(fields: readonly Field[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const fl of fields) out[fl.key] = defaultValue(fl.type);
  return out;
}

/**
 * Reads fields in order into `target` until one is not wholly present.
 * Returns how many fields were read; the cursor stops after the last whole field.
 */
export function readFields(r: Reader, fields: readonly Field[], target: Record<string, unknown>, from = 0): number {
  for (let i = from; i < fields.length; i++) {
    const fl = fields[i]!;
    const size = FIXED_SIZE[fl.type];
    if (size > 0) {
      if (r.left < size) return i;
      switch (fl.type) {
        case "bool":
          target[fl.key] = r.bool();
          break;
        case "u16":
          target[fl.key] = r.u16();
          break;
        case "u64":
          target[fl.key] = r.u64();
          break;
        case "i64":
          target[fl.key] = r.i64();
          break;
        default:
          target[fl.key] = r.pubkey();
      }
    } else if (fl.type === "string") {
      if (r.stringSize() < 0) return i;
      target[fl.key] = r.string();
    } else {
      if (r.left < 4) return i;
      const n = readU32(r.bytes, r.pos);
      if (n * 34 > r.left - 4) return i;
      r.pos += 4;
      const list: Shareholder[] = new Array(n);
      for (let k = 0; k < n; k++) list[k] = { address: r.pubkey(), shareBps: r.u16() };
      target[fl.key] = list;
    }
  }
  return fields.length;
}

/** Bytes the first `count` fields of `src` take. */
export function fieldsSize(fields: readonly Field[], src: Record<string, unknown>, count: number): number {
  let size = 0;
  for (let i = 0; i < count; i++) {
    const fl = fields[i]!;
    const fixed = FIXED_SIZE[fl.type];
    if (fixed > 0) size += fixed;
    else if (fl.type === "string") size += stringSize(src[fl.key] as string);
    else size += 4 + 34 * (src[fl.key] as Shareholder[]).length;
  }
  return size;
}

/** Writes the first `count` fields of `src`. */
export function writeFields(w: Writer, fields: readonly Field[], src: Record<string, unknown>, count: number): void {
  for (let i = 0; i < count; i++) {
    const fl = fields[i]!;
    const v = src[fl.key];
    switch (fl.type) {
      case "bool":
        w.bool(v as boolean);
        break;
      case "u16":
        w.u16(v as number);
        break;
      case "u64":
        w.u64(v as bigint);
        break;
      case "i64":
        w.i64(v as bigint);
        break;
      case "pubkey":
        w.pubkey(v as string);
        break;
      case "string":
        w.string(v as string);
        break;
      case "shareholders": {
        const list = v as Shareholder[];
        w.u32(list.length);
        for (const s of list) w.pubkey(s.address).u16(s.shareBps);
      }
    }
  }
}

/** Index of the field named `name`, or `fields.length` for null (all fields held). */
export function fieldIndex(fields: readonly Field[], name: string | null): number {
  if (name === null) return fields.length;
  const i = fields.findIndex((fl) => fl.name === name);
  return i < 0 ? fields.length : i;
}

/** Encodes `disc ‖ first count fields ‖ extra` (extra: leftover bytes of a newer layout). */
export function encodeStruct(
  disc: Uint8Array,
  fields: readonly Field[],
  src: Record<string, unknown>,
  count: number,
  extra: Uint8Array | undefined,
  minLength = 0,
): Uint8Array {
  const body = disc.length + fieldsSize(fields, src, count) + (extra?.length ?? 0);
  const w = new Writer(Math.max(body, minLength));
  w.raw(disc);
  writeFields(w, fields, src, count);
  if (extra) w.raw(extra);
  return w.bytes;
}
