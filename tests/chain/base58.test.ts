import { describe, expect, test } from "bun:test";
import bs58 from "bs58";
import fc from "fast-check";
import { encodeBase58, encodeBase58Key } from "../../src/chain/base58.ts";

describe("fast base58 for 32-byte keys", () => {
  test("matches bs58 on edge cases", () => {
    const cases = [new Uint8Array(32), new Uint8Array(32).fill(255), Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 0))];
    for (const b of cases) expect(encodeBase58Key(b)).toBe(bs58.encode(b));
    expect(encodeBase58Key(new Uint8Array(32))).toBe("11111111111111111111111111111111");
  });

  test("matches bs58 on random keys, with leading zeros and offsets (seeded)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(32), fc.nat(8), (key, zeros, pad) => {
        key.fill(0, 0, zeros);
        const buf = new Uint8Array(pad + 32 + 3);
        buf.set(key, pad);
        expect(encodeBase58Key(buf, pad)).toBe(bs58.encode(key));
      }),
      { seed: 58, numRuns: 3000 },
    );
  });

  test("any length (signatures, empty, odd sizes) matches bs58 (seeded)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(10), (bytes, zeros) => {
        bytes.fill(0, 0, zeros);
        expect(encodeBase58(bytes)).toBe(bs58.encode(bytes));
      }),
      { seed: 64, numRuns: 3000 },
    );
    for (const len of [0, 1, 2, 3, 4, 64]) expect(encodeBase58(new Uint8Array(len))).toBe(bs58.encode(new Uint8Array(len)));
    expect(() => encodeBase58Key(new Uint8Array(31))).toThrow(RangeError);
  });
});
