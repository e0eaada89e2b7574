/** Byte helpers typed as plain Uint8Array (Buffer's types disagree with TS 7's lib; see the report). */

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

/** A Uint8Array view of a Buffer (no copy). */
export function u8(buf: { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
