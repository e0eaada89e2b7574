import bs58 from "bs58";
import { INVALID_PARAMS, RpcError } from "./protocol.ts";

/** Positional params (objects are rejected: Solana RPC is positional). */
export function positional(params: unknown[] | Record<string, unknown>): unknown[] {
  if (!Array.isArray(params)) throw new RpcError(INVALID_PARAMS, "Invalid params: expected an array");
  return params;
}

/** A base58 pubkey param. */
export function pubkeyParam(v: unknown): string {
  if (typeof v !== "string") throw new RpcError(INVALID_PARAMS, "Invalid params: expected a base58 pubkey string");
  let bytes: Uint8Array;
  try {
    bytes = bs58.decode(v);
  } catch {
    throw new RpcError(INVALID_PARAMS, `Invalid param: Invalid`);
  }
  if (bytes.length !== 32) throw new RpcError(INVALID_PARAMS, "Invalid param: WrongSize");
  return v;
}

/** A base58 signature param. */
export function signatureParam(v: unknown): string {
  if (typeof v !== "string") throw new RpcError(INVALID_PARAMS, "Invalid params: expected a base58 signature string");
  let bytes: Uint8Array;
  try {
    bytes = bs58.decode(v);
  } catch {
    throw new RpcError(INVALID_PARAMS, "Invalid param: Invalid");
  }
  if (bytes.length !== 64) throw new RpcError(INVALID_PARAMS, "Invalid param: WrongSize");
  return v;
}

/** An optional config object param. */
export function configParam(v: unknown): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v)) throw new RpcError(INVALID_PARAMS, "Invalid params: expected a config object");
  return v as Record<string, unknown>;
}

/** An optional non-negative integer. */
export function optionalInt(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new RpcError(INVALID_PARAMS, `Invalid params: ${name} must be a non-negative integer`);
  return v;
}

/** An optional commitment. */
export function commitmentParam(v: unknown): "processed" | "confirmed" | "finalized" {
  if (v === undefined || v === null) return "finalized";
  if (v === "processed" || v === "confirmed" || v === "finalized") return v;
  if (v === "recent") return "processed";
  if (v === "single" || v === "singleGossip") return "confirmed";
  if (v === "root" || v === "max") return "finalized";
  throw new RpcError(INVALID_PARAMS, "Invalid params: unknown commitment");
}
