import type { IxContext, IxOutcome, ProgramHandler } from "./context.ts";

/** The System program: only `transfer` (index 2) is emulated. */
export const systemProgram: ProgramHandler = {
  builtin: true,
  execute(ctx: IxContext): IxOutcome {
    const d = ctx.data;
    if (d.length < 12 || new DataView(d.buffer, d.byteOffset, 4).getUint32(0, true) !== 2) {
      return { ok: false, error: "InvalidInstructionData", units: 150 };
    }
    const lamports = new DataView(d.buffer, d.byteOffset + 4, 8).getBigUint64(0, true);
    const [from, to] = ctx.accounts;
    if (!from || !to) return { ok: false, error: "NotEnoughAccountKeys", units: 150 };
    if (!ctx.isSigner(from)) return { ok: false, error: "MissingRequiredSignature", units: 150 };
    return transferLamports(ctx, from, to, lamports) ? { ok: true, units: 150 } : { ok: false, error: { Custom: 1 }, units: 150 };
  },
};

/** Moves lamports as a system transfer would, logging the real insufficient-funds line on failure. */
export function transferLamports(ctx: IxContext, from: string, to: string, lamports: bigint): boolean {
  const have = ctx.state.lamports(from);
  if (have < lamports) {
    ctx.logs.push(`Transfer: insufficient lamports ${have}, need ${lamports}`);
    return false;
  }
  ctx.state.addLamports(from, -lamports);
  ctx.state.addLamports(to, lamports);
  return true;
}
