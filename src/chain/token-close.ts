/**
 * The token program's CloseAccount (data `[9]`, the same in SPL Token and Token-2022): an empty token
 * account is removed and its rent (2,039,280 lamports for a 165-byte account) goes to `destination`.
 * A full sell ends with it, so a closed position gives back the rent its buy paid for the account.
 */
import { TOKEN_PROGRAM_ID } from "./pump/constants.ts";
import { PumpDecodeError } from "./pump/errors.ts";
import { meta, type RawInstruction } from "./raw-ix.ts";

/** The instruction tag of CloseAccount in both token programs. */
export const CLOSE_ACCOUNT = 9;

/**
 * The token programs' error when the account still holds tokens (TokenError::NonNativeHasBalance):
 * whoever sends tokens to our account between the buy and the sell makes the close fail.
 */
export const ACCOUNT_NOT_EMPTY_ERROR = 11;

/** Inputs of the CloseAccount builder. */
export interface CloseAccountParams {
  /** The token account to close (must hold 0 tokens). */
  account: string;
  /** Who gets its lamports. */
  destination: string;
  /** The account's owner, a signer. */
  owner: string;
  /** SPL Token (default) or Token-2022. */
  tokenProgram?: string;
}

/** CloseAccount as plain data: account W, destination W, owner S. */
export function closeAccountRaw(p: CloseAccountParams): RawInstruction {
  return {
    programId: p.tokenProgram ?? TOKEN_PROGRAM_ID,
    keys: [meta(p.account, true), meta(p.destination, true), meta(p.owner, false, true)],
    data: Uint8Array.of(CLOSE_ACCOUNT),
  };
}

/** A decoded CloseAccount. */
export interface DecodedCloseAccount {
  account: string;
  destination: string;
  owner: string;
}

/** Decodes a token-program instruction that must be a CloseAccount (a typed error otherwise). */
export function decodeCloseAccount(data: Uint8Array, accounts: readonly string[]): DecodedCloseAccount {
  if (data.length !== 1 || data[0] !== CLOSE_ACCOUNT) throw new PumpDecodeError("discriminator", "not a CloseAccount instruction", { tag: data[0] ?? null });
  const [account, destination, owner] = accounts;
  if (account === undefined || destination === undefined || owner === undefined) {
    throw new PumpDecodeError("truncated", "CloseAccount needs 3 accounts", { accounts: accounts.length });
  }
  return { account, destination, owner };
}
