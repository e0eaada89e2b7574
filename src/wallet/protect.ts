/**
 * A signer safe to print: `toString`, `JSON.stringify` and `util.inspect` show only the address. The
 * secret lives in a node:crypto KeyObject inside the signing closure and is never a field.
 */
import type { Signer } from "../chain/signer.ts";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * Wraps `signer` so every way of printing it shows `Signer(<address>)`. A signer already wrapped is
 * returned as is: the loaders wrap and the bot wraps again, and the wallet's wrapper around a wrapper
 * was a sign path the warm-up's key never took, so every real buy fell out of the buy builder's
 * compiled code (BUN_JSC_printEachOSRExit=1: at 288 of 300 launches).
 */
export function protectSigner(signer: Signer): Signer {
  if (signer instanceof ProtectedSigner) return signer;
  return Object.freeze(new ProtectedSigner(signer));
}

/**
 * The wrapper as a class: one `sign` function for every wrapped signer (the executor's warm-up key and
 * the wallet's), so the buy builder's profile holds for both (see chain/signer.ts).
 */
class ProtectedSigner implements Signer {
  readonly publicKey: Signer["publicKey"];
  readonly publicKeyBytes: Uint8Array;
  readonly address: string;
  readonly #inner: Signer;

  constructor(inner: Signer) {
    this.publicKey = inner.publicKey;
    this.publicKeyBytes = inner.publicKeyBytes;
    this.address = inner.address;
    this.#inner = inner;
  }

  sign(message: Uint8Array): Uint8Array {
    return this.#inner.sign(message);
  }

  toString(): string {
    return `Signer(${this.address})`;
  }

  toJSON(): { address: string } {
    return { address: this.address };
  }

  [INSPECT](): string {
    return this.toString();
  }
}
