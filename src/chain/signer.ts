/**
 * Native ed25519 signing through node:crypto (~20 us vs ~234 us for web3.js's JS signer). The secret
 * never appears in errors, logs or the returned object's enumerable fields.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from "node:crypto";
import { PublicKey } from "@solana/web3.js";
import { SniperError } from "../errors.ts";
import { BoundedMap } from "../bounded-map.ts";

/** PKCS#8 DER prefix that turns a raw 32-byte ed25519 seed into a private key document. */
const PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
/** SPKI DER prefix of a raw 32-byte ed25519 public key. */
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

/** Signs messages with one key. */
export interface Signer {
  readonly publicKey: PublicKey;
  readonly publicKeyBytes: Uint8Array;
  /** The public key in base58. */
  readonly address: string;
  /** A 64-byte ed25519 signature of `message`. */
  sign(message: Uint8Array): Uint8Array;
}

/** A signer from a 64-byte Solana secret key (seed ‖ pubkey) or a 32-byte seed. */
export function createSigner(secretKey64OrSeed32: Uint8Array): Signer {
  const len = secretKey64OrSeed32.length;
  if (len !== 32 && len !== 64) throw new SniperError("config", "secret key must be 32 or 64 bytes", { length: len });
  const der = new Uint8Array(PKCS8_PREFIX.length + 32);
  der.set(PKCS8_PREFIX);
  der.set(secretKey64OrSeed32.subarray(0, 32), PKCS8_PREFIX.length);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8" });
  } finally {
    der.fill(0);
  }
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  const publicKeyBytes = new Uint8Array(spki.subarray(spki.length - 32));
  if (len === 64 && !Buffer.from(secretKey64OrSeed32.subarray(32)).equals(publicKeyBytes)) {
    throw new SniperError("config", "secret key's public half does not match its seed", {});
  }
  return new KeySigner(new PublicKey(publicKeyBytes), publicKeyBytes, key);
}

/**
 * A signer over one KeyObject, kept in a private field (never enumerable, printed or serialized). A
 * class, not a closure per key: every signer's `sign` is then one function, so the compiler's profile of
 * the buy builder, taken mostly from the executor's warm-up key, holds for the wallet's key too (with a
 * closure per key, each real buy fell out of the optimised code at the call).
 */
class KeySigner implements Signer {
  readonly address: string;
  readonly #key: KeyObject;

  constructor(
    readonly publicKey: PublicKey,
    readonly publicKeyBytes: Uint8Array,
    key: KeyObject,
  ) {
    this.address = publicKey.toBase58();
    this.#key = key;
  }

  sign(message: Uint8Array): Uint8Array {
    return new Uint8Array(nodeSign(null, message, this.#key));
  }
}

const pubKeyCache = new BoundedMap<string, KeyObject>(1024);

/** Verifies an ed25519 signature natively; false for malformed keys or signatures. */
export function verifyEd25519(pubkey32: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (pubkey32.length !== 32 || signature.length !== 64) return false;
  const id = Buffer.from(pubkey32).toString("latin1");
  let key = pubKeyCache.get(id);
  if (!key) {
    const der = new Uint8Array(SPKI_PREFIX.length + 32);
    der.set(SPKI_PREFIX);
    der.set(pubkey32, SPKI_PREFIX.length);
    try {
      key = createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" });
    } catch {
      return false;
    }
    pubKeyCache.set(id, key);
  }
  try {
    return nodeVerify(null, message, key, signature);
  } catch {
    return false;
  }
}
