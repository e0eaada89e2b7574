/**
 * Forgetting finished tokens: their accounts leave the ledger as if closed. The simulated chain keeps
 * every account ever made, like a real one; a benchmark that launches a token every 50 ms for hours
 * uses this so its cluster, the instrument, does not grow with the run's length.
 */
import { TOKEN_PROGRAM_ID } from "../chain.ts";
import type { AccountStore } from "../ledger/accounts.ts";
import { ataAddress } from "../ledger/tokens.ts";
import { metadataPda } from "../pump/create.ts";
import { bondingCurveOf } from "../pump/pdas.ts";

/** Removes `pubkeys` from the ledger; returns how many existed. */
export function forgetAccounts(accounts: AccountStore, pubkeys: readonly string[]): number {
  let removed = 0;
  for (const k of pubkeys) if (accounts.delete(k)) removed++;
  return removed;
}

/**
 * Removes a token's own accounts (mint, bonding curve and the curve's token account, metadata) and the
 * token accounts of `holders`; returns how many existed.
 */
export function forgetToken(accounts: AccountStore, mint: string, holders: readonly string[]): number {
  const tokenProgram = accounts.get(mint)?.owner ?? TOKEN_PROGRAM_ID;
  const curve = bondingCurveOf(mint);
  const owners = [curve, ...holders];
  return forgetAccounts(accounts, [mint, curve, metadataPda(mint), ...owners.map((o) => ataAddress(o, mint, tokenProgram))]);
}
