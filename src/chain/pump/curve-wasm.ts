/**
 * The on-curve square test in WebAssembly (i64 arithmetic), generated here and assembled at load by
 * wasm-asm.ts. Same algorithm as field25519.ts, which stays as the fallback where WebAssembly is absent:
 * - field elements in ten 26-bit limbs (value < 2^260; 2^260 = 608 mod p), products in i64;
 * - the Jacobi symbol by libsecp256k1's posdivsteps, 26 steps per round, exact low-bit decisions.
 * Memory: input bytes at 0 (32, then 8 zero bytes the limb loads read), tables and scratch after.
 */
import { Fn, I32, I64, assemble } from "./wasm-asm.ts";

const P = (1n << 255n) - 19n;
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;
const M26 = 0x3ffffff;

// Byte offsets in the module's memory. Lane k (0 or 1) has its own input, scratch and (F, G).
const IN = [0, 48]; // 32 bytes each, then 8 zero bytes the last limb load reads
const TAB = 128; // INV256: 128 bytes
const D26 = 256;
const PM1 = 336;
const P26 = 416;
const RES = 496; // i32 per lane: 1, -1, or 0 (unknown)
const SCRATCH = [512, 832]; // A, B, C, X: 80 bytes each
const FG = [1280, 1440]; // F then G: 80 bytes each
const MAX_ROUNDS = 80;

/** o = a * b mod p (not fully reduced): unrolled 10x10 products, carry, fold the high half by 608. */
function feMul(): Fn {
  const fn = new Fn([I32, I32, I32], []);
  const [o, a, b] = [0, 1, 2];
  const al = Array.from({ length: 10 }, () => fn.local(I64));
  const bl = Array.from({ length: 10 }, () => fn.local(I64));
  const c = Array.from({ length: 20 }, () => fn.local(I64));
  for (let k = 0; k < 10; k++) {
    fn.get(a).load64(8 * k).set(al[k]!);
    fn.get(b).load64(8 * k).set(bl[k]!);
  }
  for (let k = 0; k < 19; k++) {
    let first = true;
    for (let i = Math.max(0, k - 9); i <= Math.min(9, k); i++) {
      fn.get(al[i]!).get(bl[k - i]!).i64Mul();
      if (!first) fn.i64Add();
      first = false;
    }
    fn.set(c[k]!);
  }
  fn.i64(0).set(c[19]!);
  for (let k = 0; k < 19; k++) {
    fn.get(c[k + 1]!).get(c[k]!).i64(26).i64ShrU().i64Add().set(c[k + 1]!);
    fn.get(c[k]!).i64(M26).i64And().set(c[k]!);
  }
  for (let k = 0; k < 10; k++) fn.get(c[k]!).get(c[k + 10]!).i64(608).i64Mul().i64Add().set(c[k]!);
  carryStore(fn, () => fn.get(o), c);
  return fn;
}

/** Carries limbs c[0..9] (non-negative, below 2^40) to 26 bits, folds the top carry by 608, stores at `at()`. */
function carryStore(fn: Fn, at: () => void, c: readonly number[]): void {
  for (let k = 0; k < 9; k++) {
    fn.get(c[k + 1]!).get(c[k]!).i64(26).i64ShrU().i64Add().set(c[k + 1]!);
    fn.get(c[k]!).i64(M26).i64And().set(c[k]!);
  }
  fn.get(c[0]!).get(c[9]!).i64(26).i64ShrU().i64(608).i64Mul().i64Add().set(c[0]!);
  fn.get(c[9]!).i64(M26).i64And().set(c[9]!);
  fn.get(c[1]!).get(c[0]!).i64(26).i64ShrU().i64Add().set(c[1]!);
  fn.get(c[0]!).i64(M26).i64And().set(c[0]!);
  for (let k = 0; k < 10; k++) {
    at();
    fn.get(c[k]!).store64(8 * k);
  }
}

