/**
 * "Is this 32-byte string an ed25519 point?" — the check PDA derivation repeats per bump. Same answer as
 * web3.js `PublicKey.isOnCurve` (noble, RFC 8032 decoding: y < p; x = 0 with the sign bit set is invalid),
 * computed with a Jacobi symbol instead of a square-root exponentiation: ~11 us vs ~22 us (measured).
 */
const P = (1n << 255n) - 19n;
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;
const LOW63 = 0x7fffffffffffffffn;
const U32 = 0xffffffffn;

/** Jacobi symbol (a/n) for odd n > 0; the low 32 bits of a and n ride along as Numbers. */
function jacobi(a0: bigint, n0: bigint): number {
  let a = a0 % n0;
  let n = n0;
  let nLow = Number(n & U32);
  let t = 1;
  while (a !== 0n) {
    let aLow = Number(a & U32);
    let twos = 0;
    while (aLow === 0) {
      a >>= 32n;
      twos += 32;
      aLow = Number(a & U32);
    }
    const tz = 31 - Math.clz32(aLow & -aLow);
    if (tz > 0) {
      a >>= BigInt(tz);
      twos += tz;
      aLow = Number(a & U32);
    }
    // (2/n) = -1 iff n = 3, 5 (mod 8); reciprocity flips when a = n = 3 (mod 4).
    if (twos & 1) {
      const r = nLow & 7;
      if (r === 3 || r === 5) t = -t;
    }
    if ((aLow & nLow & 3) === 3) t = -t;
    const rem = n % a;
    n = a;
    nLow = aLow;
    a = rem;
  }
  return n === 1n ? t : 0;
}

/** True when `bytes` (32) decode to a point on ed25519, exactly as web3.js decides. */
export function isOnCurve(bytes: Uint8Array): boolean {
  const v = new DataView(bytes.buffer, bytes.byteOffset, 32);
  const y =
    v.getBigUint64(0, true) |
    (v.getBigUint64(8, true) << 64n) |
    (v.getBigUint64(16, true) << 128n) |
    ((v.getBigUint64(24, true) & LOW63) << 192n);
  if (y >= P) return false;
  const y2 = (y * y) % P;
  const u = y2 === 0n ? P - 1n : y2 - 1n;
  // x² = u / v: a point exists iff u·v is a square mod p; u = 0 means x = 0, which must not carry a sign.
  if (u === 0n) return (bytes[31]! & 0x80) === 0;
  return jacobi((u * ((D * y2 + 1n) % P)) % P, P) === 1;
}
