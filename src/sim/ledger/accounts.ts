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

/** The committed account state, with change listeners (account subscriptions). */
export class AccountStore implements AccountView {
  private readonly accounts = new Map<string, Account>();
  private readonly listeners = new Set<(pubkey: string, account: Account) => void>();

  get(pubkey: string): Account | undefined {
    return this.accounts.get(pubkey);
  }

  set(pubkey: string, account: Account): void {
    this.accounts.set(pubkey, account);
    for (const l of this.listeners) l(pubkey, account);
  }

  /** Lamports of an account (0n if absent). */
  lamports(pubkey: string): bigint {
    return this.accounts.get(pubkey)?.lamports ?? 0n;
  }

  /** Adds lamports to an account, creating a wallet account if needed. */
  credit(pubkey: string, lamports: bigint): void {
    const prev = this.accounts.get(pubkey);
    this.set(pubkey, prev ? { ...prev, lamports: prev.lamports + lamports } : walletAccount(lamports));
  }

  /** Calls `fn` after every committed change; returns an unsubscribe function. */
  onChange(fn: (pubkey: string, account: Account) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** A staged overlay for one transaction: reads fall through, writes stay local until commit. */
  stage(): StagedAccounts {
    return new StagedAccounts(this);
  }
}

/** Writes of one transaction, applied atomically by `commit()` or dropped. */
export class StagedAccounts implements AccountView {
  private readonly writes = new Map<string, Account>();

  constructor(private readonly base: AccountView) {}

  get(pubkey: string): Account | undefined {
    return this.writes.get(pubkey) ?? this.base.get(pubkey);
  }

  set(pubkey: string, account: Account): void {
    this.writes.set(pubkey, account);
  }

  lamports(pubkey: string): bigint {
    return this.get(pubkey)?.lamports ?? 0n;
  }

  /** Adds (or with a negative amount removes) lamports; false when that would go below zero. */
  addLamports(pubkey: string, delta: bigint): boolean {
    const prev = this.get(pubkey);
    const now = (prev?.lamports ?? 0n) + delta;
    if (now < 0n) return false;
    this.set(pubkey, prev ? { ...prev, lamports: now } : walletAccount(now));
    return true;
  }

  /** Keys written so far. */
  touched(): string[] {
    return [...this.writes.keys()];
  }

  /** A nested overlay on top of this one (commit applies to this overlay). */
  stage(): StagedAccounts {
    return new StagedAccounts(this);
  }

  /** Applies the writes to the base (the store notifies its listeners). */
  commit(): void {
    for (const [k, v] of this.writes) this.base.set(k, v);
    this.writes.clear();
  }
}
