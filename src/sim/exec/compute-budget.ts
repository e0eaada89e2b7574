import type { ParsedTx } from "./parse.ts";
import { COMPUTE_BUDGET_PROGRAM_ID } from "../chain.ts";

/** Base fee per signature. */
export const LAMPORTS_PER_SIGNATURE = 5000n;
/** Default compute units per non-compute-budget instruction, and the transaction maximum. */
export const DEFAULT_UNITS_PER_IX = 200_000;
export const MAX_UNITS = 1_400_000;

/** The compute budget a transaction asked for. */
export interface ComputeBudget {
  unitLimit: number;
  microLamportsPerUnit: bigint;
}

/** Reads SetComputeUnitLimit (2, u32) and SetComputeUnitPrice (3, u64 micro-lamports) instructions. */
export function readComputeBudget(tx: ParsedTx): ComputeBudget {
  let limit: number | undefined;
  let price = 0n;
  let others = 0;
  for (const ix of tx.instructions) {
    if (tx.accountKeys[ix.programIdIndex] !== COMPUTE_BUDGET_PROGRAM_ID) {
      others++;
      continue;
    }
    const d = ix.data;
    const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
    if (d[0] === 2 && d.length >= 5) limit = view.getUint32(1, true);
    else if (d[0] === 3 && d.length >= 9) price = view.getBigUint64(1, true);
  }
  const unitLimit = Math.min(limit ?? DEFAULT_UNITS_PER_IX * Math.max(others, 1), MAX_UNITS);
  return { unitLimit, microLamportsPerUnit: price };
}

/** Total fee: 5000 lamports per signature + ceil(unit limit * price / 1e6). */
export function transactionFee(signatures: number, budget: ComputeBudget): bigint {
  const priority = (BigInt(budget.unitLimit) * budget.microLamportsPerUnit + 999_999n) / 1_000_000n;
  return LAMPORTS_PER_SIGNATURE * BigInt(signatures) + priority;
}
