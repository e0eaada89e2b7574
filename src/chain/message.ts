/**
 * Compiles instructions straight into Solana message bytes (legacy or v0, no lookup tables) and signs
 * them: no web3.js objects on the hot path. Keys are base58 strings, decoded once into a bounded cache.
 */
import bs58 from "bs58";
import { PumpEncodeError } from "./pump/errors.ts";
import { decodeBase58Key, encodeBase58 } from "./base58.ts";
import type { RawInstruction } from "./raw-ix.ts";
import type { Signer } from "./signer.ts";
import { BoundedMap } from "../bounded-map.ts";

/** Message format: "legacy" or versioned 0. */
export type MessageVersion = "legacy" | 0;

/** A signed transaction ready to send. */
export interface SignedTransaction {
  /** Serialized transaction (signatures ‖ message). */
  wire: Uint8Array;
  /** `wire` in base64, as sendTransaction wants it. */
  base64: string;
  /** The fee payer's signature in base58: the transaction id. */
  signature: string;
  /** The signed message bytes. */
  message: Uint8Array;
}

const KEY_CACHE_LIMIT = 4096;
const keyCache = new BoundedMap<string, Uint8Array>(KEY_CACHE_LIMIT);

/** 32 bytes of a base58 key (cached; the array is shared: never write to it), or undefined if not a key. */
export function tryKeyBytes(key: string): Uint8Array | undefined {
  let b = keyCache.get(key);
  if (b) return b;
  b = decodeBase58Key(key);
  if (b) keyCache.set(key, b);
  return b;
}

/** 32 bytes of a base58 key, cached (shared: never write to it); throws PumpEncodeError for a non-key. */
export function keyBytes(key: string): Uint8Array {
  let b = tryKeyBytes(key);
  if (b) return b;
  try {
    b = bs58.decode(key);
  } catch {
    throw new PumpEncodeError("not a base58 pubkey", { key });
  }
  if (b.length !== 32) throw new PumpEncodeError("pubkey is not 32 bytes", { key });
  keyCache.set(key, b);
  return b;
}

function shortvecSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : 3;
}

function writeShortvec(out: Uint8Array, pos: number, n: number): number {
  let v = n;
  for (;;) {
    const byte = v & 0x7f;
    v >>>= 7;
    if (v === 0) {
      out[pos++] = byte;
      return pos;
    }
    out[pos++] = byte | 0x80;
  }
}

interface KeyEntry {
  signer: boolean;
  writable: boolean;
  index: number;
}

/** Compiles a message; `payer` is the first signer. Account order: writable signers, readonly signers, writable, readonly. */
export function compileMessage(
  payer: string,
  instructions: readonly RawInstruction[],
  recentBlockhash: string,
  version: MessageVersion = "legacy",
): Uint8Array {
  const keys = new Map<string, KeyEntry>();
  keys.set(payer, { signer: true, writable: true, index: 0 });
  for (const ix of instructions) {
    for (const k of ix.keys) {
      const e = keys.get(k.pubkey);
      if (e) {
        e.signer ||= k.isSigner;
        e.writable ||= k.isWritable;
      } else keys.set(k.pubkey, { signer: k.isSigner, writable: k.isWritable, index: 0 });
    }
    if (!keys.has(ix.programId)) keys.set(ix.programId, { signer: false, writable: false, index: 0 });
  }
  const groups: string[][] = [[], [], [], []];
  for (const [k, e] of keys) groups[(e.signer ? 0 : 2) + (e.writable ? 0 : 1)]!.push(k);
  const ordered = [...groups[0]!, ...groups[1]!, ...groups[2]!, ...groups[3]!];
  if (ordered.length > 256) throw new PumpEncodeError("too many accounts", { accounts: ordered.length });
  ordered.forEach((k, i) => (keys.get(k)!.index = i));

  let size = (version === 0 ? 1 : 0) + 3 + shortvecSize(ordered.length) + 32 * ordered.length + 32 + shortvecSize(instructions.length);
  for (const ix of instructions) size += 1 + shortvecSize(ix.keys.length) + ix.keys.length + shortvecSize(ix.data.length) + ix.data.length;
  if (version === 0) size += 1;

  const out = new Uint8Array(size);
  let pos = 0;
  if (version === 0) out[pos++] = 0x80;
  out[pos++] = groups[0]!.length + groups[1]!.length;
  out[pos++] = groups[1]!.length;
  out[pos++] = groups[3]!.length;
  pos = writeShortvec(out, pos, ordered.length);
  for (const k of ordered) {
    out.set(keyBytes(k), pos);
    pos += 32;
  }
  out.set(keyBytes(recentBlockhash), pos);
  pos += 32;
  pos = writeShortvec(out, pos, instructions.length);
  for (const ix of instructions) {
    out[pos++] = keys.get(ix.programId)!.index;
    pos = writeShortvec(out, pos, ix.keys.length);
    for (const k of ix.keys) out[pos++] = keys.get(k.pubkey)!.index;
    pos = writeShortvec(out, pos, ix.data.length);
    out.set(ix.data, pos);
    pos += ix.data.length;
  }
  if (version === 0) out[pos++] = 0; // no address lookup tables
  return out;
}

/** Compiles and signs with one signer (the fee payer); refuses messages that need more signatures. */
export function compileAndSign(
  signer: Signer,
  instructions: readonly RawInstruction[],
  recentBlockhash: string,
  version: MessageVersion = "legacy",
): SignedTransaction {
  const message = compileMessage(signer.address, instructions, recentBlockhash, version);
  const required = message[version === 0 ? 1 : 0]!;
  if (required !== 1) throw new PumpEncodeError("transaction needs signers other than the payer", { required });
  const sig = signer.sign(message);
  const wire = new Uint8Array(1 + 64 + message.length);
  wire[0] = 1;
  wire.set(sig, 1);
  wire.set(message, 65);
  return { wire, base64: wire.toBase64(), signature: encodeBase58(sig), message };
}
