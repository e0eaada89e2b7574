import type { Account } from "./accounts.ts";
import { BoundedMap } from "../fast.ts";

/** A Solana transaction error as JSON-RPC shows it (`"BlockhashNotFound"`, `{InstructionError:[0,{Custom:6002}]}`). */
export type TxError = string | Record<string, unknown>;

/** Slots after landing at which a transaction counts as finalized (rooted). */
export const FINALIZE_AFTER_SLOTS = 32;

/** A compiled instruction as stored in a message (indexes into accountKeys); base58 only when rendered. */
export interface CompiledIx {
  programIdIndex: number;
  accounts: number[];
  data: Uint8Array;
}

/** A token balance entry of getTransaction's meta. */
export interface TokenBalance {
  accountIndex: number;
  mint: string;
  owner: string;
  programId: string;
  amount: bigint;
  decimals: number;
}

/** Everything getTransaction / getSignatureStatuses need about a landed transaction. */
export interface TxRecord {
  signature: string;
  signatures: string[];
  slot: number;
  /** Unix seconds. */
  blockTime: number;
  err: TxError | null;
  fee: bigint;
  version: "legacy" | 0;
  header: { numRequiredSignatures: number; numReadonlySignedAccounts: number; numReadonlyUnsignedAccounts: number };
  accountKeys: string[];
  recentBlockhash: string;
  instructions: CompiledIx[];
  innerInstructions: { index: number; instructions: CompiledIx[] }[];
  logs: string[];
  /** Lamports of each account key before and after (a BigUint64Array for landed records). */
  preBalances: ArrayLike<bigint>;
  postBalances: ArrayLike<bigint>;
  /** Token accounts among the keys, before and after (decoded only when getTransaction renders them). */
  tokenAccounts: { accountIndex: number; pre: Account | undefined; post: Account | undefined }[];
  computeUnitsConsumed: number;
  /** Compute-unit price asked by the transaction (micro-lamports). */
  computeUnitPrice: bigint;
}

/** Confirmation levels, weakest first. */
export type Commitment = "processed" | "confirmed" | "finalized";

/** getSignatureStatuses' entry for one signature. */
export interface SignatureStatus {
  slot: number;
  confirmations: number | null;
  err: TxError | null;
  confirmationStatus: Commitment;
}

/** The commitment a transaction landed at `slot` has reached when the chain is at `current`. */
export function commitmentAt(slot: number, current: number): Commitment {
  const age = current - slot;
  if (age >= FINALIZE_AFTER_SLOTS) return "finalized";
  return age >= 1 ? "confirmed" : "processed";
}

/** True when `reached` satisfies `wanted`. */
export function satisfies(reached: Commitment, wanted: Commitment): boolean {
  const rank = { processed: 0, confirmed: 1, finalized: 2 } as const;
  return rank[reached] >= rank[wanted];
}

/** Address count below which the store never sweeps forgotten addresses. */
const MIN_ADDRESS_SWEEP = 4096;
/** Last entry of a list whose address was swept (a cached resolution holding it looks the address up again). */
const FORGOTTEN = "\u0000forgotten";

/**
 * Landed transactions, bounded: past `maxRecords` the oldest are forgotten (like a node without
 * long-term storage; a record with its logs is a few KB); per address at least the newest
 * `maxPerAddress` signatures are kept (trimmed in chunks of a quarter, so trimming stays O(1) amortized).
 * An address whose newest transaction is forgotten is forgotten too (every launch brings new ones:
 * mint, curve, token accounts): once the address count has doubled, each transaction added sweeps a
 * few more addresses until a pass is done, so no call pauses for the whole map.
 */
export class TxStore {
  private readonly records: BoundedMap<string, TxRecord>;
  private readonly byAddress = new Map<string, string[]>();
  /** Resolved lists per shared accountKeys array (a swept list ends with FORGOTTEN). */
  private readonly listsByKeys = new WeakMap<readonly string[], string[][]>();
  private readonly dropped: BoundedMap<string, true>;
  private sweep: IterableIterator<[string, string[]]> | undefined;
  private sweepAbove = MIN_ADDRESS_SWEEP;

  constructor(
    maxRecords = 50_000,
    private readonly maxPerAddress = 10_000,
  ) {
    this.records = new BoundedMap(maxRecords);
    this.dropped = new BoundedMap(maxRecords);
  }