interface Lane {
  F: number;
  G: number;
  f: number;
  g: number;
  eta: number;
  i: number;
  jac: number;
  zeros: number;
  w: number;
  lim: number;
  len: number;
  j: number;
  tmp: number;
  active: number;
  u: number;
  v: number;
  q: number;
  r: number;
  cf: number;
  cg: number;
  fj: number;
  gj: number;
  t64: number;
}

/** One posdivsteps iteration of a lane whose step budget `i` is not yet spent: halve g, then swap and cancel. */
function step(fn: Fn, l: Lane): void {
  const { f, g, eta, i, jac, zeros, w, lim, tmp, u, v, q, r, t64 } = l;
  fn.get(g).i32(-1).get(i).i32Shl().i32Or().i32Ctz().set(zeros);
  fn.get(g).get(zeros).i32ShrS().set(g);
  fn.get(u).get(zeros).extendU().i64Shl().set(u);
  fn.get(v).get(zeros).extendU().i64Shl().set(v);
  fn.get(eta).get(zeros).i32Sub().set(eta);
  fn.get(i).get(zeros).i32Sub().set(i);
  // Halving by an odd power of two flips the symbol when f = 3, 5 (mod 8).
  fn.get(jac).get(zeros).get(f).i32(1).i32ShrS().get(f).i32(2).i32ShrS().i32Xor().i32And().i32Xor().set(jac);
  fn.get(i).if();
  {
    fn.get(eta).i32(0).i32LtS().if();
    {
      fn.i32(0).get(eta).i32Sub().set(eta);
      // Reciprocity: the swap flips the symbol when f = g = 3 (mod 4).
      fn.get(jac).get(f).get(g).i32And().i32(1).i32ShrS().i32Xor().set(jac);
      fn.get(f).set(tmp).get(g).set(f).get(tmp).set(g);
      fn.get(u).set(t64).get(q).set(u).get(t64).set(q);
      fn.get(v).set(t64).get(r).set(v).get(t64).set(r);
    }
    fn.end();
    // limit = min(eta + 1, i); w clears up to min(limit, 8) low bits of g.
    fn.get(i).get(eta).i32(1).i32Add().get(eta).i32(1).i32Add().get(i).i32GtS().select().set(lim);
    fn.get(g).get(f).i32(1).i32ShrU().i32(127).i32And().load8u(TAB).i32Mul();
    fn.i32(-1).i32(32).get(lim).i32Sub().i32ShrU().i32(255).i32And().i32And().set(w);
    fn.get(g).get(f).get(w).i32Mul().i32Add().set(g);
    fn.get(q).get(u).get(w).extendU().i64Mul().i64Add().set(q);
    fn.get(r).get(v).get(w).extendU().i64Mul().i64Add().set(r);
  }
  fn.end();
}

