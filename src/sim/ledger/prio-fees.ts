/** Slots of history getRecentPrioritizationFees covers (as real nodes). */
const WINDOW = 150;

/** The minimum compute-unit price (micro-lamports) landed per slot, over the last 150 slots. */
export class PrioFeeTracker {
  private readonly bySlot = new Map<number, bigint>();

  /** Records one landed transaction's compute-unit price. */
  record(slot: number, microLamports: bigint): void {
    const prev = this.bySlot.get(slot);
    if (prev === undefined || microLamports < prev) this.bySlot.set(slot, microLamports);
    if (this.bySlot.size > WINDOW * 2) {
      for (const s of this.bySlot.keys()) if (s <= slot - WINDOW) this.bySlot.delete(s);
    }
  }

  /** `[{slot, prioritizationFee}]` for the last 150 slots, oldest first (0 where nothing landed). */
  recent(currentSlot: number): { slot: number; prioritizationFee: number }[] {
    const out: { slot: number; prioritizationFee: number }[] = [];
    for (let s = currentSlot - WINDOW + 1; s <= currentSlot; s++) {
      out.push({ slot: s, prioritizationFee: Number(this.bySlot.get(s) ?? 0n) });
    }
    return out;
  }
}
