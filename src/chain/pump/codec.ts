/**
 * Little-endian Borsh primitives: a cursor reader that never reads past the end (plain byte reads, no
 * DataView: see src/chain/little-endian.ts) and a fixed-size writer. Pubkeys travel as base58 strings.
 */
import bs58 from "bs58";
import { readI64, readU16, readU32, readU64 } from "../little-endian.ts";
import { encodeBase58Key } from "../base58.ts";
import { PumpEncodeError } from "./errors.ts";

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** The base58 string of the all-zero pubkey (also the system program id). */
export const ZERO_PUBKEY = "11111111111111111111111111111111";

/**
 * Recently decoded pubkeys: TradeEvents repeat the same mints, traders, creators and fee recipients, and
 * base58 encoding was the listener's largest cost at high trade rates (about 30 % of the bot's CPU at
 * 15,000 TradeEvents/s, measured with bun --cpu-prof). Keyed by the first 6 bytes as a Number, checked on
 * all 32, so a prefix collision only costs an encoding. Two generations bound the memory (at most
 * 2 x PUBKEY_GENERATION entries) with O(1) eviction: a full young generation becomes the old one.
 */
interface KeyGeneration {
  /** 6-byte prefix -> slot in `bytes` (32 each) and `keys` */
  index: Map<number, number>;
  bytes: Uint8Array;
  keys: string[];
}
const PUBKEY_GENERATION = 8192;
const newGeneration = (): KeyGeneration => ({ index: new Map(), bytes: new Uint8Array(PUBKEY_GENERATION * 32), keys: [] });
let youngKeys = newGeneration();
let oldKeys = newGeneration();

function sameKey(g: KeyGeneration, slot: number, bytes: Uint8Array, at: number): boolean {
  const b = g.bytes;
  const base = slot * 32;
  for (let i = 31; i >= 0; i--) if (b[base + i] !== bytes[at + i]) return false;
  return true;
}

/** Base58 of 32 bytes at `offset` (no copy; recent keys come from a bounded cache). */
export function pubkeyAt(bytes: Uint8Array, offset: number): string {
  if (!(offset >= 0 && offset + 32 <= bytes.length)) return encodeBase58Key(bytes, offset);
  const h =
    bytes[offset]! +
    bytes[offset + 1]! * 0x100 +
    bytes[offset + 2]! * 0x10000 +
    bytes[offset + 3]! * 0x1000000 +
    bytes[offset + 4]! * 0x100000000 +
    bytes[offset + 5]! * 0x10000000000;
  const y = youngKeys.index.get(h);
  if (y !== undefined && sameKey(youngKeys, y, bytes, offset)) return youngKeys.keys[y]!;
  if (y === undefined) {
    const o = oldKeys.index.get(h);
    if (o !== undefined && sameKey(oldKeys, o, bytes, offset)) {
      const key = oldKeys.keys[o]!;
      rememberKey(h, bytes, offset, key);
      return key;
    }
  }
  const key = encodeBase58Key(bytes, offset);
  rememberKey(h, bytes, offset, key);
  return key;
}

function rememberKey(h: number, bytes: Uint8Array, offset: number, key: string): void {
  const g = youngKeys;
  let slot = g.index.get(h);
  if (slot === undefined) {
    slot = g.keys.length;
    g.index.set(h, slot);
    g.keys.push(key);
  } else g.keys[slot] = key;
  // A byte loop, not set(subarray): a subarray would give the caller's bytes an ArrayBuffer of their own.
  for (let i = 0, at = slot * 32; i < 32; i++) g.bytes[at + i] = bytes[offset + i]!;
  if (g.keys.length >= PUBKEY_GENERATION) {
    oldKeys = g;
    youngKeys = newGeneration();
  }
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

/** A cursor over a byte slice; `left` says how many bytes remain. Reads never touch `bytes.buffer`. */
export class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
  ) {
    this.pos = start;
  }
  get left(): number {
    return this.bytes.length - this.pos;
  }
  /** Moves past `n` bytes and returns where they start; RangeError (as DataView threw) if fewer are left. */
  private need(n: number): number {
    const at = this.pos;
    if (at + n > this.bytes.length) throw new RangeError("read past the end of the bytes");
    this.pos = at + n;
    return at;
  }
  u8(): number {
    return this.bytes[this.pos++]!;
  }
  bool(): boolean {
    return this.bytes[this.pos++] !== 0;
  }
  u16(): number {
    return readU16(this.bytes, this.need(2));
  }
  u32(): number {
    return readU32(this.bytes, this.need(4));
  }
  u64(): bigint {
    return readU64(this.bytes, this.need(8));
  }
  i64(): bigint {
    return readI64(this.bytes, this.need(8));
  }
  pubkey(): string {
    const v = pubkeyAt(this.bytes, this.pos);
    this.pos += 32;
    return v;
  }
  /** Bytes of a Borsh string if the whole string is present, else -1 (cursor unchanged). */
  stringSize(): number {
    if (this.left < 4) return -1;
    const len = readU32(this.bytes, this.pos);
    return len <= this.left - 4 ? 4 + len : -1;
  }
  string(): string {
    const len = readU32(this.bytes, this.need(4));
    const at = this.need(len);
    return shortAscii(this.bytes, at, len) ?? utf8Decoder.decode(this.bytes.subarray(at, at + len));
  }
  rest(): Uint8Array {
    const out = this.bytes.slice(this.pos);
    this.pos = this.bytes.length;
    return out;
  }
}

/** Short ASCII strings seen before (`ix_name` is one of a few words), by FNV-1a hash of their bytes. */
const shortStrings = new Map<number, string>();
const SHORT_MAX = 32;
const SHORT_LIMIT = 1024;

/**
 * The string of `len` ASCII bytes at `at` when it is short and was seen before (or is cached now), else
 * null: decoding through a subarray would give these bytes an ArrayBuffer of their own.
 */
function shortAscii(bytes: Uint8Array, at: number, len: number): string | null {
  if (len > SHORT_MAX) return null;
  let h = 0x811c9dc5;
  for (let i = at; i < at + len; i++) {
    const c = bytes[i]!;
    if (c > 0x7f) return null;
    h = Math.imul(h ^ c, 0x01000193);
  }
  const hit = shortStrings.get(h);
  if (hit !== undefined && hit.length === len) {
    let same = true;
    for (let i = 0; i < len; i++) {
      if (hit.charCodeAt(i) !== bytes[at + i]) {
        same = false;
        break;
      }
    }
    if (same) return hit;
  }
  let s = "";
  for (let i = at; i < at + len; i++) s += String.fromCharCode(bytes[i]!);
  if (shortStrings.size >= SHORT_LIMIT) shortStrings.clear();
  shortStrings.set(h, s);
  return s;
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
