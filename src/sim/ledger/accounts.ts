import { SYSTEM_PROGRAM_ID } from "../chain.ts";

/** One account of the simulated ledger. */
export interface Account {
  lamports: bigint;
  owner: string;
  data: Uint8Array;
  executable: boolean;
}

/** Read/write access to accounts (the base store, or a transaction's staged overlay). */
export interface AccountView {
  get(pubkey: string): Account | undefined;
  set(pubkey: string, account: Account): void;
}

/** A fresh system-owned wallet account. */
export function walletAccount(lamports: bigint): Account {
  return { lamports, owner: SYSTEM_PROGRAM_ID, data: new Uint8Array(0), executable: false };
}

/** A copy of `a` with other lamports. */
function withLamports(a: Account, lamports: bigint): Account {
  return { lamports, owner: a.owner, data: a.data, executable: a.executable };
}

/** The committed account state, with change listeners (account subscriptions). */
export class AccountStore implements AccountView {
  private readonly accounts = new Map<string, Account>();
  private listeners: ((pubkey: string, account: Account) => void)[] = [];

  get(pubkey: string): Account | undefined {
    return this.accounts.get(pubkey);
  }

  /** Writes an account; one left at 0 lamports is collected (removed), as the runtime does after a transaction. */
  set(pubkey: string, account: Account): void {
    if (account.lamports === 0n) {
      this.delete(pubkey);
      return;
    }
    this.accounts.set(pubkey, account);
    this.notify(pubkey, account);
  }

  /** Lamports of an account (0n if absent). */
  lamports(pubkey: string): bigint {
    return this.accounts.get(pubkey)?.lamports ?? 0n;
  }

  /**
   * Removes an account, as the runtime collects one closed to 0 lamports: listeners see it empty and
   * system-owned. False when there was none.
   */
  delete(pubkey: string): boolean {
    if (!this.accounts.delete(pubkey)) return false;
    this.notify(pubkey, walletAccount(0n));
    return true;
  }

  private notify(pubkey: string, account: Account): void {
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) ls[i]!(pubkey, account);
  }

  /** Accounts held. */
  get size(): number {
    return this.accounts.size;
  }

  /** Adds lamports to an account, creating a wallet account if needed. */
  credit(pubkey: string, lamports: bigint): void {
    const prev = this.accounts.get(pubkey);
    this.set(pubkey, prev ? withLamports(prev, prev.lamports + lamports) : walletAccount(lamports));
  }

  /** Calls `fn` after every committed change; returns an unsubscribe function. */
  onChange(fn: (pubkey: string, account: Account) => void): () => void {
    // Copy on write: a listener added or removed while notifying takes effect from the next change.
    if (!this.listeners.includes(fn)) this.listeners = [...this.listeners, fn];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== fn);
    };
  }

  /** A staged overlay for one transaction: reads fall through, writes stay local until commit. */
  stage(): StagedAccounts {
    return new StagedAccounts(this);
  }
}

/**
 * Writes of one transaction, applied atomically by `commit()` or dropped. A transaction writes a
 * handful of accounts, so the writes are two small parallel arrays searched linearly (cheaper than a
 * Map per transaction and per nested stage).
 */
export class StagedAccounts implements AccountView {
  private keys: string[] = [];
  private vals: Account[] = [];

  constructor(private readonly base: AccountView) {}

  private find(pubkey: string): number {
    const ks = this.keys;
    for (let i = 0; i < ks.length; i++) if (ks[i] === pubkey) return i;
    return -1;
  }

  get(pubkey: string): Account | undefined {
    const i = this.find(pubkey);
    return i >= 0 ? this.vals[i] : this.base.get(pubkey);
  }

  set(pubkey: string, account: Account): void {
    const i = this.find(pubkey);
    if (i >= 0) this.vals[i] = account;
    else {
      this.keys.push(pubkey);
      this.vals.push(account);
    }
  }

  lamports(pubkey: string): bigint {
    return this.get(pubkey)?.lamports ?? 0n;
  }

  /** Adds (or with a negative amount removes) lamports; false when that would go below zero. */
  addLamports(pubkey: string, delta: bigint): boolean {
    const prev = this.get(pubkey);
    const now = (prev?.lamports ?? 0n) + delta;
    if (now < 0n) return false;
    this.set(pubkey, prev ? withLamports(prev, now) : walletAccount(now));
    return true;
  }

  /** Calls `fn` for every staged write (in first-write order). */
  forEachWrite(fn: (pubkey: string, account: Account) => void): void {
    for (let i = 0; i < this.keys.length; i++) fn(this.keys[i]!, this.vals[i]!);
  }

  /** Keys written so far. */
  touched(): string[] {
    return this.keys.slice();
  }

  /** A nested overlay on top of this one (commit applies to this overlay). */
  stage(): StagedAccounts {
    return new StagedAccounts(this);
  }

  /** Applies the writes to the base (the store notifies its listeners). */
  commit(): void {
    const ks = this.keys;
    const vs = this.vals;
    this.keys = [];
    this.vals = [];
    for (let i = 0; i < ks.length; i++) this.base.set(ks[i]!, vs[i]!);
  }
}
