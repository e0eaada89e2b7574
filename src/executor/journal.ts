/**
 * The order journal the executor writes through: an intent is recorded (durably) before its first
 * transaction is sent, each later attempt before its send, then the outcome. The lead wires the SQLite
 * history store behind this interface; {@link MemoryJournal} serves tests and paper runs.
 */
import { TextSet } from "../text-set.ts";

/** Where an intent stands. `expired`: no attempt landed and the last blockhash expired. */
export type IntentStatus = "pending" | "sent" | "confirmed" | "failed" | "expired";

/** One signed transaction of an intent (a retry is a new attempt with a new blockhash and signature). */
export interface IntentAttempt {
  signature: string;
  blockhash: string;
  lastValidBlockHeight: number;
  /** Clock.now() when it was recorded (before its send). */
  at: number;
}

/** What was asked: enough to audit the order and to reconcile it (amounts are bigint). */
export type IntentParams =
  | { side: "buy"; lamports: bigint; minTokensOut: bigint; expectedTokens: bigint; microLamportsPerCu: bigint; computeUnitLimit: number;
      bondingCurve: string; creator: string; tokenProgram: string; launchSignature: string }
  | { side: "sell"; tokens: bigint; minSolOutput: bigint; microLamportsPerCu: bigint; computeUnitLimit: number;
      bondingCurve: string; creator: string; tokenProgram: string; reason: string;
      /** Close the token account after the sell (a full sell; absent in intents journaled before it existed). */
      closeAccount?: boolean };

/** An order intent with its attempts. */
export interface OrderIntent {
  id: string;
  side: "buy" | "sell";
  mint: string;
  positionId?: string;
  /** Clock.now() when recorded. */
  createdAt: number;
  status: IntentStatus;
  params: IntentParams;
  /** Oldest first; never empty. */
  attempts: IntentAttempt[];
}

/** A new intent (status "pending") with its first attempt, as the executor records it before the send. */
export function newIntent(id: string, mint: string, params: IntentParams, positionId: string | undefined, attempt: IntentAttempt): OrderIntent {
  return {
    id,
    side: params.side,
    mint,
    ...(positionId === undefined ? {} : { positionId }),
    createdAt: attempt.at,
    status: "pending",
    params,
    attempts: [attempt],
  };
}

/** The exact fill of a landed order. */
export interface OrderFill {
  signature: string;
  slot: number;
  /** SOL moved on the curve, fees excluded. */
  lamports: bigint;
  tokens: bigint;
  /** Protocol + creator + network (base + priority) fees. */
  feeLamports: bigint;
  /** The same fees by recipient (network = base + priority fee of the transaction). */
  fees: FeeSplit;
  /** True when the landed transaction's TradeEvent could not be read and amounts are the quote's. */
  estimated?: boolean;
}

/** Fees of one fill by recipient. */
export interface FeeSplit {
  protocol: bigint;
  creator: bigint;
  network: bigint;
}

/**
 * Durable record of order intents. Every method is SYNCHRONOUS and durable when it returns (bun:sqlite
 * writes are synchronous): the executor calls `recordIntent` / `recordAttempt` between signing and
 * sending, with no await in between. A method that throws stops that send (the order is refused).
 */
export interface IntentJournal {
  /** Records a new intent with its first attempt (status "pending"). */
  recordIntent(intent: OrderIntent): void;
  /**
   * Optional: does recordIntent's encoding of `intent` into scratch memory and records nothing (the
   * executor's warm-up rehearses a buy with it). Returns the bytes encoded.
   */
  rehearseIntent?(intent: OrderIntent): number;
  /** Appends a retry attempt (before it is sent). */
  recordAttempt(intentId: string, attempt: IntentAttempt): void;
  /** At least one endpoint accepted the attempt with this signature. */
  markSent(intentId: string, signature: string): void;
  markConfirmed(intentId: string, fill: OrderFill): void;
  /** Final failure; `status` "expired" when nothing landed before the last blockhash expired. */
  markFailed(intentId: string, reason: string, status?: "failed" | "expired"): void;
  /** Intents still "pending" or "sent" (crash reconciliation reads these at start). */
  pendingIntents(): OrderIntent[];
  /** True when any buy intent (in any status) exists for `mint`: a mint is never bought twice. */
  hasBuyIntent(mint: string): boolean;
}

/** An in-memory journal (tests, paper mode). Keeps intents by id; `snapshot()` copies them for a "restart". */
export class MemoryJournal implements IntentJournal {
  readonly intents = new Map<string, OrderIntent>();
  readonly fills = new Map<string, OrderFill>();
  readonly reasons = new Map<string, string>();
  private readonly buyMints = new TextSet();

  constructor(seed: Iterable<OrderIntent> = []) {
    for (const i of seed) {
      this.intents.set(i.id, structuredClone(i));
      if (i.side === "buy") this.buyMints.add(i.mint);
    }
  }

  recordIntent(intent: OrderIntent): void {
    if (this.intents.has(intent.id)) throw new Error(`intent ${intent.id} already recorded`);
    this.intents.set(intent.id, { ...intent, attempts: [...intent.attempts] });
    if (intent.side === "buy") this.buyMints.add(intent.mint);
  }

  recordAttempt(intentId: string, attempt: IntentAttempt): void {
    this.get(intentId).attempts.push(attempt);
  }

  markSent(intentId: string, _signature: string): void {
    const i = this.get(intentId);
    if (i.status === "pending") i.status = "sent";
  }

  markConfirmed(intentId: string, fill: OrderFill): void {
    this.get(intentId).status = "confirmed";
    this.fills.set(intentId, fill);
  }

  markFailed(intentId: string, reason: string, status: "failed" | "expired" = "failed"): void {
    this.get(intentId).status = status;
    this.reasons.set(intentId, reason);
  }

  pendingIntents(): OrderIntent[] {
    return [...this.intents.values()].filter((i) => i.status === "pending" || i.status === "sent").map((i) => structuredClone(i));
  }

  hasBuyIntent(mint: string): boolean {
    return this.buyMints.has(mint);
  }

  /** A deep copy of every intent, as a journal reopened after a crash would see them. */
  snapshot(): OrderIntent[] {
    return [...this.intents.values()].map((i) => structuredClone(i));
  }

  private get(id: string): OrderIntent {
    const i = this.intents.get(id);
    if (!i) throw new Error(`unknown intent ${id}`);
    return i;
  }
}
