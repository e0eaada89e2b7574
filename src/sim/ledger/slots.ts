import { createHash } from "node:crypto";
import bs58 from "bs58";

/** How many slots a blockhash stays valid (the real runtime: 150 blocks). */
export const BLOCKHASH_VALID_SLOTS = 150;

/** Bound on remembered blockhashes (a bit more than the validity window). */
const MAX_REMEMBERED_BLOCKHASHES = BLOCKHASH_VALID_SLOTS + 50;

/**
 * Slot and block height counters and the rotating blockhash of each slot.
 * One block per slot (no skipped slots), so block height = slot - genesis offset.
 */
export class SlotChain {
  private slotNo: number;
  private readonly heightOffset: number;
  private readonly hashes = new Map<string, number>();
  private readonly hashBySlot = new Map<number, string>();

  constructor(private readonly seed: number, startSlot = 300_000_000) {
    this.slotNo = startSlot;
    this.heightOffset = 20_000_000;
    this.remember(this.slotNo);
  }

  /** The current (processed) slot. */
  slot(): number {
    return this.slotNo;
  }

  /** Block height of the current slot. */
  blockHeight(): number {
    return this.slotNo - this.heightOffset;
  }

  /** The blockhash of the current slot. */
  latestBlockhash(): string {
    return this.hashBySlot.get(this.slotNo)!;
  }

  /** The last block height at which a transaction using the latest blockhash can land. */
  lastValidBlockHeight(): number {
    return this.blockHeight() + BLOCKHASH_VALID_SLOTS;
  }

  /** Moves to the next slot and returns it. */
  advance(): number {
    this.slotNo += 1;
    this.remember(this.slotNo);
    return this.slotNo;
  }

  /** True when `blockhash` was produced within the validity window. */
  isValidBlockhash(blockhash: string): boolean {
    const at = this.hashes.get(blockhash);
    return at !== undefined && this.slotNo - at <= BLOCKHASH_VALID_SLOTS;
  }

  private remember(slot: number): void {
    const digest = createHash("sha256").update(`sim-blockhash:${this.seed}:${slot}`).digest();
    const hash = bs58.encode(digest);
    this.hashes.set(hash, slot);
    this.hashBySlot.set(slot, hash);
    const old = slot - MAX_REMEMBERED_BLOCKHASHES;
    const oldHash = this.hashBySlot.get(old);
    if (oldHash !== undefined) {
      this.hashBySlot.delete(old);
      this.hashes.delete(oldHash);
    }
  }
}