  get(signature: string): TxRecord | undefined {
    return this.records.get(signature);
  }

  /** True when the signature was already received (landed or deliberately dropped). */
  seen(signature: string): boolean {
    return this.records.has(signature) || this.dropped.has(signature);
  }

  /** Remembers a signature that was accepted but will never land (fault injection). */
  markDropped(signature: string): void {
    this.dropped.set(signature, true);
  }

  add(record: TxRecord): void {
    this.records.set(record.signature, record);
    const sig = record.signature;
    const keys = record.accountKeys;
    // The simulator's own trades share one accountKeys array per (trader, mint, kind): their per-address
    // lists are resolved once, and again for an address swept since.
    let lists = this.listsByKeys.get(keys);
    if (!lists) {
      lists = new Array<string[]>(keys.length);
      for (let k = 0; k < keys.length; k++) lists[k] = this.listOf(keys[k]!);
      this.listsByKeys.set(keys, lists);
    }
    for (let k = 0; k < lists.length; k++) {
      let list = lists[k]!;
      if (list[list.length - 1] === FORGOTTEN) lists[k] = list = this.listOf(keys[k]!);
      if (list.length > 0 && list[list.length - 1] === sig) continue; // a key listed twice in one message: once per address
      list.push(sig);
      if (list.length > this.maxPerAddress + (this.maxPerAddress >> 2)) list.splice(0, list.length - this.maxPerAddress);
    }
    // Twice as many steps as the transaction could add addresses: a pass always ends.
    if (this.sweep || this.byAddress.size > this.sweepAbove) this.sweepSome(2 * keys.length + 8);
  }

  /** Addresses with at least one signature listed. */
  get addresses(): number {
    return this.byAddress.size;
  }

  private listOf(address: string): string[] {
    let list = this.byAddress.get(address);
    if (!list) this.byAddress.set(address, (list = []));
    return list;
  }

  /**
   * Moves the sweep `steps` addresses on, dropping those whose newest signature is forgotten (records
   * leave oldest first, so nothing of theirs is left for getSignaturesForAddress to page).
   */
  private sweepSome(steps: number): void {
    this.sweep ??= this.byAddress.entries();
    for (let i = 0; i < steps; i++) {
      const next = this.sweep.next();
      if (next.done) {
        this.sweep = undefined;
        this.sweepAbove = Math.max(MIN_ADDRESS_SWEEP, this.byAddress.size * 2);
        return;
      }
      const [address, list] = next.value;
      if (this.records.has(list[list.length - 1]!)) continue;
      list.length = 0;
      list.push(FORGOTTEN);
      this.byAddress.delete(address);
    }
  }

  /** Status of a signature at the current slot, or null if unknown. */
  status(signature: string, currentSlot: number): SignatureStatus | null {
    const r = this.records.get(signature);
    if (!r) return null;
    const level = commitmentAt(r.slot, currentSlot);
    return {
      slot: r.slot,
      confirmations: level === "finalized" ? null : currentSlot - r.slot,
      err: r.err,
      confirmationStatus: level,
    };
  }

  /**
   * Signatures touching `address`, newest first, paged like getSignaturesForAddress: only records that are
   * `visible` (at the asked commitment) are listed and count towards `limit`. As a node that cannot find
   * them: a `before` that is unknown or not visible lists nothing; an `until` that is not visible is ignored.
   */
  signaturesFor(address: string, opts: { limit?: number; before?: string; until?: string; visible?: (r: TxRecord) => boolean }): TxRecord[] {
    const visible = opts.visible ?? (() => true);
    const list = this.byAddress.get(address) ?? [];
    const limit = Math.min(Math.max(opts.limit ?? 1000, 1), 1000);
    const before = opts.before === undefined ? undefined : this.records.get(opts.before);
    if (opts.before !== undefined && (before === undefined || !visible(before))) return [];
    const untilRecord = opts.until === undefined ? undefined : this.records.get(opts.until);
    const until = untilRecord !== undefined && visible(untilRecord) ? opts.until : undefined;
    const out: TxRecord[] = [];
    let started = opts.before === undefined;
    for (let i = list.length - 1; i >= 0 && out.length < limit; i--) {
      const sig = list[i]!;
      if (!started) {
        if (sig === opts.before) started = true;
        continue;
      }
      if (sig === until) break;
      const r = this.records.get(sig);
      if (r && visible(r)) out.push(r);
    }
    return out;
  }
}
