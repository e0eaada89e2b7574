import type { Ledger } from "../ledger/index.ts";
import type { Account, StagedAccounts } from "../ledger/accounts.ts";
import { isTokenProgram } from "../ledger/tokens.ts";
import type { CompiledIx, TxError, TxRecord } from "../ledger/transactions.ts";
import { readComputeBudget, transactionFee } from "./compute-budget.ts";
import type { InstructionErr, IxContext, ProgramHandler, SimEffect } from "./context.ts";
import { consumedLine, invokeLine, successLine } from "../fast.ts";
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
  /** Position of each account key in the message. */
  keyIndex: ReadonlyMap<string, number>;
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
  const keyIndex = tx.keyIndex ?? new Map(tx.accountKeys.map((k, i) => [k, i] as const));
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
    logs.push(invokeLine(programId, 1));
    const out = program.execute(ctx);
    logs.push(...ctx.logs);
    units += out.units;
    if (!program.builtin) logs.push(consumedLine(programId, out.units, available));
    if (ctx.inner.length > 0) innerInstructions.push({ index, instructions: ctx.inner });
    if (!out.ok) {
      logs.push(`Program ${programId} failed: ${failureText(out.error)}`);
      err = { InstructionError: [index, out.error] };
      break;
    }
    logs.push(successLine(programId));
  }
  if (err !== null) effects.length = 0;
  return { tx, err, logs, fee, unitsConsumed: units, computeUnitPrice: budget.microLamportsPerUnit, innerInstructions, effects, feeStage, ixStage, keyIndex };
}


/**
 * Commits an execution (instruction writes only on success; the fee always) and returns the record
 * to land. `logs` may differ from the execution's (log truncation).
 */
export function commitExecution(ledger: Ledger, ex: Execution, logs: string[] = ex.logs): TxRecord {
  const { tx } = ex;
  const store = ledger.accounts;
  const keys = tx.accountKeys;
  const n = keys.length;
  const preAccounts: (Account | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) preAccounts[i] = store.get(keys[i]!);
  // After the commit an account is its staged write (instruction writes over the fee's), else unchanged.
  const postAccounts = preAccounts.slice();
  const keyIndex = ex.keyIndex;
  const apply = (k: string, a: Account): void => {
    const i = keyIndex.get(k);
    if (i !== undefined) postAccounts[i] = a;
  };
  ex.feeStage.forEachWrite(apply);
  if (ex.err === null) {
    ex.ixStage.forEachWrite(apply);
    ex.ixStage.commit();
  }
  ex.feeStage.commit();
  if (keyIndex.size !== n) for (let i = 0; i < n; i++) postAccounts[i] = store.get(keys[i]!); // a key listed twice
  const tokenAccounts: TxRecord["tokenAccounts"] = [];
  // Typed arrays: a record is kept for backfill, and 2 x N boxed bigints per record weigh on the GC.
  const preBalances = new BigUint64Array(n);
  const postBalances = new BigUint64Array(n);
  for (let accountIndex = 0; accountIndex < n; accountIndex++) {
    const post = postAccounts[accountIndex];
    const pre = preAccounts[accountIndex];
    if (pre) preBalances[accountIndex] = pre.lamports;
    if (post) postBalances[accountIndex] = post.lamports;
    if ((pre && isTokenProgram(pre.owner)) || (post && isTokenProgram(post.owner))) tokenAccounts.push({ accountIndex, pre, post });
  }
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
    preBalances,
    postBalances,
    tokenAccounts,
    computeUnitsConsumed: ex.unitsConsumed,
    computeUnitPrice: ex.computeUnitPrice,
  };
}
