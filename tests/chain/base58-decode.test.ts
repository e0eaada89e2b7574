import { describe, expect, test } from "bun:test";
import bs58 from "bs58";
import { decodeBase58, decodeBase58Key, encodeBase58, encodeBase58Key } from "../../src/chain/base58.ts";
import { keyBytes, tryKeyBytes } from "../../src/chain/message.ts";
import { seededRng } from "../../src/rng.ts";

const rng = seededRng(58);
const randomBytes = (n: number, zeros: number): Uint8Array => {
  const b = Uint8Array.from({ length: n }, () => rng.int(0, 255));
  b.fill(0, 0, Math.min(zeros, n));
  return b;
};

describe("base58 against bs58", () => {
  test("encode and decode: 30,000 seeded byte strings of 0-80 bytes, with leading zero bytes", () => {
    for (let i = 0; i < 30_000; i++) {
      const b = randomBytes(i % 3 === 0 ? 32 : i % 3 === 1 ? 64 : rng.int(0, 80), rng.int(0, 4) === 0 ? rng.int(1, 5) : 0);
      const s = bs58.encode(b);
      if (encodeBase58(b) !== s) throw new Error(`encode differs on ${b.toHex()}`);
      const d = decodeBase58(s);
      if (!d || d.toHex() !== b.toHex()) throw new Error(`decode differs on ${s}`);
    }
  });

  test("keys: decodeBase58Key only for exactly 32 bytes; invalid characters are refused like bs58", () => {
    const k = randomBytes(32, 0);
    expect(decodeBase58Key(encodeBase58Key(k))!.toHex()).toBe(k.toHex());
    expect(decodeBase58Key(bs58.encode(randomBytes(31, 0)))).toBeUndefined();
    expect(decodeBase58Key(bs58.encode(randomBytes(33, 0)))).toBeUndefined();
    expect(decodeBase58Key("1".repeat(32))!.toHex()).toBe("00".repeat(32));
    for (const bad of ["0", "O", "I", "l", "abc!", "é", "zz zz", "\u0000"]) {
      expect(decodeBase58(bad)).toBeUndefined();
      expect(() => bs58.decode(bad)).toThrow();
    }
    expect(decodeBase58("")!.length).toBe(0);
    expect(() => keyBytes("not-a-key")).toThrow("not a base58 pubkey");
    expect(() => keyBytes("2")).toThrow("pubkey is not 32 bytes");
    expect(tryKeyBytes("2")).toBeUndefined();
  });
});
