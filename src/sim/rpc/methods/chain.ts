import { configParam, positional } from "../params.ts";
import { withContext, type RpcMethod } from "../context.ts";

/** getLatestBlockhash -> {context, value:{blockhash, lastValidBlockHeight}}. */
export const getLatestBlockhash: RpcMethod = (params, ctx) => {
  configParam(params[0]);
  const s = ctx.ledger.slots;
  return withContext(ctx, { blockhash: s.latestBlockhash(), lastValidBlockHeight: s.lastValidBlockHeight() });
};

/** getBlockHeight -> number. */
export const getBlockHeight: RpcMethod = (params, ctx) => {
  configParam(params[0]);
  return ctx.ledger.slots.blockHeight();
};

/** getSlot -> number. */
export const getSlot: RpcMethod = (params, ctx) => {
  configParam(params[0]);
  return ctx.ledger.slots.slot();
};

/** isBlockhashValid -> {context, value: boolean}. */
export const isBlockhashValid: RpcMethod = (params, ctx) => {
  const [hash] = positional(params);
  return withContext(ctx, typeof hash === "string" && ctx.ledger.slots.isValidBlockhash(hash));
};

/** getRecentPrioritizationFees -> [{slot, prioritizationFee}] for the last 150 slots. */
export const getRecentPrioritizationFees: RpcMethod = (_params, ctx) => ctx.chain.prioFees.recent(ctx.ledger.slots.slot());

/** getHealth -> "ok". */
export const getHealth: RpcMethod = () => "ok";

/** getVersion -> a plausible core version. */
export const getVersion: RpcMethod = () => ({ "solana-core": "2.2.0", "feature-set": 3294202862 });

/** getGenesisHash -> a fixed hash. */
export const getGenesisHash: RpcMethod = () => "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d";

/** getMinimumBalanceForRentExemption -> lamports for `size` bytes (the real formula). */
export const getMinimumBalanceForRentExemption: RpcMethod = (params) => {
  const size = typeof params[0] === "number" ? params[0] : 0;
  return (128 + size) * 6960;
};
