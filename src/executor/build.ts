/** Builds and signs the transaction of one attempt of an intent, from the intent's own params. */
import { buildSignedBuyTransactionFast, warmBuyTemplate } from "../chain/buy-template.ts";
import { buildSignedSellTransaction, type SignedTransaction } from "../chain/tx-builder.ts";
import type { Signer } from "../chain/signer.ts";
import type { IntentParams } from "./journal.ts";

// Learn the buy layout at startup, not on the first launch (~1 ms once).
warmBuyTemplate();

/** Signs `params` for `mint` with `blockhash` (buys from the precompiled layout: same bytes, less work). */
export function signIntent(signer: Signer, mint: string, params: IntentParams, feeRecipient: string, blockhash: string): SignedTransaction {
  const common = {
    signer,
    mint,
    creator: params.creator,
    tokenProgram: params.tokenProgram,
    bondingCurve: params.bondingCurve,
    feeRecipient,
    recentBlockhash: blockhash,
    computeUnitLimit: params.computeUnitLimit,
    microLamportsPerCu: params.microLamportsPerCu,
  };
  return params.side === "buy"
    ? buildSignedBuyTransactionFast({ ...common, spendableSolIn: params.lamports, minTokensOut: params.minTokensOut })
    : buildSignedSellTransaction({ ...common, amount: params.tokens, minSolOutput: params.minSolOutput, closeAccount: params.closeAccount === true });
}
