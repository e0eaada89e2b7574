import type { Clock } from "../../clock.ts";
import { PUMP_PROGRAM_ID } from "../chain.ts";
import { DISC_KEY, discKey } from "../../chain/pump/constants.ts";
import type { SimEffect } from "../exec/context.ts";
import type { ParsedTx } from "../exec/parse.ts";
import type { TxRecord } from "../ledger/transactions.ts";
import type { Stamp } from "../rpc/context.ts";
import { buildReport, type RefereeReport } from "./report.ts";

/** Bounds of the referee's memory (oldest dropped first, and counted). */
export interface RefereeLimits {
  maxMints: number;
  maxRequests: number;
  maxTxsPerWallet: number;
}

/** One HTTP JSON-RPC request as the referee saw it. */
export interface RequestStamp {
  at: Stamp;
  method: string;
  wallet: string | undefined;
}

/** What the referee knows about one mint. */
export interface MintRecord {
  mint: string;
  launch: { signature: string; slot: number; at: Stamp } | undefined;
  /** Launch notifications written, per websocket subscriber (connection id). */
  notified: { subscriber: number; at: Stamp }[];
  /** First transaction received per wallet (fee payer) touching this mint. */
  firstTx: Map<string, { signature: string; at: Stamp }>;
}

/** One landed transaction of a wallet; trade fields are absent when it failed. */
export interface WalletTx {
  signature: string;
  slot: number;
  err: unknown;
  txFee: bigint;
  side: "buy" | "sell" | null;
  mint: string | null;
  sol: bigint;
  tokens: bigint;
  fee: bigint;
  creatorFee: bigint;
}

/** The latency referee: independent timestamps of launches, notifications and the bot's sends. */
export class Referee {
  readonly mints = new Map<string, MintRecord>();
  readonly requests: RequestStamp[] = [];
  readonly walletTxs = new Map<string, WalletTx[]>();
  readonly dropped = { mints: 0, requests: 0, walletTxs: 0 };
  private readonly limits: RefereeLimits;

  constructor(
    private readonly clock: Clock,
    limits: Partial<RefereeLimits> = {},
  ) {
    this.limits = { maxMints: 10_000, maxRequests: 200_000, maxTxsPerWallet: 10_000, ...limits };
  }

  /** A timestamp now (monotonic high-resolution + wall). */
  stamp(): Stamp {
    return { mono: this.clock.monotonic(), wall: this.clock.now() };
  }

  private mint(mint: string): MintRecord {
    let r = this.mints.get(mint);
    if (!r) {
      r = { mint, launch: undefined, notified: [], firstTx: new Map() };
      this.mints.set(mint, r);
      if (this.mints.size > this.limits.maxMints) {
        this.mints.delete(this.mints.keys().next().value!);
        this.dropped.mints++;
      }
    }
    return r;
  }

  /** An HTTP JSON-RPC request arrived (one per batch element). */
  onHttpRequest(method: string, at: Stamp, wallet?: string): void {
    this.requests.push({ at, method, wallet });
    // Trimmed in chunks of a quarter so the bound costs O(1) amortized per request.
    if (this.requests.length > this.limits.maxRequests + (this.limits.maxRequests >> 2)) {
      const drop = this.requests.length - this.limits.maxRequests;
      this.requests.splice(0, drop);
      this.dropped.requests += drop;
    }
  }

  /** A launch landed. */
  onLaunchLanded(mint: string, signature: string, slot: number, at: Stamp): void {
    this.mint(mint).launch = { signature, slot, at };
  }

  /** The launch's logsNotification was written to websocket subscriber `subscriber`. */
  onLaunchNotified(mint: string, subscriber: number, at: Stamp): void {
    this.mint(mint).notified.push({ subscriber, at });
  }

  /** sendTransaction received `tx` (called before any processing). */
  onTransactionReceived(tx: ParsedTx, at: Stamp): void {
    const wallet = tx.accountKeys[0]!;
    for (const ix of tx.instructions) {
      if (tx.accountKeys[ix.programIdIndex] !== PUMP_PROGRAM_ID || ix.data.length < 8) continue;
      const d = discKey(ix.data);
      if (d !== DISC_KEY.buy && d !== DISC_KEY.sell && d !== DISC_KEY.buyExactSolIn) continue;
      const mintKey = tx.accountKeys[ix.accounts[2] ?? -1];
      if (!mintKey) continue;
      const rec = this.mints.get(mintKey) ?? this.mint(mintKey);
      if (!rec.firstTx.has(wallet)) rec.firstTx.set(wallet, { signature: tx.signature, at });
    }
  }

  /** A wallet's transaction landed (success or failure). */
  onWalletLanded(record: TxRecord, effects: SimEffect[]): void {
    const wallet = record.accountKeys[0]!;
    let list = this.walletTxs.get(wallet);
    if (!list) this.walletTxs.set(wallet, (list = []));
    const base = { signature: record.signature, slot: record.slot, err: record.err, txFee: record.fee };
    const trades = effects.filter((e) => e.kind === "trade");
    if (trades.length === 0) {
      list.push({ ...base, side: null, mint: null, sol: 0n, tokens: 0n, fee: 0n, creatorFee: 0n });
    }
    for (const t of trades) {
      list.push({
        ...base,
        side: t.isBuy ? "buy" : "sell",
        mint: t.mint,
        sol: t.solAmount,
        tokens: t.tokenAmount,
        fee: t.fee,
        creatorFee: t.creatorFee,
      });
    }
    if (list.length > this.limits.maxTxsPerWallet + (this.limits.maxTxsPerWallet >> 2)) {
      const drop = list.length - this.limits.maxTxsPerWallet;
      list.splice(0, drop);
      this.dropped.walletTxs += drop;
    }
  }

  /** The JSON report (bigints as strings). */
  report(): RefereeReport {
    return buildReport(this);
  }
}
