/**
 * A signer safe to print: `toString`, `JSON.stringify` and `util.inspect` show only the address. The
 * secret lives in a node:crypto KeyObject inside the signing closure and is never a field.
 */
import type { Signer } from "../chain/signer.ts";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** Wraps `signer` so every way of printing it shows `Signer(<address>)`. */
export function protectSigner(signer: Signer): Signer {
  const label = `Signer(${signer.address})`;
  const out = {
    publicKey: signer.publicKey,
    publicKeyBytes: signer.publicKeyBytes,
    address: signer.address,
    sign: (message: Uint8Array) => signer.sign(message),
    toString: () => label,
    toJSON: () => ({ address: signer.address }),
    [INSPECT]: () => label,
  };
  return Object.freeze(out);
}
