import { describe, expect, test } from "bun:test";
import { Keypair, PublicKey } from "@solana/web3.js";
import { isOnCurve, isOnCurveJs, isOnCurveReference } from "../../src/chain/pump/curve25519.ts";
import { seededRng } from "../../src/rng.ts";

const P = (1n << 255n) - 19n;
const le = (n: bigint, sign = false): Uint8Array => {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  if (sign) out[31]! |= 0x80;
  return out;
};
const web3 = (b: Uint8Array): boolean => PublicKey.isOnCurve(b);

describe("fast isOnCurve (WebAssembly and Number limbs) equals web3.js PublicKey.isOnCurve", () => {
  test("edge cases: y >= p, y = ±1 and 0 with and without the sign bit, all-zero, all-ones, near p", () => {
    const ys = [0n, 1n, 2n, P - 2n, P - 1n, P, P + 1n, P + 18n, (1n << 255n) - 1n, (1n << 254n), (1n << 248n) - 1n, 19n, 38n, 2n ** 128n + 1n];
    const cases = ys.flatMap((y) => [le(y), le(y, true)]);
    cases.push(new Uint8Array(32), new Uint8Array(32).fill(0xff));
    // Inputs that enter the byte-level edge check but are ordinary: top byte 0x7f / 0x00 with a hole.
    for (const top of [0x7f, 0xff, 0x00, 0x80]) {
      for (const b0 of [0x00, 0x01, 0x02, 0xeb, 0xec, 0xed, 0xee, 0xff]) {
        const full = new Uint8Array(32).fill(top & 0x7f ? 0xff : 0);
        full[31] = top;
        full[0] = b0;
        cases.push(full);
        const holed = full.slice();
        holed[17] = top & 0x7f ? 0xfe : 0x01;
        cases.push(holed);
      }
    }
    for (const b of cases) {
      const want = web3(b);
      expect(isOnCurve(b)).toBe(want);
      expect(isOnCurveJs(b)).toBe(want);
      expect(isOnCurveReference(b)).toBe(want);
    }
    expect(isOnCurve(le(1n))).toBe(true);
    expect(isOnCurve(le(1n, true))).toBe(false);
    expect(isOnCurve(le(P - 1n, true))).toBe(false);
    expect(isOnCurve(le(P))).toBe(false);
  });

  test("200,000 seeded random inputs (both paths), and inside a larger buffer", () => {
    const rng = seededRng(25519);
    const buf = new Uint8Array(40);
    let on = 0;
    for (let i = 0; i < 200_000; i++) {
      const b = buf.subarray(i % 8, (i % 8) + 32);
      for (let k = 0; k < 32; k++) b[k] = rng.int(0, 255);
      const want = web3(b);
      if (isOnCurve(b) !== want) throw new Error(`wasm path differs on ${b.toHex()}`);
      if (i % 4 === 0 && isOnCurveJs(b) !== want) throw new Error(`limb path differs on ${b.toHex()}`);
      if (want) on++;
    }
    expect(on > 95_000 && on < 105_000).toBe(true); // about half of random strings decode
  }, 60_000);

  test("real public keys (seeded keypairs) and the same points with x negated are on the curve", () => {
    const rng = seededRng(7);
    for (let i = 0; i < 300; i++) {
      const pub = Keypair.fromSeed(Uint8Array.from({ length: 32 }, () => rng.int(0, 255))).publicKey.toBytes();
      const negated = pub.slice();
      negated[31]! ^= 0x80;
      for (const x of [pub, negated]) {
        expect(isOnCurve(x)).toBe(true);
        expect(isOnCurveJs(x)).toBe(true);
        expect(web3(x)).toBe(true);
      }
    }
  });
});
