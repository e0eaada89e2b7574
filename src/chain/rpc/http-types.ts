/** Result shapes of the JSON-RPC methods the bot calls (docs/wire-format.md), amounts as bigint where money. */

/** Commitment levels, weakest first. */
export type Commitment = "processed" | "confirmed" | "finalized";

/** getLatestBlockhash's value plus the context slot. */
export interface LatestBlockhash {
  blockhash: string;
  lastValidBlockHeight: number;
  slot: number;
}

/** One entry of getSignatureStatuses (null entries: unknown signature). */
export interface SignatureStatus {
  slot: number;
  confirmations: number | null;
  err: unknown;
  confirmationStatus: Commitment | null;
}

/** One entry of getRecentPrioritizationFees. */
export interface PrioritizationFee {
  slot: number;
  prioritizationFee: number;
}

/** getAccountInfo's value with the data decoded. */
export interface AccountInfo {
  data: Uint8Array;
  lamports: bigint;
  owner: string;
  executable: boolean;
  space: number;
}

/** One entry of getSignaturesForAddress (newest first). */
export interface SignatureInfo {
  signature: string;
  slot: number;
  err: unknown;
  memo: string | null;
  blockTime: number | null;
  confirmationStatus: Commitment | null;
}

/** A compiled instruction of getTransaction ("json" encoding: data in base58). */
export interface RpcCompiledInstruction {
  programIdIndex: number;
  accounts: number[];
  data: string;
}

/** getTransaction ("json" encoding) as far as the bot reads it. */
export interface TransactionResponse {
  slot: number;
  blockTime: number | null;
  transaction: {
    signatures: string[];
    message: { accountKeys: string[]; recentBlockhash: string; instructions: RpcCompiledInstruction[] };
  };
  meta: {
    err: unknown;
    fee: number;
    preBalances: number[];
    postBalances: number[];
    logMessages: string[] | null;
    innerInstructions: { index: number; instructions: RpcCompiledInstruction[] }[] | null;
    computeUnitsConsumed?: number;
  } | null;
}
