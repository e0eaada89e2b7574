import type { Account } from "../ledger/accounts.ts";
import type { Commitment, TxRecord } from "../ledger/transactions.ts";
import type { SimEffect } from "../exec/context.ts";
import { renderAccount } from "../rpc/methods/accounts.ts";
import type { Connection } from "./connection.ts";
import { CommitmentQueue } from "./pending.ts";

/** One live subscription. */
type Sub =
  | { id: number; conn: Connection; kind: "logs"; commitment: Commitment; mention: string | null }
  | { id: number; conn: Connection; kind: "account"; commitment: Commitment; pubkey: string; encoding: string }
  | { id: number; conn: Connection; kind: "signature"; commitment: Commitment; signature: string }
  | { id: number; conn: Connection; kind: "slot" };

/** Called after a launch notification was written to a subscriber. */
export type LaunchNotified = (mint: string, connId: number) => void;

function addIndexed(index: Map<string, Set<number>>, key: string, id: number): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(id);
}

function removeIndexed(index: Map<string, Set<number>>, key: string, id: number): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}

function frame(method: string, resultJson: string, sub: number): string {
  return `{"jsonrpc":"2.0","method":"${method}","params":{"result":${resultJson},"subscription":${sub}}}`;
}

/** All websocket subscriptions, their indexes, and fan-out of ledger events to them. */
export class SubscriptionHub {
  private nextId = 1;
  private readonly subs = new Map<number, Sub>();
  private readonly logsByMention = new Map<string, Set<number>>();
  private readonly logsAll = new Set<number>();
  private readonly accountsByKey = new Map<string, Set<number>>();
  private readonly signaturesBySig = new Map<string, Set<number>>();
  private readonly slotSubs = new Set<number>();
  readonly pending = new CommitmentQueue();

  constructor(
    private readonly currentSlot: () => number,
    private readonly onLaunchNotified: LaunchNotified,
  ) {}

  /** Number of live subscriptions. */
  size(): number {
    return this.subs.size;
  }

  subscribeLogs(conn: Connection, mention: string | null, commitment: Commitment): number {
    const id = this.nextId++;
    this.subs.set(id, { id, conn, kind: "logs", commitment, mention });
    if (mention === null) this.logsAll.add(id);
    else addIndexed(this.logsByMention, mention, id);
    conn.subs.add(id);
    return id;
  }

  subscribeAccount(conn: Connection, pubkey: string, encoding: string, commitment: Commitment): number {
    const id = this.nextId++;
    this.subs.set(id, { id, conn, kind: "account", commitment, pubkey, encoding });
    addIndexed(this.accountsByKey, pubkey, id);
    conn.subs.add(id);
    return id;
  }

  subscribeSignature(conn: Connection, signature: string, commitment: Commitment, landed: TxRecord | undefined): number {
    const id = this.nextId++;
    const sub: Sub = { id, conn, kind: "signature", commitment, signature };
    this.subs.set(id, sub);
    addIndexed(this.signaturesBySig, signature, id);
    conn.subs.add(id);
    if (landed) this.pending.at(commitment, landed.slot, () => this.sendSignature(sub, landed));
    return id;
  }

  subscribeSlot(conn: Connection): number {
    const id = this.nextId++;
    this.subs.set(id, { id, conn, kind: "slot" });
    this.slotSubs.add(id);
    conn.subs.add(id);
    return id;
  }

  /** Removes a subscription if it is of `kind` and belongs to `conn`; false otherwise. */
  unsubscribe(conn: Connection, id: number, kind: Sub["kind"]): boolean {
    const sub = this.subs.get(id);
    if (!sub || sub.conn !== conn || sub.kind !== kind) return false;
    this.remove(sub);
    return true;
  }

  /** Drops every subscription of a closed connection. */
  dropConnection(conn: Connection): void {
    for (const id of conn.subs) {
      const sub = this.subs.get(id);
      if (sub) this.remove(sub);
    }
    conn.subs.clear();
  }

