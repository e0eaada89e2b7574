import bs58 from "bs58";
import { decodeWire, simulateTransaction, submitTransaction } from "../../exec/submit.ts";
import type { ParsedTx } from "../../exec/parse.ts";
import { commitmentAt, satisfies, type TxRecord } from "../../ledger/transactions.ts";
import { INVALID_PARAMS, RpcError } from "../protocol.ts";
import { commitmentParam, configParam, optionalInt, positional, pubkeyParam, signatureParam } from "../params.ts";
import { withContext, type RpcContext, type RpcMethod } from "../context.ts";
import { tokenAmount } from "./accounts.ts";
import { decodeTokenAccount, mintDecimals } from "../../ledger/tokens.ts";

function wireParam(params: unknown[]): { tx: ParsedTx; config: Record<string, unknown> } {
  const [wire, rawConfig] = params;
  if (typeof wire !== "string") throw new RpcError(INVALID_PARAMS, "Invalid params: expected an encoded transaction string");
  const config = configParam(rawConfig);
  const encoding = config.encoding ?? "base58";
  let base64: string;
  if (encoding === "base64") base64 = wire;
  else if (encoding === "base58") {
    try {
      base64 = Buffer.from(bs58.decode(wire)).toString("base64");
    } catch {
      throw new RpcError(INVALID_PARAMS, "invalid transaction: invalid base58 encoding");
    }
  } else throw new RpcError(INVALID_PARAMS, `Invalid params: unsupported encoding ${String(encoding)}`);
  const decoded = decodeWire(base64);
  if ("ok" in decoded) throw new RpcError(decoded.code, decoded.message, decoded.data);
  return { tx: decoded, config };
}

/** sendTransaction -> base58 signature; preflight failures are -32002 with data {err, logs}. */
export const sendTransaction: RpcMethod = (params, ctx) => {
  const { tx, config } = wireParam(positional(params));
  ctx.referee.onTransactionReceived(tx, ctx.receivedAt);
  const res = submitTransaction(ctx.submit, tx, { skipPreflight: config.skipPreflight === true });
  if (!res.ok) throw new RpcError(res.code, res.message, res.data);
  return res.signature;
};

/** simulateTransaction -> {context, value:{err, logs, accounts, unitsConsumed, returnData, innerInstructions}}. */
export const simulateTransactionMethod: RpcMethod = (params, ctx) => {
  const { tx, config } = wireParam(positional(params));
  const res = simulateTransaction(ctx.submit, tx, {
    sigVerify: config.sigVerify === true,
    replaceRecentBlockhash: config.replaceRecentBlockhash === true,
  });
  if ("ok" in res) throw new RpcError(res.code, res.message, res.data);
  return withContext(ctx, {
    err: res.err,
    logs: res.logs,
    accounts: null,
    unitsConsumed: res.unitsConsumed,
    returnData: null,
    innerInstructions: null,
  });
};

/** getSignatureStatuses -> {context, value: (status | null)[]} (at most 256 signatures). */
export const getSignatureStatuses: RpcMethod = (params, ctx) => {
  const sigs = params[0];
  if (!Array.isArray(sigs)) throw new RpcError(INVALID_PARAMS, "Invalid params: expected an array of signatures");
  if (sigs.length > 256) throw new RpcError(INVALID_PARAMS, "Too many inputs provided; max 256");
  const slot = ctx.ledger.slots.slot();
  return withContext(ctx, sigs.map((s) => ctx.ledger.txs.status(signatureParam(s), slot)));
};

/** getSignaturesForAddress -> newest first [{signature, slot, err, memo, blockTime, confirmationStatus}]. */
export const getSignaturesForAddress: RpcMethod = (params, ctx) => {
  const address = pubkeyParam(params[0]);
  const config = configParam(params[1]);
  const wanted = commitmentParam(config.commitment ?? "finalized");
  if (wanted === "processed") throw new RpcError(INVALID_PARAMS, "Method does not support commitment below `confirmed`");
  const slot = ctx.ledger.slots.slot();
  const before = config.before === undefined ? undefined : signatureParam(config.before);
  const until = config.until === undefined ? undefined : signatureParam(config.until);
  // The commitment filter runs inside the paging, so `limit` counts only the signatures the answer may show.
  const visible = (r: TxRecord) => satisfies(commitmentAt(r.slot, slot), wanted);
  const records = ctx.ledger.txs.signaturesFor(address, { limit: optionalInt(config.limit, "limit") ?? 1000, before, until, visible });
  return records.map((r) => ({
    signature: r.signature,
    slot: r.slot,
    err: r.err,
    memo: null,
    blockTime: r.blockTime,
    confirmationStatus: commitmentAt(r.slot, slot),
  }));
};

