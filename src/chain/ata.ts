/** Associated token account instructions: idempotent create (data `[1]`), for SPL Token and Token-2022. */
import type { TransactionInstruction } from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, SYSTEM_PROGRAM_ID, TOKEN_PROGRAM_ID } from "./pump/constants.ts";
import { PumpDecodeError } from "./pump/errors.ts";
import { deriveAssociatedTokenAddress, type KeyLike } from "./pump/pda.ts";
import { meta, toTransactionInstruction, type RawInstruction } from "./raw-ix.ts";

const CREATE = 0;
const CREATE_IDEMPOTENT = 1;

/** Inputs of the create-ATA builders. */
export interface CreateAtaParams {
  payer: KeyLike;
  owner: KeyLike;
  mint: KeyLike;
  /** SPL Token (default) or Token-2022. */
  tokenProgram?: KeyLike;
  /** The ATA address if already known (skips a derivation). */
  ata?: KeyLike;
}

const s = (k: KeyLike): string => (typeof k === "string" ? k : k.toBase58());

/** CreateIdempotent as plain data: payer WS, ata W, owner, mint, system, token program. */
export function createAtaIdempotentRaw(p: CreateAtaParams): RawInstruction {
  const tokenProgram = p.tokenProgram ?? TOKEN_PROGRAM_ID;
  const ata = p.ata ?? deriveAssociatedTokenAddress(p.owner, p.mint, tokenProgram).address;
  return {
    programId: ASSOCIATED_TOKEN_PROGRAM_ID,
    keys: [
      meta(s(p.payer), true, true),
      meta(s(ata), true),
      meta(s(p.owner), false),
      meta(s(p.mint), false),
      meta(SYSTEM_PROGRAM_ID, false),
      meta(s(tokenProgram), false),
    ],
    data: Uint8Array.of(CREATE_IDEMPOTENT),
  };
}

/** CreateIdempotent as a web3.js instruction. */
export function buildCreateAtaIdempotentInstruction(p: CreateAtaParams): TransactionInstruction {
  return toTransactionInstruction(createAtaIdempotentRaw(p));
}

/** A decoded create-ATA instruction. */
export interface DecodedCreateAta {
  name: "create" | "createIdempotent";
  accounts?: { payer: string; ata: string; owner: string; mint: string; systemProgram: string; tokenProgram: string };
}

/** Decodes ATA program data (empty data is the legacy non-idempotent create). */
export function decodeAtaInstruction(data: Uint8Array, accounts?: readonly string[]): DecodedCreateAta {
  const tag = data.length === 0 ? CREATE : data[0];
  if (tag !== CREATE && tag !== CREATE_IDEMPOTENT) throw new PumpDecodeError("discriminator", "not a create-ATA instruction", { tag });
  const name = tag === CREATE ? "create" : "createIdempotent";
  if (!accounts) return { name };
  if (accounts.length < 6) throw new PumpDecodeError("truncated", "create-ATA needs 6 accounts", { accounts: accounts.length });
  const [payer, ata, owner, mint, systemProgram, tokenProgram] = accounts as [string, string, string, string, string, string];
  return { name, accounts: { payer, ata, owner, mint, systemProgram, tokenProgram } };
}
