import { createHash } from "node:crypto";
import bs58 from "bs58";
import type { Clock } from "../../clock.ts";
import { seededRng, type Rng } from "../../rng.ts";
import { SYSTEM_PROGRAM_ID } from "../chain.ts";
import { ataProgram } from "../exec/ata.ts";
import type { ProgramHandler } from "../exec/context.ts";
import { compileSynthetic } from "./synthetic.ts";
import { SignatureSource } from "../fast.ts";
import type { ParsedTx } from "../exec/parse.ts";
import type { RawInstruction } from "../../chain/raw-ix.ts";
import { execute } from "../exec/runtime.ts";
import { landExecution, type LandedTx, type SubmitDeps } from "../exec/submit.ts";
import { systemProgram } from "../exec/system.ts";
import { tokenProgram } from "../exec/token.ts";
import type { FaultPolicy } from "../hooks.ts";
import { Ledger, type Scheduler, type TxRecord } from "../ledger/index.ts";
import { PrioFeeTracker } from "../ledger/prio-fees.ts";
import { ASSOCIATED_TOKEN_PROGRAM_ID, COMPUTE_BUDGET_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "../chain.ts";

/** Who caused a landed transaction: a client through sendTransaction, or the simulator itself. */
export type TxOrigin = "wallet" | "market";

/** Options of the simulated chain. */
export interface SimChainOptions {
  seed: number;
  slotMs: number;
  clock: Clock;
  scheduler: Scheduler;
  faults: FaultPolicy;
  /** Bound on landed transaction records (see LedgerOptions.maxTxRecords). */
  maxTxRecords?: number;
}

/** The faucet paying airdrops (a fixed, unspendable address). */
export const FAUCET = bs58.encode(createHash("sha256").update("sim-faucet").digest());

const computeBudgetProgram: ProgramHandler = { builtin: true, execute: () => ({ ok: true, units: 150 }) };

/** The ledger plus the programs and the transaction pipeline: everything below the RPC layer. */
export class SimChain {
  readonly ledger: Ledger;
  readonly programs = new Map<string, ProgramHandler>([
    [SYSTEM_PROGRAM_ID, systemProgram],
    [COMPUTE_BUDGET_PROGRAM_ID, computeBudgetProgram],
    [ASSOCIATED_TOKEN_PROGRAM_ID, ataProgram],
    [TOKEN_PROGRAM_ID, tokenProgram(TOKEN_PROGRAM_ID)],
    [TOKEN_2022_PROGRAM_ID, tokenProgram(TOKEN_2022_PROGRAM_ID)],
  ]);
  readonly prioFees = new PrioFeeTracker();
  readonly rng: Rng;
  private readonly signatures: SignatureSource;
  /** Pipeline for client transactions (sendTransaction). */
  readonly walletDeps: SubmitDeps;
  /** Pipeline for transactions the simulator lands itself (market, airdrops). */
  readonly marketDeps: SubmitDeps;
  private readonly listeners = new Set<(landed: LandedTx, origin: TxOrigin) => void>();

  constructor(readonly options: SimChainOptions) {
    this.ledger = new Ledger(options);
    this.rng = seededRng(options.seed ^ 0x5eed);
    this.signatures = new SignatureSource(seededRng(options.seed ^ 0x5197).next);
    this.ledger.accounts.credit(FAUCET, 10n ** 18n);
    const deps = (origin: TxOrigin): SubmitDeps => ({
      ledger: this.ledger,
      programs: this.programs,
      faults: options.faults,
      onLanded: (landed) => {
        this.prioFees.record(landed.record.slot, landed.record.computeUnitPrice);
        for (const l of this.listeners) l(landed, origin);
      },
    });
    this.walletDeps = deps("wallet");
    this.marketDeps = deps("market");
  }

  /** Registers a program handler. */
  register(programId: string, handler: ProgramHandler): void {
    this.programs.set(programId, handler);
  }

  /** Calls `fn` for every landed transaction with its origin; returns an unsubscribe function. */
  onLanded(fn: (landed: LandedTx, origin: TxOrigin) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** A fresh signature for a simulator-made transaction (seeded, unique within this chain). */
  randomSignature(): string {
    return this.signatures.next();
  }

  /** Executes and lands a simulator-made transaction now (signatures are made up, never checked). */
  landSynthetic(payer: string, instructions: readonly RawInstruction[]): LandedTx {
    return this.landCompiled(compileSynthetic(payer, instructions, this.ledger.slots.latestBlockhash(), () => this.randomSignature()));
  }

  /** Executes and lands an already compiled simulator-made transaction now. */
  landCompiled(tx: ParsedTx): LandedTx {
    const ex = execute(this.ledger, this.programs, tx);
    const effects = ex.effects.slice();
    const record = landExecution(this.marketDeps, ex);
    return { record, effects };
  }

  /** Lands a faucet transfer of `lamports` to `to` (requestAirdrop). */
  airdrop(to: string, lamports: bigint): TxRecord {
    const data = new Uint8Array(12);
    const view = new DataView(data.buffer);
    view.setUint32(0, 2, true);
    view.setBigUint64(4, lamports, true);
    const keys = [
      { pubkey: FAUCET, isSigner: true, isWritable: true },
      { pubkey: to, isSigner: false, isWritable: true },
    ];
    return this.landSynthetic(FAUCET, [{ programId: SYSTEM_PROGRAM_ID, keys, data }]).record;
  }
}
