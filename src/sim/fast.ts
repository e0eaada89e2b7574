/**
 * Hot-path helpers of the simulator: a bounded map, pubkey strings <-> bytes through bounded caches,
 * the little-endian u64 helpers (re-exported from src/chain/little-endian.ts), a fast unique signature
 * source, and log lines built once per program (flat strings shared by every record).
 */
import bs58 from "bs58";
import { encodeBase58Key } from "../chain/base58.ts";

export { BoundedMap } from "../bounded-map.ts";
import { BoundedMap } from "../bounded-map.ts";

const KEY_CACHE_LIMIT = 65_536;
const bytesByKey = new BoundedMap<string, Uint8Array>(KEY_CACHE_LIMIT);
const keyByPrefix = new BoundedMap<number, { bytes: Uint8Array; key: string }>(KEY_CACHE_LIMIT);

/** The 32 bytes of a base58 pubkey (cached; do not mutate the result). Throws when it is not one. */
export function pubkeyToBytes(key: string): Uint8Array {
  let b = bytesByKey.get(key);
  if (b === undefined) {
    b = bs58.decode(key);
    if (b.length !== 32) throw new RangeError(`not a 32-byte pubkey: ${key}`);
    bytesByKey.set(key, b);
  }
  return b;
}

/**
 * Base58 of the 32 bytes at `at`, cached (the same keys recur in every transaction). The cache is keyed
 * by the first 6 bytes as a number and checks all 32, so a prefix collision only costs an encoding.
 */
export function pubkeyAt(bytes: Uint8Array, at: number): string {
  const h =
    bytes[at]! + bytes[at + 1]! * 0x100 + bytes[at + 2]! * 0x10000 + bytes[at + 3]! * 0x1000000 + bytes[at + 4]! * 0x100000000 + bytes[at + 5]! * 0x10000000000;
  const e = keyByPrefix.get(h);
  if (e !== undefined) {
    const b = e.bytes;
    let same = true;
    for (let i = 6; i < 32; i++) {
      if (b[i] !== bytes[at + i]) {
        same = false;
        break;
      }
    }
    if (same) return e.key;
  }
  const key = encodeBase58Key(bytes, at);
  if (e === undefined) keyByPrefix.set(h, { bytes: bytes.slice(at, at + 32), key });
  return key;
}

/** Copies a cached pubkey's bytes into `out` at `at`. */
export function writePubkey(out: Uint8Array, at: number, key: string): void {
  out.set(pubkeyToBytes(key), at);
}

/** True when the 32 bytes at `at` are the key `key`. */
export function pubkeyEquals(bytes: Uint8Array, at: number, key: string): boolean {
  const k = pubkeyToBytes(key);
  for (let i = 0; i < 32; i++) if (bytes[at + i] !== k[i]) return false;
  return true;
}

export { readU64, writeU64 } from "../chain/little-endian.ts";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/**
 * Unique signatures for the simulator's own transactions, built as base58 text without encoding bytes:
 * 87 digits with a first digit >= 2 always decode to exactly 64 bytes (2*58^86 > 2^504 and 58^87 < 2^512).
 * Digits 1-6 are a bijective 32-bit mix of a counter (so consecutive signatures differ up front), the
 * other 80 a seeded random tail drawn once; unique for 2^32 signatures per source.
 */
export class SignatureSource {
  /** The 87 digits as latin1 bytes; digits 1-6 are rewritten per signature (a flat string comes out). */
  private readonly text: Buffer;
  private n = 1;

  constructor(next: () => number) {
    let s = ALPHABET[2 + Math.floor(next() * 56)]! + "111111";
    for (let i = 0; i < 80; i++) s += ALPHABET[Math.floor(next() * 58)]!;
    this.text = Buffer.from(s, "latin1");
  }

  next(): string {
    // murmur3 fmix32: a bijection of 32-bit integers.
    let h = this.n++ >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    h >>>= 0;
    const t = this.text;
    for (let i = 1; i <= 6; i++) {
      const q = Math.floor(h / 58);
      t[i] = ALPHABET_CODES[h - q * 58]!;
      h = q;
    }
    return t.toString("latin1");
  }
}

const ALPHABET_CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));

const lineCache = new Map<string, readonly [string, string, string]>();

/**
 * `Program <id> invoke [1]`, `... invoke [2]`, `Program <id> success`, built once per program as flat
 * strings (a template literal per log line makes a rope that every later reader flattens again).
 */
function programLines(programId: string): readonly [string, string, string] {
  let l = lineCache.get(programId);
  if (l === undefined) {
    l = [flat(`Program ${programId} invoke [1]`), flat(`Program ${programId} invoke [2]`), flat(`Program ${programId} success`)];
    if (lineCache.size > 10_000) lineCache.clear();
    lineCache.set(programId, l);
  }
  return l;
}

/** `Program <id> invoke [depth]`. */
export function invokeLine(programId: string, depth: 1 | 2): string {
  return programLines(programId)[depth - 1]!;
}

/** `Program <id> success`. */
export function successLine(programId: string): string {
  return programLines(programId)[2];
}

const consumedCache = new Map<string, Map<number, string>>();
let consumedCached = 0;

/** `Program <id> consumed <units> of <available> compute units`, cached (the same few values recur). */
export function consumedLine(programId: string, units: number, available: number): string {
  if (!(units >= 0 && units < 0x200000 && available >= 0 && available < 0x200000 && Number.isInteger(units) && Number.isInteger(available))) {
    return `Program ${programId} consumed ${units} of ${available} compute units`;
  }
  let byProgram = consumedCache.get(programId);
  if (!byProgram) consumedCache.set(programId, (byProgram = new Map()));
  const key = units * 0x200000 + available;
  let s = byProgram.get(key);
  if (s === undefined) {
    s = flat(`Program ${programId} consumed ${units} of ${available} compute units`);
    if (++consumedCached > 100_000) {
      consumedCache.clear();
      consumedCached = 0;
    } else byProgram.set(key, s);
  }
  return s;
}

/** A flat copy of a (possibly rope) string. */
export function flat(s: string): string {
  return Buffer.from(s, "utf8").toString("utf8");
}

const returnCache = new Map<string, Map<string, string>>();

/** `Program return: <id> <base64>`, cached per program and return data. */
export function returnLine(programId: string, data: string): string {
  let byProgram = returnCache.get(programId);
  if (!byProgram) returnCache.set(programId, (byProgram = new Map()));
  let s = byProgram.get(data);
  if (s === undefined) {
    s = flat(`Program return: ${programId} ${data}`);
    if (byProgram.size > 1000) byProgram.clear();
    byProgram.set(data, s);
  }
  return s;
}