  private remove(sub: Sub): void {
    this.subs.delete(sub.id);
    sub.conn.subs.delete(sub.id);
    if (sub.kind === "logs") {
      if (sub.mention === null) this.logsAll.delete(sub.id);
      else removeIndexed(this.logsByMention, sub.mention, sub.id);
    } else if (sub.kind === "account") removeIndexed(this.accountsByKey, sub.pubkey, sub.id);
    else if (sub.kind === "signature") removeIndexed(this.signaturesBySig, sub.signature, sub.id);
    else this.slotSubs.delete(sub.id);
  }

  /** Fans a landed transaction out to logs and signature subscribers. */
  onLanded(record: TxRecord, effects: SimEffect[]): void {
    // Every logs subscription sits in exactly one index (all, or one mentioned address), so collecting
    // each matching index once gives every subscriber once.
    const ids: number[] = [];
    for (const id of this.logsAll) ids.push(id);
    const keys = record.accountKeys;
    if (this.logsByMention.size <= 4) {
      // Few mentioned addresses (the usual one: the pump program): test them against the keys.
      for (const [mention, set] of this.logsByMention) if (keys.includes(mention)) for (const id of set) ids.push(id);
    } else {
      const seen = new Set<string>();
      for (const key of keys) {
        if (seen.has(key)) continue;
        seen.add(key);
        const set = this.logsByMention.get(key);
        if (set) for (const id of set) ids.push(id);
      }
    }
    if (ids.length > 0) {
      const launches: string[] = [];
      for (const e of effects) if (e.kind === "create") launches.push(e.mint);
      // One serialization per landed transaction, whatever the number of subscribers.
      const result = JSON.stringify({
        context: { slot: record.slot },
        value: { signature: record.signature, err: record.err, logs: record.logs },
      });
      for (const id of ids) {
        const sub = this.subs.get(id);
        if (!sub || sub.kind !== "logs") continue;
        const deliver = (): void => {
          if (!this.subs.has(id)) return;
          // The referee stamps a launch notification when its frame is handed to the socket.
          const written = launches.length === 0 ? undefined : () => {
            for (const mint of launches) this.onLaunchNotified(mint, sub.conn.id);
          };
          sub.conn.notify(frame("logsNotification", result, id), written);
        };
        if (sub.commitment === "processed") deliver();
        else this.pending.at(sub.commitment, record.slot, deliver);
      }
    }
    const sigSubs = this.signaturesBySig.get(record.signature);
    if (sigSubs) {
      for (const id of [...sigSubs]) {
        const sub = this.subs.get(id);
        if (sub?.kind === "signature") this.pending.at(sub.commitment, record.slot, () => this.sendSignature(sub, record));
      }
    }
  }

  private sendSignature(sub: Extract<Sub, { kind: "signature" }>, record: TxRecord): void {
    if (!this.subs.has(sub.id)) return;
    const result = JSON.stringify({ context: { slot: record.slot }, value: { err: record.err } });
    sub.conn.notify(frame("signatureNotification", result, sub.id));
    this.remove(sub);
  }

  /** Fans an account change out to account subscribers. */
  onAccountChanged(pubkey: string, account: Account): void {
    const set = this.accountsByKey.get(pubkey);
    if (!set) return;
    const slot = this.currentSlot();
    const byEncoding = new Map<string, string>();
    for (const id of set) {
      const sub = this.subs.get(id);
      if (!sub || sub.kind !== "account") continue;
      let result = byEncoding.get(sub.encoding);
      if (result === undefined) {
        result = JSON.stringify({ context: { slot }, value: renderAccount(account, sub.encoding) });
        byEncoding.set(sub.encoding, result);
      }
      const r = result;
      this.pending.at(sub.commitment, slot, () => {
        if (this.subs.has(id)) sub.conn.notify(frame("accountNotification", r, id));
      });
    }
  }

  /** A new slot: slot notifications, then deliveries that reached their commitment. */
  onSlot(slot: number): void {
    if (this.slotSubs.size > 0) {
      const result = JSON.stringify({ parent: slot - 1, slot, root: Math.max(0, slot - 32) });
      for (const id of this.slotSubs) {
        const sub = this.subs.get(id);
        if (sub) sub.conn.notify(frame("slotNotification", result, id));
      }
    }
    this.pending.tick(slot);
  }
}
