import type { StagedAccounts } from "../ledger/accounts.ts";
import type { CompiledIx } from "../ledger/transactions.ts";

/** An instruction-level error as the runtime reports it inside `{InstructionError:[index, <this>]}`. */
export type InstructionErr = string | { Custom: number };

/** What a program handler sees of the instruction it executes. */
export interface IxContext {
  index: number;
  programId: string;
  /** The instruction's accounts, resolved to pubkeys. */
  accounts: string[];
  data: Uint8Array;
  isSigner(pubkey: string): boolean;
  isWritable(pubkey: string): boolean;
  /** Staged writes of this transaction. */
  state: StagedAccounts;
  /** Log lines of this instruction (the runtime adds invoke / consumed / success lines around them). */
  logs: string[];
  /** Inner instructions (CPIs) recorded for getTransaction; indexes into the message's account keys. */
  inner: CompiledIx[];
  /** Index of a pubkey in the message's account keys (-1 if absent). */
  keyIndex(pubkey: string): number;
  slot: number;
  /** Unix seconds. */
  blockTime: number;
  /** Compute units left for this instruction (for the "consumed X of Y" line). */
  unitsAvailable: number;
  /** What happened, for the referee and the market API (pump trades, launches, completions). */
  effects: SimEffect[];
}

/** A business-level effect of an instruction. Amounts in lamports / token base units. */
export type SimEffect =
  | { kind: "create"; mint: string; creator: string; bondingCurve: string }
  | {
      kind: "trade";
      mint: string;
      user: string;
      isBuy: boolean;
      solAmount: bigint;
      tokenAmount: bigint;
      fee: bigint;
      creatorFee: bigint;
    }
  | { kind: "complete"; mint: string; user: string };

/** The result of one instruction. */
export type IxOutcome = { ok: true; units: number } | { ok: false; error: InstructionErr; units: number };

/** A program the runtime can execute. `builtin` programs log no "consumed" line (like the real runtime). */
export interface ProgramHandler {
  builtin: boolean;
  execute(ctx: IxContext): IxOutcome;
}
