import type { Clock } from "../../clock.ts";
import { AccountStore } from "./accounts.ts";
import type { Scheduler } from "./scheduler.ts";
import { SlotChain } from "./slots.ts";
import { TxStore, type TxRecord } from "./transactions.ts";

export { AccountStore, StagedAccounts, walletAccount, type Account, type AccountView } from "./accounts.ts";
export { ManualScheduler, realScheduler, type Scheduler } from "./scheduler.ts";
export { SlotChain, BLOCKHASH_VALID_SLOTS } from "./slots.ts";
export * from "./transactions.ts";

/** Options of the ledger. */
export interface LedgerOptions {
  seed: number;
  /** Slot duration (real cluster: 400 ms). */
  slotMs: number;
  clock: Clock;
  scheduler: Scheduler;
  /** Landed transactions kept for getTransaction / getSignaturesForAddress (oldest forgotten first). Default 50,000. */
  maxTxRecords?: number;
}

/**
 * The simulated chain state: slots and blockhashes advancing on the scheduler, accounts, landed
 * transactions. Transactions land in the current slot.
 */
export class Ledger {
  readonly slots: SlotChain;
  readonly accounts = new AccountStore();
  readonly txs: TxStore;
  readonly clock: Clock;
  private readonly slotListeners = new Set<(slot: number) => void>();
  private readonly landListeners = new Set<(record: TxRecord) => void>();
  private cancelTick: (() => void) | undefined;

  constructor(private readonly options: LedgerOptions) {
    this.slots = new SlotChain(options.seed);
    this.txs = new TxStore(options.maxTxRecords);
    this.clock = options.clock;
  }

  /** Starts advancing slots every `slotMs`. */
  start(): void {
    if (this.cancelTick) return;
    const tick = (): void => {
      this.cancelTick = this.options.scheduler.after(this.options.slotMs, tick);
      this.advanceSlot();
    };
    this.cancelTick = this.options.scheduler.after(this.options.slotMs, tick);
  }

  /** Stops advancing slots. */
  stop(): void {
    this.cancelTick?.();
    this.cancelTick = undefined;
  }

  /** Moves to the next slot now and notifies slot listeners. */
  advanceSlot(): number {
    const slot = this.slots.advance();
    for (const l of this.slotListeners) l(slot);
    return slot;
  }

  /** Calls `fn` at every new slot; returns an unsubscribe function. */
  onSlot(fn: (slot: number) => void): () => void {
    this.slotListeners.add(fn);
    return () => this.slotListeners.delete(fn);
  }

  /** Calls `fn` for every landed transaction (success or failure); returns an unsubscribe function. */
  onLanded(fn: (record: TxRecord) => void): () => void {
    this.landListeners.add(fn);
    return () => this.landListeners.delete(fn);
  }

  /** Records a landed transaction and notifies listeners. */
  land(record: TxRecord): void {
    this.txs.add(record);
    for (const l of this.landListeners) l(record);
  }

  /** Unix seconds of the clock (block time). */
  blockTime(): number {
    return Math.floor(this.clock.now() / 1000);
  }
}
