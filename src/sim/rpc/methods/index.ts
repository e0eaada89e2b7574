import type { RpcMethod } from "../context.ts";
import * as accounts from "./accounts.ts";
import * as chain from "./chain.ts";
import * as txs from "./transactions.ts";

/** Every HTTP JSON-RPC method the simulator serves. */
export const METHODS: ReadonlyMap<string, RpcMethod> = new Map<string, RpcMethod>([
  ["getLatestBlockhash", chain.getLatestBlockhash],
  ["getBlockHeight", chain.getBlockHeight],
  ["getSlot", chain.getSlot],
  ["isBlockhashValid", chain.isBlockhashValid],
  ["getRecentPrioritizationFees", chain.getRecentPrioritizationFees],
  ["getHealth", chain.getHealth],
  ["getVersion", chain.getVersion],
  ["getGenesisHash", chain.getGenesisHash],
  ["getMinimumBalanceForRentExemption", chain.getMinimumBalanceForRentExemption],
  ["getAccountInfo", accounts.getAccountInfo],
  ["getMultipleAccounts", accounts.getMultipleAccounts],
  ["getBalance", accounts.getBalance],
  ["getTokenAccountBalance", accounts.getTokenAccountBalance],
  ["sendTransaction", txs.sendTransaction],
  ["simulateTransaction", txs.simulateTransactionMethod],
  ["getSignatureStatuses", txs.getSignatureStatuses],
  ["getSignaturesForAddress", txs.getSignaturesForAddress],
  ["getTransaction", txs.getTransaction],
  ["requestAirdrop", txs.requestAirdrop],
]);
