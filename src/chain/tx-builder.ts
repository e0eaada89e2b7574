/**
 * Signed pump.fun buy / sell transactions for the hot path: ComputeBudget limit + price, idempotent ATA
 * create, then the pump.fun instruction (a sell that empties the account then closes it), compiled to
 * bytes directly and signed natively.
 */
import { computeUnitLimitRaw, computeUnitPriceRaw } from "./compute-budget.ts";
import { createAtaIdempotentRaw } from "./ata.ts";
import { compileAndSign, type MessageVersion, type SignedTransaction } from "./message.ts";
import { TOKEN_PROGRAM_ID } from "./pump/constants.ts";
import { closeAccountRaw } from "./token-close.ts";
import {
  buyExactSolInInstructionRaw,
  buyInstructionRaw,
  sellInstructionRaw,
  type PumpTradeAccountsParams,
} from "./pump/instructions.ts";
import { deriveAssociatedTokenAddress, type KeyLike } from "./pump/pda.ts";
import type { RawInstruction } from "./raw-ix.ts";
import type { Signer } from "./signer.ts";

export type { SignedTransaction } from "./message.ts";

/** What every signed pump.fun transaction needs. */
export interface TxCommon extends Omit<PumpTradeAccountsParams, "user"> {
  signer: Signer;
  recentBlockhash: string;
  computeUnitLimit: number;
  /** Priority fee in micro-lamports per compute unit. */
  microLamportsPerCu: bigint | number;
  /** "legacy" (default) or 0. */
  version?: MessageVersion;
}

/** A buy of exactly `amount` tokens, or (with `spendableSolIn`) a buy_exact_sol_in. */
export type BuyTxParams = TxCommon & {
  /** Put the idempotent create of the buyer's token account first (default true). */
  createAta?: boolean;
  trackVolume?: boolean | null;
} & ({ amount: bigint; maxSolCost: bigint } | { spendableSolIn: bigint; minTokensOut: bigint });

/** A sell of `amount` tokens for at least `minSolOutput` lamports. */
export type SellTxParams = TxCommon & {
  amount: bigint;
  minSolOutput: bigint;
  /** Close the seller's token account after the sell, its rent back to the seller (the sell must empty it). */
  closeAccount?: boolean;
};

function budget(p: Pick<TxCommon, "computeUnitLimit" | "microLamportsPerCu">): RawInstruction[] {
  return [computeUnitLimitRaw(p.computeUnitLimit), computeUnitPriceRaw(p.microLamportsPerCu)];
}

const s = (k: KeyLike): string => (typeof k === "string" ? k : k.toBase58());

/** The mint, token program and `user`'s token account of a trade, as base58 (the account derived unless given). */
function userAccounts(p: Pick<TxCommon, "mint" | "tokenProgram" | "associatedUser">, user: string) {
  const tokenProgram = p.tokenProgram ? s(p.tokenProgram) : TOKEN_PROGRAM_ID;
  const mint = s(p.mint);
  const associatedUser = p.associatedUser ? s(p.associatedUser) : deriveAssociatedTokenAddress(user, mint, tokenProgram).address;
  return { mint, tokenProgram, associatedUser };
}

/** The instructions of a buy signed by `user`: budget, idempotent ATA create (unless disabled), buy. */
export function buyInstructions(p: Omit<BuyTxParams, "signer">, user: string): RawInstruction[] {
  const { mint, tokenProgram, associatedUser } = userAccounts(p, user);
  const accounts = { ...p, user, mint, tokenProgram, associatedUser };
  const ixs = budget(p);
  if (p.createAta !== false) ixs.push(createAtaIdempotentRaw({ payer: user, owner: user, mint, tokenProgram, ata: associatedUser }));
  ixs.push("spendableSolIn" in p ? buyExactSolInInstructionRaw(accounts as typeof accounts & { spendableSolIn: bigint; minTokensOut: bigint }) : buyInstructionRaw(accounts as typeof accounts & { amount: bigint; maxSolCost: bigint }));
  return ixs;
}

/**
 * Builds and signs a buy (or buy_exact_sol_in) transaction by compiling its instructions. The executor
 * uses `buildSignedBuyTransactionFast` (buy-template.ts): same bytes, from a precompiled layout.
 */
export function buildSignedBuyTransaction(p: BuyTxParams): SignedTransaction {
  return compileAndSign(p.signer, buyInstructions(p, p.signer.address), p.recentBlockhash, p.version);
}

/** The instructions of a sell signed by `user`: budget, sell, and CloseAccount when asked. */
export function sellInstructions(p: Omit<SellTxParams, "signer">, user: string): RawInstruction[] {
  const { mint, tokenProgram, associatedUser } = userAccounts(p, user);
  const ixs = budget(p);
  ixs.push(sellInstructionRaw({ ...p, user, mint, tokenProgram, associatedUser }));
  if (p.closeAccount === true) ixs.push(closeAccountRaw({ account: associatedUser, destination: user, owner: user, tokenProgram }));
  return ixs;
}

/** Builds and signs a sell transaction. */
export function buildSignedSellTransaction(p: SellTxParams): SignedTransaction {
  return compileAndSign(p.signer, sellInstructions(p, p.signer.address), p.recentBlockhash, p.version);
}