/** (F, G) <- (u F + v G, q F + r G) / 2^26, then the f = 1 test and the length trim of an active lane. */
function update(fn: Fn, l: Lane, resAt: number): void {
  const { F, G, u, v, q, r, cf, cg, fj, gj, j, len, jac, active, t64 } = l;
  fn.i32(0).load64(F).set(fj).i32(0).load64(G).set(gj);
  fn.get(u).get(fj).i64Mul().get(v).get(gj).i64Mul().i64Add().i64(26).i64ShrU().set(cf);
  fn.get(q).get(fj).i64Mul().get(r).get(gj).i64Mul().i64Add().i64(26).i64ShrU().set(cg);
  fn.i32(1).set(j);
  fn.block().loop();
  {
    fn.get(j).get(len).i32LtS().i32Eqz().brIf(1);
    fn.get(j).i32(3).i32Shl().load64(F).set(fj);
    fn.get(j).i32(3).i32Shl().load64(G).set(gj);
    fn.get(cf).get(u).get(fj).i64Mul().i64Add().get(v).get(gj).i64Mul().i64Add().set(cf);
    fn.get(cg).get(q).get(fj).i64Mul().i64Add().get(r).get(gj).i64Mul().i64Add().set(cg);
    fn.get(j).i32(3).i32Shl().get(cf).i64(M26).i64And().store64(F - 8);
    fn.get(j).i32(3).i32Shl().get(cg).i64(M26).i64And().store64(G - 8);
    fn.get(cf).i64(26).i64ShrU().set(cf);
    fn.get(cg).i64(26).i64ShrU().set(cg);
    fn.get(j).i32(1).i32Add().set(j).br(0);
  }
  fn.end().end();
  fn.get(len).i32(3).i32Shl().get(cf).store64(F - 8);
  fn.get(len).i32(3).i32Shl().get(cg).store64(G - 8);
  // f = 1: the symbol of (g | 1) is 1, so the answer is the tracked sign.
  fn.i32(0).load64(F).i64(1).i64Eq().if();
  {
    fn.i64(0).set(t64).i32(1).set(j);
    fn.block().loop();
    fn.get(j).get(len).i32LtS().i32Eqz().brIf(1);
    fn.get(t64).get(j).i32(3).i32Shl().load64(F).i64Or().set(t64);
    fn.get(j).i32(1).i32Add().set(j).br(0);
    fn.end().end();
    fn.get(t64).i64Eqz().if();
    fn.i32(0).i32(1).get(jac).i32(1).i32And().i32(1).i32Shl().i32Sub().store32(resAt);
    fn.i32(0).set(active);
    fn.end();
  }
  fn.end();
  // Drop the top limb once both are zero there.
  fn.get(len).i32(1).i32GtS().if();
  fn.get(len).i32(3).i32Shl().load64(F - 8).get(len).i32(3).i32Shl().load64(G - 8).i64Or().i64Eqz().if();
  fn.get(len).i32(1).i32Sub().set(len);
  fn.end().end();
}

/**
 * Jacobi symbols (G_k | F_k), F_k = p, for `lanes` independent inputs at once: the lanes' posdivsteps are
 * interleaved in one loop, so their dependency chains (the whole cost: ~22 cycles per step, latency-bound)
 * overlap. Results go to RES: 1, -1, or 0 when the round budget ran out.
 */
function jacobi(lanes: number): Fn {
  const fn = new Fn([], []);
  const i32 = (): number => fn.local(I32);
  const i64 = (): number => fn.local(I64);
  const ls: Lane[] = Array.from({ length: lanes }, (_, k) => ({
    F: FG[k]!, G: FG[k]! + 80,
    f: i32(), g: i32(), eta: i32(), i: i32(), jac: i32(), zeros: i32(), w: i32(), lim: i32(), len: i32(), j: i32(), tmp: i32(), active: i32(),
    u: i64(), v: i64(), q: i64(), r: i64(), cf: i64(), cg: i64(), fj: i64(), gj: i64(), t64: i64(),
  }));
  const round = i32();
  ls.forEach((l, k) => {
    fn.i32(10).set(l.len).i32(-1).set(l.eta).i32(0).set(l.jac).i32(1).set(l.active);
    fn.i32(0).i32(0).store32(RES + 4 * k);
  });
  fn.i32(0).set(round);
  fn.block().loop(); // rounds
  {
    for (const l of ls) {
      fn.get(l.active).if();
      fn.i32(0).load64(l.F).i32(0).load64(l.F + 8).i64(26).i64Shl().i64Or().wrap().set(l.f);
      fn.i32(0).load64(l.G).i32(0).load64(l.G + 8).i64(26).i64Shl().i64Or().wrap().set(l.g);
      fn.i64(1).set(l.u).i64(0).set(l.v).i64(0).set(l.q).i64(1).set(l.r).i32(26).set(l.i);
      fn.else().i32(0).set(l.i).end();
    }
    fn.block().loop(); // 26 posdivsteps per active lane, interleaved
    {
      for (const l of ls) {
        fn.get(l.i).if();
        step(fn, l);
        fn.end();
      }
      ls.forEach((l, k) => {
        fn.get(l.i);
        if (k > 0) fn.i32Or();
      });
      fn.brIf(0);
    }
    fn.end().end();
    ls.forEach((l, k) => {
      fn.get(l.active).if();
      update(fn, l, RES + 4 * k);
      fn.end();
    });
    ls.forEach((l, k) => {
      fn.get(l.active);
      if (k > 0) fn.i32Or();
    });
    fn.i32Eqz().brIf(1);
    fn.get(round).i32(1).i32Add().tee(round).i32(MAX_ROUNDS).i32LtS().brIf(0);
  }
  fn.end().end();
  return fn;
}

