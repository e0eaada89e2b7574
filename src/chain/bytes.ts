/** Byte helpers on plain Uint8Array (native `fromBase64`/`toHex`: faster than Buffer, no Buffer types). */

/** Decodes standard base64 (throws SyntaxError on invalid input). */
export function fromBase64(s: string): Uint8Array {
  return Uint8Array.fromBase64(s);
}

/** Encodes standard base64. */
export function toBase64(b: Uint8Array): string {
  return b.toBase64();
}

/** Lowercase hex. */
export function toHex(b: Uint8Array): string {
  return b.toHex();
}

/** Decodes hex (throws SyntaxError on invalid input). */
export function fromHex(s: string): Uint8Array {
  return Uint8Array.fromHex(s);
}
