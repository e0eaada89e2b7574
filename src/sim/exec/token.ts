import { ACCOUNT_NOT_EMPTY_ERROR, CLOSE_ACCOUNT } from "../../chain/token-close.ts";
import { walletAccount } from "../ledger/accounts.ts";
import { decodeTokenAccount } from "../ledger/tokens.ts";
import type { IxContext, IxOutcome, ProgramHandler } from "./context.ts";

/** TokenError::OwnerMismatch. */
const OWNER_MISMATCH = 4;
/** Compute units of a CloseAccount (about what SPL Token's measures on mainnet). */
const CLOSE_UNITS = 2_916;

/**
 * A token program (SPL Token or Token-2022) called at the top level: only `CloseAccount` (data [9]) is
 * emulated, with the real program's checks and log lines. Transfers, mints and burns happen inside the
 * pump.fun emulation. The closed account is left at 0 lamports, which the ledger collects as the runtime does.
 */
export function tokenProgram(programId: string): ProgramHandler {
  return {
    builtin: false,
    execute(ctx: IxContext): IxOutcome {
      if (ctx.data.length !== 1 || ctx.data[0] !== CLOSE_ACCOUNT) return { ok: false, error: "InvalidInstructionData", units: 1_000 };
      ctx.logs.push("Program log: Instruction: CloseAccount");
      const [account, destination, owner] = ctx.accounts;
      if (!account || !destination || !owner) return { ok: false, error: "NotEnoughAccountKeys", units: 1_000 };
      const acc = ctx.state.get(account);
      if (!acc || acc.owner !== programId) return { ok: false, error: "IncorrectProgramId", units: 1_000 };
      const state = decodeTokenAccount(acc);
      if (!state) return { ok: false, error: "InvalidAccountData", units: 1_000 };
      if (account === destination) return { ok: false, error: "InvalidAccountData", units: 1_500 };
      if (state.amount !== 0n) {
        ctx.logs.push("Program log: Error: Non-native account can only be closed if its balance is zero");
        return { ok: false, error: { Custom: ACCOUNT_NOT_EMPTY_ERROR }, units: 1_800 };
      }
      if (state.owner !== owner) {
        ctx.logs.push("Program log: Error: owner does not match");
        return { ok: false, error: { Custom: OWNER_MISMATCH }, units: 2_000 };
      }
      if (!ctx.isSigner(owner)) return { ok: false, error: "MissingRequiredSignature", units: 2_000 };
      if (!ctx.isWritable(account) || !ctx.isWritable(destination)) return { ok: false, error: "ReadonlyLamportChange", units: 2_500 };
      ctx.state.addLamports(destination, acc.lamports);
      ctx.state.set(account, walletAccount(0n));
      return { ok: true, units: CLOSE_UNITS };
    },
  };
}
