/**
 * The executor's intent journal on the history database: a new intent is made durable by one append to
 * the history's write-ahead file before its transaction is sent (its row is committed right after the
 * send), every later call is a synchronous commit, and the transactions table follows by write-behind.
 * The double-buy check asks a fixed-size Bloom filter of the mints ever bought (text-bloom.ts) first: a
 * new mint, the hot path's case, costs a lookup in memory that does not grow with the history; only a
 * "maybe" (a mint bought, or a false positive) asks the database, after committing the rows written ahead.
 */
import type { Clock } from "../clock.ts";
import type { IntentAttempt, IntentJournal, OrderFill, OrderIntent } from "../executor/journal.ts";
import type { HistoryWriter } from "./history-writer.ts";
import type { HistoryWrite } from "./writes.ts";
import type { IntentStatus } from "./types.ts";
import { TextBloom, type BloomStats } from "../text-bloom.ts";

const toStoreStatus = (s: OrderIntent["status"]): IntentStatus => (s === "pending" ? "intent" : s);
const fromStoreStatus = (s: IntentStatus): OrderIntent["status"] => (s === "intent" ? "pending" : s);

/** Slippage of a buy in bps, from its expected and minimum tokens (sells bound SOL, not tokens: 0). */
function slippageBpsOf(intent: OrderIntent): number {
  const p = intent.params;
  if (p.side !== "buy" || p.expectedTokens <= 0n) return 0;
  return Number(((p.expectedTokens - p.minTokensOut) * 10_000n) / p.expectedTokens);
}

/** The intents-table row of a new intent (its write ahead). */
function intentRow(intent: OrderIntent): HistoryWrite {
  const p = intent.params;
  return { kind: "intent", row: {
    id: intent.id,
    mint: intent.mint,
    side: intent.side,
    positionId: intent.positionId ?? null,
    solLamports: p.side === "buy" ? p.lamports : p.minSolOutput,
    tokenAmount: p.side === "buy" ? p.minTokensOut : p.tokens,
    slippageBps: slippageBpsOf(intent),
    createdAt: intent.createdAt,
    status: toStoreStatus(intent.status),
    attempts: intent.attempts.length,
    detail: intent,
  } };
}

/** Rows a confirmation implies (the position and its fill), written in the same transaction as it. */
export type ConfirmedRows = (intent: OrderIntent, fill: OrderFill) => HistoryWrite[];

/** An IntentJournal writing through the history's writer (see the file comment). */
export class StoreIntentJournal implements IntentJournal {
  private readonly live = new Map<string, OrderIntent>();
  /** Lookups the Bloom filter answered "maybe" and the database "never bought" (false positives). */
  falseMaybes = 0;

  constructor(
    private readonly writer: HistoryWriter,
    private readonly clock: Clock,
    private readonly confirmedRows: ConfirmedRows = () => [],
    /** Every mint with a buy intent, added as they are recorded (injectable: tests give a tiny one). */
    private readonly bought = new TextBloom(),
  ) {
    for (const mint of writer.repos.boughtMints()) bought.add(mint);
    for (const intent of this.pendingIntents()) this.live.set(intent.id, intent);
  }

  recordIntent(intent: OrderIntent): void {
    if (this.live.has(intent.id)) throw new Error(`intent ${intent.id} already recorded`);
    this.writer.writeAhead([intentRow(intent)]);
    // The executor keeps its own object: the journal's copy gets its own attempts list (params never change).
    this.live.set(intent.id, { ...intent, attempts: [...intent.attempts] });
    if (intent.side === "buy") this.bought.add(intent.mint);
  }

  rehearseIntent(intent: OrderIntent): number {
    return this.writer.rehearseAhead([intentRow(intent)]);
  }

  recordAttempt(intentId: string, attempt: IntentAttempt): void {
    const intent = this.intent(intentId);
    intent.attempts.push(attempt);
    this.writer.updateIntentNow({ id: intentId, status: toStoreStatus(intent.status), at: this.clock.now(), attempts: intent.attempts.length, detail: intent });
  }

  markSent(intentId: string, signature: string): void {
    const intent = this.intent(intentId);
    if (intent.status === "pending") intent.status = "sent";
    const at = this.clock.now();
    this.writer.updateIntentNow({ id: intentId, status: toStoreStatus(intent.status), at, signature, detail: intent });
    void this.writer.enqueue({ kind: "transaction", row: { signature, intentId, sentAt: at } });
  }

  markConfirmed(intentId: string, fill: OrderFill): void {
    const at = this.clock.now();
    const intent = this.live.get(intentId);
    this.writer.writeNow([
      { kind: "intent.update", row: { id: intentId, status: "confirmed", at, signature: fill.signature } },
      ...(intent === undefined ? [] : this.confirmedRows(intent, fill)),
    ]);
    this.live.delete(intentId);
    void this.writer.enqueue({ kind: "transaction", row: { signature: fill.signature, intentId, sentAt: at, confirmedAt: at, slot: BigInt(fill.slot) } });
  }

  markFailed(intentId: string, reason: string, status: "failed" | "expired" = "failed"): void {
    this.writer.updateIntentNow({ id: intentId, status, at: this.clock.now(), lastError: reason.slice(0, 500) });
    this.live.delete(intentId);
  }

  pendingIntents(): OrderIntent[] {
    this.writer.applyAhead();
    return this.writer.repos.pendingIntents().flatMap((row) => {
      const detail = row.detail as OrderIntent | null;
      // An intent without detail predates the executor journal: nothing to reconcile it with.
      return detail === null ? [] : [{ ...detail, status: fromStoreStatus(row.status) }];
    });
  }

  /** The mints-ever-bought filter's count, expected false-positive rate and false maybes so far. */
  boughtStats(): BloomStats {
    return this.bought.stats(this.falseMaybes);
  }

  hasBuyIntent(mint: string): boolean {
    if (!this.bought.mightHave(mint)) return false;
    try {
      // The buys written ahead and not yet committed go in first, so the database holds every one.
      this.writer.applyAhead();
      if (this.writer.repos.hasBuyIntent(mint)) return true;
    } catch {
      return true; // the database cannot say: never risk a second buy of a mint that may be bought
    }
    this.falseMaybes++;
    return false;
  }

  private intent(id: string): OrderIntent {
    const intent = this.live.get(id);
    if (intent === undefined) throw new Error(`unknown intent ${id}`);
    return intent;
  }
}
