import bs58 from "bs58";
import type { Account } from "../../ledger/accounts.ts";
import { decodeTokenAccount, mintDecimals } from "../../ledger/tokens.ts";
import { INVALID_PARAMS, RpcError } from "../protocol.ts";
import { configParam, positional, pubkeyParam } from "../params.ts";
import { withContext, type RpcMethod } from "../context.ts";

/** rentEpoch of every account (u64::MAX, as rent-exempt accounts report); a JSON number. */
const RENT_EPOCH = 18446744073709551615;

/** A `dataSlice` config: the bytes [offset, offset + length) of the data. */
export type DataSlice = { offset: number; length: number } | undefined;

function sliceParam(config: Record<string, unknown>): DataSlice {
  const s = config.dataSlice;
  if (s === undefined || s === null) return undefined;
  const { offset, length } = s as { offset?: unknown; length?: unknown };
  if (typeof offset !== "number" || typeof length !== "number" || offset < 0 || length < 0) {
    throw new RpcError(INVALID_PARAMS, "Invalid params: dataSlice needs non-negative offset and length");
  }
  return { offset, length };
}

/** The account shape of getAccountInfo / accountNotification (data base64 or base58, optionally sliced). */
export function renderAccount(acc: Account | undefined, encoding: string, slice?: DataSlice): unknown {
  if (!acc) return null;
  const bytes = slice ? acc.data.subarray(slice.offset, slice.offset + slice.length) : acc.data;
  const data = encoding === "base58" ? [bs58.encode(bytes), "base58"] : [Buffer.from(bytes).toString("base64"), "base64"];
  return {
    data,
    executable: acc.executable,
    lamports: Number(acc.lamports),
    owner: acc.owner,
    rentEpoch: RENT_EPOCH,
    space: acc.data.length,
  };
}

function encodingOf(config: Record<string, unknown>): string {
  const enc = config.encoding ?? "base64";
  if (enc === "base64" || enc === "base58" || enc === "jsonParsed") return enc === "base58" ? "base58" : "base64";
  throw new RpcError(INVALID_PARAMS, `Invalid params: unsupported encoding ${String(enc)}`);
}

/** getAccountInfo -> {context, value: account | null}. */
export const getAccountInfo: RpcMethod = (params, ctx) => {
  const key = pubkeyParam(params[0]);
  const config = configParam(params[1]);
  return withContext(ctx, renderAccount(ctx.ledger.accounts.get(key), encodingOf(config), sliceParam(config)));
};

/** getMultipleAccounts -> {context, value: (account | null)[]} (at most 100 keys, as real nodes). */
export const getMultipleAccounts: RpcMethod = (params, ctx) => {
  const keys = params[0];
  if (!Array.isArray(keys)) throw new RpcError(INVALID_PARAMS, "Invalid params: expected an array of pubkeys");
  if (keys.length > 100) throw new RpcError(INVALID_PARAMS, "Too many inputs provided; max 100");
  const config = configParam(params[1]);
  const enc = encodingOf(config);
  const slice = sliceParam(config);
  return withContext(ctx, keys.map((k) => renderAccount(ctx.ledger.accounts.get(pubkeyParam(k)), enc, slice)));
};

/** getBalance -> {context, value: lamports}. */
export const getBalance: RpcMethod = (params, ctx) => {
  const key = pubkeyParam(positional(params)[0]);
  return withContext(ctx, Number(ctx.ledger.accounts.lamports(key)));
};

/** UI amount string of base units with `decimals` (no float rounding). */
export function uiAmountString(amount: bigint, decimals: number): string {
  const s = amount.toString().padStart(decimals + 1, "0");
  const whole = s.slice(0, s.length - decimals);
  const frac = s.slice(s.length - decimals).replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole;
}

/** The `uiTokenAmount` / getTokenAccountBalance value shape. */
export function tokenAmount(amount: bigint, decimals: number): Record<string, unknown> {
  const ui = uiAmountString(amount, decimals);
  return { amount: amount.toString(), decimals, uiAmount: Number(ui), uiAmountString: ui };
}

/** getTokenAccountBalance -> {context, value:{amount, decimals, uiAmount, uiAmountString}}. */
export const getTokenAccountBalance: RpcMethod = (params, ctx) => {
  const key = pubkeyParam(positional(params)[0]);
  const acc = ctx.ledger.accounts.get(key);
  const state = acc && decodeTokenAccount(acc);
  if (!state) throw new RpcError(INVALID_PARAMS, "Invalid param: could not find account");
  return withContext(ctx, tokenAmount(state.amount, mintDecimals(ctx.ledger.accounts.get(state.mint))));
};
