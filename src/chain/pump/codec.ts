/**
 * Little-endian Borsh primitives over DataView: a cursor reader that never reads past the end and a
 * fixed-size writer. Pubkeys travel as base58 strings.
 */
import bs58 from "bs58";
import { encodeBase58Key } from "../base58.ts";
import { PumpEncodeError } from "./errors.ts";

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** The base58 string of the all-zero pubkey (also the system program id). */
export const ZERO_PUBKEY = "11111111111111111111111111111111";

/** Base58 of 32 bytes at `offset` (no copy). */
export function pubkeyAt(bytes: Uint8Array, offset: number): string {
  return encodeBase58Key(bytes, offset);
}

/** 32 bytes of a base58 pubkey; throws PumpEncodeError when it is not one. */
export function pubkeyBytes(key: string): Uint8Array {
  let out: Uint8Array;
  try {
    out = bs58.decode(key);
  } catch {
    throw new PumpEncodeError("not a base58 pubkey", { key });
  }
  if (out.length !== 32) throw new PumpEncodeError("pubkey is not 32 bytes", { key, length: out.length });
  return out;
}

/** A cursor over a byte slice; `left` says how many bytes remain. */
export class Reader {
  readonly view: DataView;
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }
  get left(): number {
    return this.bytes.length - this.pos;
  }
  u8(): number {
    return this.bytes[this.pos++]!;
  }
  bool(): boolean {
    return this.bytes[this.pos++] !== 0;
  }
  u16(): number {
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(): number {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u64(): bigint {
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }
  i64(): bigint {
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }
  pubkey(): string {
    const v = pubkeyAt(this.bytes, this.pos);
    this.pos += 32;
    return v;
  }
  /** Bytes of a Borsh string if the whole string is present, else -1 (cursor unchanged). */
  stringSize(): number {
    if (this.left < 4) return -1;
    const len = this.view.getUint32(this.pos, true);
    return len <= this.left - 4 ? 4 + len : -1;
  }
  string(): string {
    const len = this.view.getUint32(this.pos, true);
    const s = utf8Decoder.decode(this.bytes.subarray(this.pos + 4, this.pos + 4 + len));
    this.pos += 4 + len;
    return s;
  }
  rest(): Uint8Array {
    const out = this.bytes.slice(this.pos);
    this.pos = this.bytes.length;
    return out;
  }
}

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** A writer into a buffer of known size (compute the size first). */
export class Writer {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  raw(b: Uint8Array): this {
    this.bytes.set(b, this.pos);
    this.pos += b.length;
    return this;
  }
  u8(v: number): this {
    this.bytes[this.pos++] = v & 0xff;
    return this;
  }
  bool(v: boolean): this {
    this.bytes[this.pos++] = v ? 1 : 0;
    return this;
  }
  u16(v: number): this {
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
    return this;
  }
  u32(v: number): this {
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
    return this;
  }
  u64(v: bigint): this {
    if (v < 0n || v > U64_MAX) throw new PumpEncodeError("u64 out of range", { value: v.toString() });
    this.view.setBigUint64(this.pos, v, true);
    this.pos += 8;
    return this;
  }
  i64(v: bigint): this {
    if (v < I64_MIN || v > I64_MAX) throw new PumpEncodeError("i64 out of range", { value: v.toString() });
    this.view.setBigInt64(this.pos, v, true);
    this.pos += 8;
    return this;
  }
  pubkey(key: string): this {
    return this.raw(pubkeyBytes(key));
  }
  string(s: string): this {
    const b = utf8Encoder.encode(s);
    return this.u32(b.length).raw(b);
  }
}

/** Bytes a Borsh string takes. */
export function stringSize(s: string): number {
  return 4 + utf8Encoder.encode(s).length;
}