/** u·v of lane k's y into G_k, p into F_k (y < p, y != ±1 checked by the caller). */
function uv(fn: Fn, k: number, c: readonly number[]): void {
  const [A, B, C, X] = [0, 80, 160, 240].map((o) => SCRATCH[k]! + o) as [number, number, number, number];
  // y: ten 26-bit limbs read straight from the bytes (bit 255, the x sign, masked off).
  for (let t = 0; t < 10; t++) {
    const bit = 26 * t;
    fn.i32(0).i32(0).load64(IN[k]! + (bit >> 3)).i64(bit & 7).i64ShrU().i64(t === 9 ? 0x1fffff : M26).i64And().store64(A + 8 * t);
  }
  fn.i32(B).i32(A).i32(A).call(0); // y²
  fn.i32(C).i32(B).i32(D26).call(0); // d·y²
  fn.i32(0).i32(0).load64(C).i64(1).i64Add().store64(C); // v = d·y² + 1
  for (let t = 0; t < 10; t++) fn.i32(0).load64(B + 8 * t).i32(0).load64(PM1 + 8 * t).i64Add().set(c[t]!);
  carryStore(fn, () => fn.i32(A), c); // u = y² - 1 + p
  fn.i32(X).i32(A).i32(C).call(0);
  for (let t = 0; t < 10; t++) {
    fn.i32(0).i32(0).load64(X + 8 * t).store64(FG[k]! + 80 + 8 * t);
    fn.i32(0).i32(0).load64(P26 + 8 * t).store64(FG[k]! + 8 * t);
  }
}

/** The symbol of u·v for the input at IN[0]: 1 square, -1 not, 0 unknown (calls function 1, `jacobi(1)`). */
function uvSymbol(): Fn {
  const fn = new Fn([], [I32]);
  const c = Array.from({ length: 10 }, () => fn.local(I64));
  uv(fn, 0, c);
  fn.call(1);
  fn.i32(0).load32(RES);
  return fn;
}

function limbs26(x: bigint): bigint[] {
  return Array.from({ length: 10 }, (_, k) => (x >> BigInt(26 * k)) & BigInt(M26));
}

/** The instantiated module: `symbol()` reads the 32 bytes written to `input`. */
export interface CurveWasm {
  input: Uint8Array;
  symbol: () => number;
}

/** Builds and instantiates the module synchronously, or returns undefined when WebAssembly is unavailable. */
export function loadCurveWasm(): CurveWasm | undefined {
  if (typeof WebAssembly === "undefined") return undefined;
  const bytes = assemble(
    [
      { name: "fe_mul", fn: feMul() },
      { name: "jacobi", fn: jacobi(1) },
      { name: "uv_symbol", fn: uvSymbol() },
      // Two interleaved lanes (jacobi(2) on both inputs) were measured: 4.75 us per pair vs 2.8 us single, so
      // checking bumps b and b-1 together costs more on average (4/3 pairs) than checking one at a time.
    ],
    1,
  );
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  const memory = instance.exports.memory as WebAssembly.Memory;
  const u8 = new Uint8Array(memory.buffer);
  const view = new DataView(memory.buffer);
  for (let i = 0; i < 128; i++) {
    const f = 2 * i + 1;
    for (let w = 0; w < 256; w++) if (((f * w + 1) & 255) === 0) u8[TAB + i] = w;
  }
  const put = (at: number, x: bigint): void => limbs26(x).forEach((l, k) => view.setBigUint64(at + 8 * k, l, true));
  put(D26, D);
  put(PM1, P - 1n);
  put(P26, P);
  return { input: u8.subarray(IN[0]!, IN[0]! + 32), symbol: instance.exports.uv_symbol as () => number };
}
