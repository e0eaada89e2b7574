import bs58 from "bs58";

/** The fee payer (first account key) of a base64/base58 wire transaction, without a full parse; undefined if unreadable. */
export function feePayerOf(wire: string, encoding: "base64" | "base58"): string | undefined {
  try {
    const b = encoding === "base64" ? Buffer.from(wire, "base64") : bs58.decode(wire);
    let i = 0;
    let n = 0;
    for (let shift = 0; shift < 21; shift += 7) {
      const byte = b[i++]!;
      n |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
    }
    i += 64 * n;
    if ((b[i]! & 0x80) !== 0) i++; // versioned message prefix
    i += 3; // header
    const keyCount = b[i++]!;
    if (keyCount === 0 || i + 32 > b.length) return undefined;
    return bs58.encode(b.subarray(i, i + 32));
  } catch {
    return undefined;
  }
}