function renderTokenBalances(r: TxRecord, when: "pre" | "post", ctx: RpcContext): unknown[] {
  const out: unknown[] = [];
  for (const t of r.tokenAccounts) {
    const acc = t[when];
    const state = acc && decodeTokenAccount(acc);
    if (!acc || !state) continue;
    out.push({
      accountIndex: t.accountIndex,
      mint: state.mint,
      owner: state.owner,
      programId: acc.owner,
      uiTokenAmount: tokenAmount(state.amount, mintDecimals(ctx.ledger.accounts.get(state.mint))),
    });
  }
  return out;
}

/** The getTransaction "json" shape of a record. */
export function renderTransaction(r: TxRecord, ctx: RpcContext): unknown {
  return {
    slot: r.slot,
    blockTime: r.blockTime,
    version: r.version,
    transaction: {
      signatures: r.signatures,
      message: {
        accountKeys: r.accountKeys,
        header: r.header,
        instructions: r.instructions.map((ix) => ({ ...ix, data: bs58.encode(ix.data), stackHeight: null })),
        recentBlockhash: r.recentBlockhash,
        ...(r.version === 0 ? { addressTableLookups: [] } : {}),
      },
    },
    meta: {
      err: r.err,
      status: r.err === null ? { Ok: null } : { Err: r.err },
      fee: Number(r.fee),
      preBalances: Array.from(r.preBalances, Number),
      postBalances: Array.from(r.postBalances, Number),
      innerInstructions: r.innerInstructions.map((g) => ({
        index: g.index,
        instructions: g.instructions.map((ix) => ({ ...ix, data: bs58.encode(ix.data), stackHeight: 2 })),
      })),
      logMessages: r.logs,
      preTokenBalances: renderTokenBalances(r, "pre", ctx),
      postTokenBalances: renderTokenBalances(r, "post", ctx),
      rewards: [],
      loadedAddresses: { writable: [], readonly: [] },
      computeUnitsConsumed: r.computeUnitsConsumed,
    },
  };
}

/** getTransaction (encoding json) -> the transaction with meta, or null until it is confirmed. */
export const getTransaction: RpcMethod = (params, ctx: RpcContext) => {
  const sig = signatureParam(params[0]);
  const config = typeof params[1] === "string" ? { encoding: params[1] } : configParam(params[1]);
  if (config.encoding !== undefined && config.encoding !== "json") {
    throw new RpcError(INVALID_PARAMS, `Invalid params: the simulator serves encoding "json" only`);
  }
  const wanted = commitmentParam(config.commitment ?? "finalized");
  if (wanted === "processed") throw new RpcError(INVALID_PARAMS, "Method does not support commitment below `confirmed`");
  const r = ctx.ledger.txs.get(sig);
  if (!r || !satisfies(commitmentAt(r.slot, ctx.ledger.slots.slot()), wanted)) return null;
  if (r.version === 0 && config.maxSupportedTransactionVersion === undefined) {
    throw new RpcError(
      -32015,
      'Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0',
    );
  }
  return renderTransaction(r, ctx);
};

/** requestAirdrop -> signature of a landed faucet transfer. */
export const requestAirdrop: RpcMethod = (params, ctx) => {
  const to = pubkeyParam(params[0]);
  const lamports = params[1];
  if (typeof lamports !== "number" || !Number.isSafeInteger(lamports) || lamports <= 0) {
    throw new RpcError(INVALID_PARAMS, "Invalid params: lamports must be a positive integer");
  }
  return ctx.chain.airdrop(to, BigInt(lamports)).signature;
};
