import { deriveAssociatedTokenAddress } from "../../chain/pump/pda.ts";
import { pubkeyAt, readU64, writePubkey, writeU64 } from "../fast.ts";
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "../chain.ts";
import type { Account, AccountView } from "./accounts.ts";

/** Rent-exempt minimum of a 165-byte token account (what ATA creation takes from the payer). */
export const TOKEN_ACCOUNT_RENT = 2_039_280n;
/** Rent-exempt minimum of an 82-byte mint. */
export const MINT_RENT = 1_461_600n;
/** Decimals of every pump.fun mint. */
export const PUMP_DECIMALS = 6;

const TOKEN_ACCOUNT_LEN = 165;

/** True when `owner` is one of the two token programs. */
export function isTokenProgram(owner: string): boolean {
  return owner === TOKEN_PROGRAM_ID || owner === TOKEN_2022_PROGRAM_ID;
}

/** The associated token account of (wallet, mint, token program). */
export function ataAddress(wallet: string, mint: string, tokenProgram: string): string {
  // Nested maps: lookups of the (flat, hash-cached) key strings, no concatenated cache key per call.
  let byWallet = ataCache.get(tokenProgram);
  if (!byWallet) ataCache.set(tokenProgram, (byWallet = new Map()));
  let byMint = byWallet.get(wallet);
  if (!byMint) byWallet.set(wallet, (byMint = new Map()));
  let ata = byMint.get(mint);
  if (ata === undefined) {
    ata = deriveAssociatedTokenAddress(wallet, mint, tokenProgram).address;
    if (++ataCached > ATA_CACHE_LIMIT) {
      ataCache.clear();
      ataCached = 0;
    } else byMint.set(mint, ata);
  }
  return ata;
}

const ATA_CACHE_LIMIT = 200_000;
const ataCache = new Map<string, Map<string, Map<string, string>>>();
let ataCached = 0;

/** A decoded token account. */
export interface TokenAccountState {
  mint: string;
  owner: string;
  amount: bigint;
}

/** Encodes an initialized token account (Token-2022 ones carry the ImmutableOwner extension, as ATAs do). */
export function encodeTokenAccount(state: TokenAccountState, tokenProgram: string): Uint8Array {
  const is2022 = tokenProgram === TOKEN_2022_PROGRAM_ID;
  const data = new Uint8Array(is2022 ? 170 : TOKEN_ACCOUNT_LEN);
  writePubkey(data, 0, state.mint);
  writePubkey(data, 32, state.owner);
  writeU64(data, 64, state.amount);
  data[108] = 1; // state: initialized
  if (is2022) {
    data[165] = 2; // account type: Account
    data[166] = 7; // extension ImmutableOwner (u16 LE), length 0
  }
  return data;
}

/** Decodes a token account's mint, owner and amount; undefined when the data is not one. */
export function decodeTokenAccount(account: Account): TokenAccountState | undefined {
  if (!isTokenProgram(account.owner) || account.data.length < TOKEN_ACCOUNT_LEN) return undefined;
  const d = account.data;
  return {
    mint: pubkeyAt(d, 0),
    owner: pubkeyAt(d, 32),
    amount: readU64(d, 64),
  };
}

/** Encodes an initialized mint account (authority none, 6 decimals). */
export function encodeMint(supply: bigint, decimals = PUMP_DECIMALS): Uint8Array {
  const data = new Uint8Array(82);
  new DataView(data.buffer).setBigUint64(36, supply, true);
  data[44] = decimals;
  data[45] = 1;
  return data;
}

/** Decimals of a mint account (PUMP_DECIMALS when unknown). */
export function mintDecimals(account: Account | undefined): number {
  return account && account.data.length >= 45 ? account.data[44]! : PUMP_DECIMALS;
}

/** The amount of a token account without decoding its keys (undefined if it is not one). */
export function tokenAmountOf(account: Account | undefined): bigint | undefined {
  if (!account || !isTokenProgram(account.owner) || account.data.length < TOKEN_ACCOUNT_LEN) return undefined;
  return readU64(account.data, 64);
}

/** Adds (or removes, with a negative delta) tokens in a token account; false when it would go negative or is absent. */
export function addTokens(view: AccountView, tokenAccount: string, delta: bigint): boolean {
  const acc = view.get(tokenAccount);
  const held = tokenAmountOf(acc);
  if (!acc || held === undefined || held + delta < 0n) return false;
  const data = acc.data.slice();
  writeU64(data, 64, held + delta);
  view.set(tokenAccount, { lamports: acc.lamports, owner: acc.owner, data, executable: acc.executable });
  return true;
}

/** Creates an empty token account owned by `tokenProgram` (no lamport movement). */
export function newTokenAccount(mint: string, owner: string, tokenProgram: string): Account {
  return {
    lamports: TOKEN_ACCOUNT_RENT,
    owner: tokenProgram,
    data: encodeTokenAccount({ mint, owner, amount: 0n }, tokenProgram),
    executable: false,
  };
}
