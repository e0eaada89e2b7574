import type { FaultPolicy } from "../hooks.ts";
import type { Ledger } from "../ledger/index.ts";
import type { TxError, TxRecord } from "../ledger/transactions.ts";
import type { ProgramHandler, SimEffect } from "./context.ts";
import { commitExecution, execute, type Execution } from "./runtime.ts";
import { parseWireTransaction, TxParseError, type ParsedTx } from "./parse.ts";
import { verifyTxSignatures } from "./verify.ts";

/** JSON-RPC error codes of sendTransaction (as a real node answers). */
export const RPC_PREFLIGHT_FAILURE = -32002;
export const RPC_SIGNATURE_VERIFICATION_FAILURE = -32003;
export const RPC_INVALID_PARAMS = -32602;

/** An RPC-level rejection (nothing landed). */
export interface SubmitRejection {
  ok: false;
  code: number;
  message: string;
  data?: unknown;
}

/** sendTransaction's outcome. */
export type SubmitResult = { ok: true; signature: string; landed: TxRecord | null } | SubmitRejection;

/** What a landed transaction did, for listeners (referee, api). */
export interface LandedTx {
  record: TxRecord;
  effects: SimEffect[];
}

/** Turns a preflight error into the message a real node gives. */
function preflightMessage(err: TxError): string {
  if (typeof err === "string") {
    const words: Record<string, string> = {
      BlockhashNotFound: "Blockhash not found",
      InsufficientFundsForFee: "Attempt to debit an account but found no record of a prior credit.",
      ProgramAccountNotFound: "Attempt to load a program that does not exist",
    };
    return `Transaction simulation failed: ${words[err] ?? err}`;
  }
  const ie = (err as { InstructionError?: [number, unknown] }).InstructionError;
  if (ie) {
    const [idx, e] = ie;
    const detail =
      typeof e === "object" && e !== null && "Custom" in e
        ? `custom program error: 0x${(e as { Custom: number }).Custom.toString(16)}`
        : String(e);
    return `Transaction simulation failed: Error processing Instruction ${idx}: ${detail}`;
  }
  return `Transaction simulation failed: ${JSON.stringify(err)}`;
}

function preflightRejection(err: TxError, logs: string[], unitsConsumed = 0): SubmitRejection {
  return {
    ok: false,
    code: RPC_PREFLIGHT_FAILURE,
    message: preflightMessage(err),
    data: { err, logs, accounts: null, unitsConsumed, returnData: null, innerInstructions: null },
  };
}

/** Dependencies of the transaction pipeline. */
export interface SubmitDeps {
  ledger: Ledger;
  programs: ReadonlyMap<string, ProgramHandler>;
  faults: FaultPolicy;
  /** Called for every landed transaction (wallet or market). */
  onLanded(landed: LandedTx): void;
}

/** Decodes base64 wire bytes into a parsed transaction or a -32602 rejection. */
export function decodeWire(base64: string): ParsedTx | SubmitRejection {
  try {
    return parseWireTransaction(Buffer.from(base64, "base64"));
  } catch (e) {
    const msg = e instanceof TxParseError ? e.message : String(e);
    return { ok: false, code: RPC_INVALID_PARAMS, message: `invalid transaction: ${msg}` };
  }
}

/** Checks every send must pass before execution: blockhash, signatures, fee funds. */
function precheck(deps: SubmitDeps, tx: ParsedTx, verify: boolean): SubmitRejection | null {
  if (!deps.ledger.slots.isValidBlockhash(tx.recentBlockhash)) return preflightRejection("BlockhashNotFound", []);
  if (verify && !verifyTxSignatures(tx)) {
    return { ok: false, code: RPC_SIGNATURE_VERIFICATION_FAILURE, message: "Transaction signature verification failure" };
  }
  return null;
}

/** Lands an execution: commits it, applies log truncation faults, records it, notifies. */
export function landExecution(deps: SubmitDeps, ex: Execution): TxRecord {
  let logs = ex.logs;
  let dataAt = -1;
  for (let i = 0; i < logs.length; i++) {
    if (logs[i]!.startsWith("Program data: ")) {
      dataAt = i;
      break;
    }
  }
  if (dataAt >= 0 && deps.faults.truncateLogs()) logs = [...logs.slice(0, dataAt), "Log truncated"];
  const record = commitExecution(deps.ledger, ex, logs);
  deps.ledger.land(record);
  deps.onLanded({ record, effects: ex.effects });
  return record;
}

/** sendTransaction: dedup, checks, fault fate, preflight (unless skipped), execution, landing. */
export function submitTransaction(deps: SubmitDeps, tx: ParsedTx, opts: { skipPreflight: boolean }): SubmitResult {
  if (deps.ledger.txs.seen(tx.signature)) return { ok: true, signature: tx.signature, landed: null };
  const rejected = precheck(deps, tx, true);
  if (rejected) return rejected;
  const payer = tx.accountKeys[0]!;
  const ex = execute(deps.ledger, deps.programs, tx);
  if (deps.ledger.accounts.lamports(payer) < ex.fee) return preflightRejection("InsufficientFundsForFee", []);
  if (ex.err !== null && !opts.skipPreflight) return preflightRejection(ex.err, ex.logs, ex.unitsConsumed);
  const fate = deps.faults.onSendTransaction(tx.signature);
  if (fate === "never-land") {
    deps.ledger.txs.markDropped(tx.signature);
    return { ok: true, signature: tx.signature, landed: null };
  }
  if (fate === "fail" && ex.err === null) {
    ex.err = { InstructionError: [Math.max(0, tx.instructions.length - 1), "ProgramFailedToComplete"] };
    ex.logs.push("Program failed to complete");
    ex.effects.length = 0;
  }
  return { ok: true, signature: tx.signature, landed: landExecution(deps, ex) };
}

/** simulateTransaction: executes without committing (signature check optional, like sigVerify). */
export function simulateTransaction(
  deps: SubmitDeps,
  tx: ParsedTx,
  opts: { sigVerify: boolean; replaceRecentBlockhash: boolean },
): { err: TxError | null; logs: string[]; unitsConsumed: number } | SubmitRejection {
  if (!opts.replaceRecentBlockhash) {
    if (!deps.ledger.slots.isValidBlockhash(tx.recentBlockhash)) return { err: "BlockhashNotFound", logs: [], unitsConsumed: 0 };
  }
  if (opts.sigVerify && !verifyTxSignatures(tx)) {
    return { ok: false, code: RPC_SIGNATURE_VERIFICATION_FAILURE, message: "Transaction signature verification failure" };
  }
  const ex = execute(deps.ledger, deps.programs, tx);
  if (deps.ledger.accounts.lamports(tx.accountKeys[0]!) < ex.fee) return { err: "InsufficientFundsForFee", logs: [], unitsConsumed: 0 };
  return { err: ex.err, logs: ex.logs, unitsConsumed: ex.unitsConsumed };
}
