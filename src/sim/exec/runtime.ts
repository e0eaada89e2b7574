import type { Ledger } from "../ledger/index.ts";
import type { StagedAccounts } from "../ledger/accounts.ts";
import { isTokenProgram } from "../ledger/tokens.ts";
import type { CompiledIx, TxError, TxRecord } from "../ledger/transactions.ts";
import { readComputeBudget, transactionFee } from "./compute-budget.ts";
import type { InstructionErr, IxContext, ProgramHandler, SimEffect } from "./context.ts";
import { isSignerIndex, isWritableIndex, type ParsedTx } from "./parse.ts";

/** The outcome of executing a transaction against staged state (nothing is committed yet). */
export interface Execution {
  tx: ParsedTx;
  err: TxError | null;
  logs: string[];
  fee: bigint;
  unitsConsumed: number;
  computeUnitPrice: bigint;
  innerInstructions: { index: number; instructions: CompiledIx[] }[];
  effects: SimEffect[];
  /** Fee deduction (kept even when instructions fail). */
  feeStage: StagedAccounts;
  /** Instruction writes on top of feeStage (dropped on failure). */
  ixStage: StagedAccounts;
}

/** Renders an instruction error as the runtime's "failed:" log suffix. */
function failureText(error: InstructionErr): string {
  if (typeof error === "object") return `custom program error: 0x${error.Custom.toString(16)}`;
  const words: Record<string, string> = {
    InvalidInstructionData: "invalid instruction data",
    NotEnoughAccountKeys: "insufficient account keys for instruction",
    MissingRequiredSignature: "missing required signature for instruction",
    InvalidAccountData: "invalid account data for instruction",
    IncorrectProgramId: "incorrect program id for instruction",
    InvalidSeeds: "Provided seeds do not result in a valid address",
    IllegalOwner: "Provided owner is not allowed",
    ProgramFailedToComplete: "Program failed to complete",
  };
  return words[error] ?? error;
}

/** Executes `tx` on staged state: fee first, then each instruction; stops at the first failure. */
export function execute(ledger: Ledger, programs: ReadonlyMap<string, ProgramHandler>, tx: ParsedTx): Execution {
  const budget = readComputeBudget(tx);
  const fee = transactionFee(tx.header.numRequiredSignatures, budget);
  const feeStage = ledger.accounts.stage();
  const payer = tx.accountKeys[0]!;
  feeStage.addLamports(payer, -fee);
  const ixStage = feeStage.stage();
  const logs: string[] = [];
  const innerInstructions: Execution["innerInstructions"] = [];
  const effects: SimEffect[] = [];
  const keyIndex = new Map(tx.accountKeys.map((k, i) => [k, i] as const));
  const signer = (k: string): boolean => {
    const i = keyIndex.get(k);
    return i !== undefined && isSignerIndex(tx, i);
  };
  const writable = (k: string): boolean => {
    const i = keyIndex.get(k);
    return i !== undefined && isWritableIndex(tx, i);
  };
  let units = 0;
  let err: TxError | null = null;
  for (let index = 0; index < tx.instructions.length; index++) {
    const ix = tx.instructions[index]!;
    const programId = tx.accountKeys[ix.programIdIndex]!;
    const program = programs.get(programId);
    if (!program) {
      err = "ProgramAccountNotFound";
      break;
    }
    const available = budget.unitLimit - units;
    const ctx: IxContext = {
      index,
      programId,
      accounts: ix.accounts.map((a) => tx.accountKeys[a] ?? ""),
      data: ix.data,
      isSigner: signer,
      isWritable: writable,
      state: ixStage,
      logs: [],
      inner: [],
      keyIndex: (k) => keyIndex.get(k) ?? -1,
      slot: ledger.slots.slot(),
      blockTime: ledger.blockTime(),
      unitsAvailable: available,
      effects,
    };
    logs.push(`Program ${programId} invoke [1]`);
    const out = program.execute(ctx);
    logs.push(...ctx.logs);
    units += out.units;
    if (!program.builtin) logs.push(`Program ${programId} consumed ${out.units} of ${available} compute units`);
    if (ctx.inner.length > 0) innerInstructions.push({ index, instructions: ctx.inner });
    if (!out.ok) {
      logs.push(`Program ${programId} failed: ${failureText(out.error)}`);
      err = { InstructionError: [index, out.error] };
      break;
    }
    logs.push(`Program ${programId} success`);
  }
  if (err !== null) effects.length = 0;
  return { tx, err, logs, fee, unitsConsumed: units, computeUnitPrice: budget.microLamportsPerUnit, innerInstructions, effects, feeStage, ixStage };
}


/**
 * Commits an execution (instruction writes only on success; the fee always) and returns the record
 * to land. `logs` may differ from the execution's (log truncation).
 */
export function commitExecution(ledger: Ledger, ex: Execution, logs: string[] = ex.logs): TxRecord {
  const { tx } = ex;
  const store = ledger.accounts;
  const preAccounts = tx.accountKeys.map((k) => store.get(k));
  if (ex.err === null) ex.ixStage.commit();
  ex.feeStage.commit();
  const tokenAccounts: TxRecord["tokenAccounts"] = [];
  const postBalances: bigint[] = [];
  tx.accountKeys.forEach((k, accountIndex) => {
    const post = store.get(k);
    const pre = preAccounts[accountIndex];
    postBalances.push(post?.lamports ?? 0n);
    if ((pre && isTokenProgram(pre.owner)) || (post && isTokenProgram(post.owner))) tokenAccounts.push({ accountIndex, pre, post });
  });
  return {
    signature: tx.signature,
    signatures: tx.signatures,
    slot: ledger.slots.slot(),
    blockTime: ledger.blockTime(),
    err: ex.err,
    fee: ex.fee,
    version: tx.version,
    header: tx.header,
    accountKeys: tx.accountKeys,
    recentBlockhash: tx.recentBlockhash,
    instructions: tx.instructions,
    innerInstructions: ex.innerInstructions,
    logs,
    preBalances: preAccounts.map((a) => a?.lamports ?? 0n),
    postBalances,
    tokenAccounts,
    computeUnitsConsumed: ex.unitsConsumed,
    computeUnitPrice: ex.computeUnitPrice,
  };
}
