/** ComputeBudget instructions: SetComputeUnitLimit (tag 2, u32) and SetComputeUnitPrice (tag 3, u64 micro-lamports). */
import type { TransactionInstruction } from "@solana/web3.js";
import { COMPUTE_BUDGET_PROGRAM_ID } from "./pump/constants.ts";
import { PumpDecodeError, PumpEncodeError } from "./pump/errors.ts";
import { toTransactionInstruction, type RawInstruction } from "./raw-ix.ts";

const SET_LIMIT = 2;
const SET_PRICE = 3;

/** SetComputeUnitLimit as plain data. */
export function computeUnitLimitRaw(units: number): RawInstruction {
  if (!Number.isInteger(units) || units < 0 || units > 0xffffffff) throw new PumpEncodeError("compute unit limit out of range", { units });
  const data = new Uint8Array(5);
  data[0] = SET_LIMIT;
  new DataView(data.buffer).setUint32(1, units, true);
  return { programId: COMPUTE_BUDGET_PROGRAM_ID, keys: [], data };
}

/** SetComputeUnitPrice as plain data (priority fee in micro-lamports per CU). */
export function computeUnitPriceRaw(microLamports: bigint | number): RawInstruction {
  const v = BigInt(microLamports);
  if (v < 0n || v >= 1n << 64n) throw new PumpEncodeError("compute unit price out of range", { microLamports: v.toString() });
  const data = new Uint8Array(9);
  data[0] = SET_PRICE;
  new DataView(data.buffer).setBigUint64(1, v, true);
  return { programId: COMPUTE_BUDGET_PROGRAM_ID, keys: [], data };
}

/** SetComputeUnitLimit as a web3.js instruction. */
export function buildSetComputeUnitLimitInstruction(units: number): TransactionInstruction {
  return toTransactionInstruction(computeUnitLimitRaw(units));
}

/** SetComputeUnitPrice as a web3.js instruction. */
export function buildSetComputeUnitPriceInstruction(microLamports: bigint | number): TransactionInstruction {
  return toTransactionInstruction(computeUnitPriceRaw(microLamports));
}

/** A decoded ComputeBudget instruction this codec knows. */
export type ComputeBudgetInstruction =
  | { name: "setComputeUnitLimit"; units: number }
  | { name: "setComputeUnitPrice"; microLamports: bigint };

/** Decodes ComputeBudget instruction data; throws PumpDecodeError for other tags or short data. */
export function decodeComputeBudgetInstruction(data: Uint8Array): ComputeBudgetInstruction {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data[0] === SET_LIMIT && data.length >= 5) return { name: "setComputeUnitLimit", units: view.getUint32(1, true) };
  if (data[0] === SET_PRICE && data.length >= 9) return { name: "setComputeUnitPrice", microLamports: view.getBigUint64(1, true) };
  throw new PumpDecodeError(data.length === 0 ? "truncated" : "discriminator", "not a known ComputeBudget instruction", { tag: data[0] ?? null, bytes: data.length });
}
