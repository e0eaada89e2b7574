import type { Referee, RequestStamp } from "./index.ts";
import type { Stamp } from "../rpc/context.ts";

/** Per wallet, what happened between the first launch notification and its first transaction. */
export interface WalletLatency {
  wallet: string;
  firstTxSignature: string;
  firstTxAt: Stamp;
  /** First tx received minus first launch notification written (ms, monotonic); null if never notified. */
  notifyToSendMs: number | null;
  /** First tx received minus launch landed (ms, monotonic). */
  launchToSendMs: number | null;
  rpcCallsBetween: { count: number; methods: Record<string, number> };
}

/** The referee's JSON report. */
export interface RefereeReport {
  generatedAt: Stamp;
  mints: {
    mint: string;
    launch: { signature: string; slot: number; at: Stamp } | null;
    notifications: { subscriber: number; at: Stamp }[];
    wallets: WalletLatency[];
  }[];
  wallets: Record<
    string,
    {
      signature: string;
      slot: number;
      err: unknown;
      side: "buy" | "sell" | null;
      mint: string | null;
      sol: string;
      tokens: string;
      fee: string;
      creatorFee: string;
      txFee: string;
    }[]
  >;
  requests: { total: number; byMethod: Record<string, number> };
  dropped: { mints: number; requests: number; walletTxs: number };
}

function lowerBound(reqs: RequestStamp[], mono: number): number {
  let lo = 0;
  let hi = reqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reqs[mid]!.at.mono < mono) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function countBetween(reqs: RequestStamp[], from: number, to: number): WalletLatency["rpcCallsBetween"] {
  const methods: Record<string, number> = {};
  let count = 0;
  for (let i = lowerBound(reqs, from); i < reqs.length && reqs[i]!.at.mono < to; i++) {
    const m = reqs[i]!.method;
    methods[m] = (methods[m] ?? 0) + 1;
    count++;
  }
  return { count, methods };
}

/** Builds the report from the referee's records. */
export function buildReport(r: Referee): RefereeReport {
  const reqs = r.requests;
  const byMethod: Record<string, number> = {};
  for (const q of reqs) byMethod[q.method] = (byMethod[q.method] ?? 0) + 1;
  const mints = [...r.mints.values()].map((m) => {
    const firstNotify = m.notified.reduce<number | null>((min, n) => (min === null || n.at.mono < min ? n.at.mono : min), null);
    const wallets: WalletLatency[] = [...m.firstTx.entries()].map(([wallet, tx]) => ({
      wallet,
      firstTxSignature: tx.signature,
      firstTxAt: tx.at,
      notifyToSendMs: firstNotify === null ? null : tx.at.mono - firstNotify,
      launchToSendMs: m.launch ? tx.at.mono - m.launch.at.mono : null,
      // The sendTransaction itself is excluded: it is stamped at receipt, the window ends just before it.
      rpcCallsBetween: firstNotify === null ? { count: 0, methods: {} } : countBetween(reqs, firstNotify, tx.at.mono),
    }));
    return { mint: m.mint, launch: m.launch ?? null, notifications: m.notified, wallets };
  });
  const wallets: RefereeReport["wallets"] = {};
  for (const [w, list] of r.walletTxs) {
    wallets[w] = list.map((t) => ({
      signature: t.signature,
      slot: t.slot,
      err: t.err,
      side: t.side,
      mint: t.mint,
      sol: t.sol.toString(),
      tokens: t.tokens.toString(),
      fee: t.fee.toString(),
      creatorFee: t.creatorFee.toString(),
      txFee: t.txFee.toString(),
    }));
  }
  return { generatedAt: r.stamp(), mints, wallets, requests: { total: reqs.length, byMethod }, dropped: { ...r.dropped } };
}
