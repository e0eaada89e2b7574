/**
 * Allocation-free arithmetic mod p = 2^255 - 19 for the PDA on-curve test (the path without WebAssembly,
 * ~6.3 us per check): multiplications on sixteen 16-bit limbs held in doubles (TweetNaCl's layout: every
 * sum stays exact below 2^53), and the Jacobi symbol (x | p) by libsecp256k1's variable-time
 * "posdivsteps" (the safegcd steps that keep f and g positive, tracking the symbol from their low bits),
 * 26 steps per round on ten 26-bit limbs (matrix entries end with u + v <= 2^26, so u·limb < 2^52).
 * Every decision reads exact low bits, so a result is exact; a round budget that runs out (never seen
 * in millions of inputs) reports 0 and the caller falls back to the BigInt algorithm.
 */

/** Field element: 16 limbs of 16 bits (a limb may briefly exceed 2^16 between carries). */
export type Fe = Float64Array;

/** A fresh zero element. */
export function fe(): Fe {
  return new Float64Array(16);
}

const T = new Float64Array(31);

/** Two carry passes: limbs back in [0, 2^16] (limb 0 may hold a few more), 2^256 folded as 38. Inputs >= 0. */
export function carry(o: Fe): void {
  for (let pass = 0; pass < 2; pass++) {
    let c = 0;
    for (let i = 0; i < 16; i++) {
      const x = o[i]! + c;
      c = Math.floor(x * (1 / 65536));
      o[i] = x - c * 65536;
    }
    o[0]! += 38 * c;
  }
}

/** o = a * b mod p (not fully reduced). o may alias a or b. */
export function feMul(o: Fe, a: Fe, b: Fe): void {
  const t = T;
  t.fill(0);
  for (let i = 0; i < 16; i++) {
    const ai = a[i]!;
    for (let j = 0; j < 16; j++) t[i + j]! += ai * b[j]!;
  }
  for (let i = 0; i < 15; i++) o[i] = t[i]! + 38 * t[i + 16]!;
  o[15] = t[15]!;
  carry(o);
}

/** Loads 32 little-endian bytes with the top bit (the x sign) cleared. */
export function feFromBytes(o: Fe, b: Uint8Array): void {
  for (let i = 0; i < 15; i++) o[i] = b[2 * i]! | (b[2 * i + 1]! << 8);
  o[15] = b[30]! | ((b[31]! & 0x7f) << 8);
}

/** An element from a bigint below 2^256 (constants). */
export function feFromBigInt(x: bigint): Fe {
  const o = fe();
  for (let i = 0; i < 16; i++) o[i] = Number((x >> BigInt(16 * i)) & 0xffffn);
  return o;
}

const R26 = 67108864; // 2^26
const INV_R26 = 1 / R26;
const NLIMB = 10;
const F = new Float64Array(NLIMB);
const G = new Float64Array(NLIMB);
/** p in ten 26-bit limbs. */
const P26 = (() => {
  const p = (1n << 255n) - 19n;
  return Float64Array.from({ length: NLIMB }, (_, i) => Number((p >> BigInt(26 * i)) & 0x3ffffffn));
})();
/** INV256[i] = -(2i+1)^-1 mod 256: the multiple of f that clears g's low bits. */
const INV256 = (() => {
  const t = new Uint8Array(128);
  for (let i = 0; i < 128; i++) {
    const f = 2 * i + 1;
    for (let w = 0; w < 256; w++) if (((f * w + 1) & 255) === 0) t[i] = w;
  }
  return t;
})();
/** Rounds of 26 posdivsteps before giving up (median total ~750 steps for 256-bit inputs). */
const MAX_ROUNDS = 80;

/**
 * Jacobi symbol (x | p) of a non-negative x < 2^256 that is not 0 mod p: 1 or -1, or 0 when the step
 * budget ran out (the caller must then use another algorithm).
 */
export function jacobiP(x: Fe): number {
  // 16-bit limbs -> 26-bit limbs.
  let acc = 0;
  let bits = 0;
  let k = 0;
  for (let i = 0; i < 16; i++) {
    acc += x[i]! * 2 ** bits;
    bits += 16;
    while (bits >= 26 && k < NLIMB - 1) {
      const hi = Math.floor(acc * INV_R26);
      G[k++] = acc - hi * R26;
      acc = hi;
      bits -= 26;
    }
  }
  G[k] = acc;
  for (let i = 0; i < NLIMB; i++) F[i] = P26[i]!;
  let len = NLIMB;
  let eta = -1;
  let jac = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // 26 posdivsteps on the low 32 bits (28 are needed: f mod 8 after 25 halvings).
    let f = (F[0]! | (F[1]! << 26)) | 0;
    let g = (G[0]! | (G[1]! << 26)) | 0;
    // Transition matrix; entries stay below 2^34 and end with u + v, q + r <= 2^26.
    let u = 1;
    let v = 0;
    let q = 0;
    let r = 1;
    let i = 26;
    for (;;) {
      const s = g | (-1 << i);
      const zeros = 31 - Math.clz32(s & -s);
      g >>= zeros;
      const scale = 1 << zeros;
      u *= scale;
      v *= scale;
      eta -= zeros;
      i -= zeros;
      // Dividing g by an odd power of two flips the symbol when f = 3, 5 (mod 8).
      jac ^= zeros & ((f >> 1) ^ (f >> 2));
      if (i === 0) break;
      if (eta < 0) {
        eta = -eta;
        // Reciprocity: swapping flips the symbol when f = g = 3 (mod 4).
        jac ^= (f & g) >> 1;
        const tf = f;
        f = g;
        g = tf;
        const tu = u;
        u = q;
        q = tu;
        const tv = v;
        v = r;
        r = tv;
      }
      const limit = eta + 1 > i ? i : eta + 1;
      const m = (-1 >>> (32 - limit)) & 255;
      const w = Math.imul(g, INV256[(f >>> 1) & 127]!) & m;
      g = (g + Math.imul(f, w)) | 0;
      q += u * w;
      r += v * w;
    }
    // (f, g) <- (u f + v g, q f + r g) / 2^26: exact, and products stay below 2^52.
    let cf = u * F[0]! + v * G[0]!;
    let cg = q * F[0]! + r * G[0]!;
    cf *= INV_R26;
    cg *= INV_R26;
    for (let j = 1; j < len; j++) {
      const fj = F[j]!;
      const gj = G[j]!;
      cf += u * fj + v * gj;
      cg += q * fj + r * gj;
      const hf = Math.floor(cf * INV_R26);
      const hg = Math.floor(cg * INV_R26);
      F[j - 1] = cf - hf * R26;
      G[j - 1] = cg - hg * R26;
      cf = hf;
      cg = hg;
    }
    F[len - 1] = cf;
    G[len - 1] = cg;
    if (F[0] === 1) {
      let rest = 0;
      for (let j = 1; j < len; j++) rest += F[j]!;
      if (rest === 0) return 1 - 2 * (jac & 1);
    }
    if (len > 1 && F[len - 1] === 0 && G[len - 1] === 0) len--;
  }
  return 0;
}
