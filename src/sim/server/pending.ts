import { FINALIZE_AFTER_SLOTS, type Commitment } from "../ledger/transactions.ts";

/** Bound on deliveries waiting for a commitment level (oldest dropped first, counted). */
const MAX_PENDING = 200_000;

/**
 * Deliveries waiting until the slot they happened in reaches `confirmed` (1 slot later) or
 * `finalized` (32 slots later). `processed` deliveries never wait.
 */
export class CommitmentQueue {
  private readonly confirmed: { slot: number; run: () => void }[] = [];
  private readonly finalized: { slot: number; run: () => void }[] = [];
  dropped = 0;

  /** Runs `run` now (processed) or when `slot` reaches `commitment`. */
  at(commitment: Commitment, slot: number, run: () => void): void {
    if (commitment === "processed") return run();
    const q = commitment === "confirmed" ? this.confirmed : this.finalized;
    q.push({ slot, run });
    if (q.length > MAX_PENDING) {
      q.shift();
      this.dropped++;
    }
  }

  /** Runs everything due at `currentSlot`. */
  tick(currentSlot: number): void {
    this.flush(this.confirmed, currentSlot - 1);
    this.flush(this.finalized, currentSlot - FINALIZE_AFTER_SLOTS);
  }

  private flush(q: { slot: number; run: () => void }[], upTo: number): void {
    let n = 0;
    while (n < q.length && q[n]!.slot <= upTo) n++;
    if (n === 0) return;
    for (const item of q.splice(0, n)) item.run();
  }
}
