import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { Keypair, PublicKey } from "@solana/web3.js";
import { isOnCurve } from "../../src/chain/pump/curve25519.ts";

const le = (n: bigint, sign = false): Uint8Array => {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  if (sign) out[31]! |= 0x80;
  return out;
};
const P = (1n << 255n) - 19n;

describe("isOnCurve agrees with web3.js PublicKey.isOnCurve", () => {
  test("edge cases: y = 0, ±1 with and without the sign bit, y >= p, all ones", () => {
    const cases = [0n, 1n, P - 1n, P, P + 1n, (1n << 255n) - 1n, 2n, 3n, 4n].flatMap((y) => [le(y), le(y, true)]);
    for (const b of cases) expect(isOnCurve(b)).toBe(PublicKey.isOnCurve(b));
    expect(isOnCurve(le(1n))).toBe(true);
    expect(isOnCurve(le(1n, true))).toBe(false);
    expect(isOnCurve(le(P))).toBe(false);
  });

  test("real public keys are on the curve", () => {
    for (let i = 0; i < 20; i++) expect(isOnCurve(Keypair.generate().publicKey.toBytes())).toBe(true);
  });

  test("4,000 seeded sha256 outputs (the inputs PDA derivation sees), at an offset too", () => {
    let on = 0;
    for (let i = 0; i < 4000; i++) {
      const h = new Uint8Array(createHash("sha256").update(`pda-${i}`).digest());
      const expected = PublicKey.isOnCurve(h);
      expect(isOnCurve(h)).toBe(expected);
      const shifted = new Uint8Array(35);
      shifted.set(h, 3);
      expect(isOnCurve(shifted.subarray(3))).toBe(expected);
      if (expected) on++;
    }
    expect(on > 1500 && on < 2500).toBe(true); // about half of random strings decode
  });
});
