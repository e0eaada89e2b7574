import { ataAddress, isTokenProgram, newTokenAccount, TOKEN_ACCOUNT_RENT } from "../ledger/tokens.ts";
import type { IxContext, IxOutcome, ProgramHandler } from "./context.ts";

/**
 * The associated token account program: `create` (data empty or [0]) and `create_idempotent` ([1]).
 * Accounts: payer, ata, wallet, mint, system program, token program.
 */
export const ataProgram: ProgramHandler = {
  builtin: false,
  execute(ctx: IxContext): IxOutcome {
    const kind = ctx.data.length === 0 ? 0 : ctx.data[0];
    const [payer, ata, wallet, mint, , tokenProgram] = ctx.accounts;
    if (kind !== 0 && kind !== 1) return { ok: false, error: "InvalidInstructionData", units: 1_000 };
    if (!payer || !ata || !wallet || !mint || !tokenProgram) return { ok: false, error: "NotEnoughAccountKeys", units: 1_000 };
    ctx.logs.push(kind === 1 ? "Program log: CreateIdempotent" : "Program log: Create");
    if (!isTokenProgram(tokenProgram)) return { ok: false, error: "IncorrectProgramId", units: 2_000 };
    if (ataAddress(wallet, mint, tokenProgram) !== ata) {
      ctx.logs.push("Program log: Error: Associated address does not match seed derivation");
      return { ok: false, error: "InvalidSeeds", units: 3_000 };
    }
    const existing = ctx.state.get(ata);
    if (existing && existing.data.length > 0) {
      if (kind === 1 && existing.owner === tokenProgram) return { ok: true, units: 4_000 };
      return { ok: false, error: "IllegalOwner", units: 4_000 };
    }
    if (!ctx.state.get(mint)) return { ok: false, error: "InvalidAccountData", units: 4_000 };
    if (!ctx.isSigner(payer) || ctx.state.lamports(payer) < TOKEN_ACCOUNT_RENT) {
      ctx.logs.push(`Transfer: insufficient lamports ${ctx.state.lamports(payer)}, need ${TOKEN_ACCOUNT_RENT}`);
      return { ok: false, error: { Custom: 1 }, units: 6_000 };
    }
    ctx.state.addLamports(payer, -TOKEN_ACCOUNT_RENT);
    ctx.state.set(ata, newTokenAccount(mint, wallet, tokenProgram));
    ctx.logs.push("Program log: Initialize the associated token account");
    return { ok: true, units: 20_000 };
  },
};
