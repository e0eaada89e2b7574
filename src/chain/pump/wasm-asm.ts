/**
 * A tiny WebAssembly assembler: enough of the binary format (types, functions, one memory, exports,
 * integer opcodes, structured control) to emit straight-line arithmetic generated in TypeScript. The
 * module's source of truth is the TypeScript that drives it (curve-wasm.ts): no toolchain, no binary
 * checked in, and the bytes are rebuilt identically at every load.
 */

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
type ValType = typeof I32 | typeof I64;

function uleb(out: number[], v: number): void {
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

function sleb(out: number[], v: bigint): void {
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return;
  }
}

/** One function body under construction; every method appends an instruction. */
export class Fn {
  readonly code: number[] = [];
  private readonly locals: ValType[] = [];
  constructor(
    readonly params: readonly ValType[],
    readonly results: readonly ValType[],
  ) {}

  /** Declares a local and returns its index. */
  local(t: ValType): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }
  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  /** An instruction whose immediate is a local's index (local.get / set / tee). */
  private localOp(opcode: number, i: number): this {
    this.op(opcode);
    uleb(this.code, i);
    return this;
  }
  get(i: number): this {
    return this.localOp(0x20, i);
  }
  set(i: number): this {
    return this.localOp(0x21, i);
  }
  tee(i: number): this {
    return this.localOp(0x22, i);
  }
  i32(v: number): this {
    this.op(0x41);
    sleb(this.code, BigInt(v | 0));
    return this;
  }
  i64(v: bigint | number): this {
    this.op(0x42);
    sleb(this.code, BigInt.asIntN(64, BigInt(v)));
    return this;
  }
  private mem(opcode: number, align: number, offset: number): this {
    this.op(opcode, align);
    uleb(this.code, offset);
    return this;
  }
  /** i64.load at address (top of stack) + offset. */
  load64(offset = 0): this {
    return this.mem(0x29, 3, offset);
  }
  /** i64.store of (address, value) at offset. */
  store64(offset = 0): this {
    return this.mem(0x37, 3, offset);
  }
  load8u(offset = 0): this {
    return this.mem(0x2d, 0, offset);
  }
  load32(offset = 0): this {
    return this.mem(0x28, 2, offset);
  }
  store32(offset = 0): this {
    return this.mem(0x36, 2, offset);
  }
  // Control (block types are always empty: values live in locals).
  block(): this {
    return this.op(0x02, 0x40);
  }
  loop(): this {
    return this.op(0x03, 0x40);
  }
  if(): this {
    return this.op(0x04, 0x40);
  }
  else(): this {
    return this.op(0x05);
  }
  end(): this {
    return this.op(0x0b);
  }
  br(depth: number): this {
    return this.op(0x0c, depth);
  }
  brIf(depth: number): this {
    return this.op(0x0d, depth);
  }
  ret(): this {
    return this.op(0x0f);
  }
  call(fn: number): this {
    this.op(0x10);
    uleb(this.code, fn);
    return this;
  }
  select(): this {
    return this.op(0x1b);
  }
  // i32
  i32Eqz = (): this => this.op(0x45);
  i32Eq = (): this => this.op(0x46);
  i32Ne = (): this => this.op(0x47);
  i32LtS = (): this => this.op(0x48);
  i32LtU = (): this => this.op(0x49);
  i32GtS = (): this => this.op(0x4a);
  i32Ctz = (): this => this.op(0x68);
  i32Add = (): this => this.op(0x6a);
  i32Sub = (): this => this.op(0x6b);
  i32Mul = (): this => this.op(0x6c);
  i32And = (): this => this.op(0x71);
  i32Or = (): this => this.op(0x72);
  i32Xor = (): this => this.op(0x73);
  i32Shl = (): this => this.op(0x74);
  i32ShrS = (): this => this.op(0x75);
  i32ShrU = (): this => this.op(0x76);
  // i64
  i64Eqz = (): this => this.op(0x50);
  i64Eq = (): this => this.op(0x51);
  i64Ne = (): this => this.op(0x52);
  i64Add = (): this => this.op(0x7c);
  i64Sub = (): this => this.op(0x7d);
  i64Mul = (): this => this.op(0x7e);
  i64And = (): this => this.op(0x83);
  i64Or = (): this => this.op(0x84);
  i64Shl = (): this => this.op(0x86);
  i64ShrS = (): this => this.op(0x87);
  i64ShrU = (): this => this.op(0x88);
  wrap = (): this => this.op(0xa7);
  extendU = (): this => this.op(0xad);

  /** The encoded body: locals (run-length) then code. */
  body(): number[] {
    const out: number[] = [];
    const runs: [number, ValType][] = [];
    for (const t of this.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    uleb(out, runs.length);
    for (const [n, t] of runs) {
      uleb(out, n);
      out.push(t);
    }
    out.push(...this.code, 0x0b);
    const sized: number[] = [];
    uleb(sized, out.length);
    return sized.concat(out);
  }
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  uleb(out, content.length);
  out.push(...content);
}

function name(out: number[], s: string): void {
  const b = new TextEncoder().encode(s);
  uleb(out, b.length);
  out.push(...b);
}

/** Assembles functions (exported under their names) and one exported memory of `pages` 64 KiB pages. */
export function assemble(fns: readonly { name: string; fn: Fn }[], pages: number): Uint8Array<ArrayBuffer> {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(types, fns.length);
  for (const { fn } of fns) {
    types.push(0x60);
    uleb(types, fn.params.length);
    types.push(...fn.params);
    uleb(types, fn.results.length);
    types.push(...fn.results);
  }
  section(out, 1, types);
  const funcs: number[] = [];
  uleb(funcs, fns.length);
  fns.forEach((_, i) => uleb(funcs, i));
  section(out, 3, funcs);
  const mem: number[] = [1, 0x00];
  uleb(mem, pages);
  section(out, 5, mem);
  const exports: number[] = [];
  uleb(exports, fns.length + 1);
  fns.forEach(({ name: n }, i) => {
    name(exports, n);
    exports.push(0x00);
    uleb(exports, i);
  });
  name(exports, "memory");
  exports.push(0x02, 0x00);
  section(out, 7, exports);
  const code: number[] = [];
  uleb(code, fns.length);
  for (const { fn } of fns) code.push(...fn.body());
  section(out, 10, code);
  return Uint8Array.from(out);
}
