import type { TradeRecord } from "../trade-record.ts";
import { divRound, holdMs, realisedPnl, unrealisedPnl } from "./pnl.ts";

/** Performance of one token (mint) over the records in scope. */
export interface TokenPerformance {
  mint: string;
  /** Attacker-chosen: escape before display. From the most recently opened record of the mint. */
  name: string;
  symbol: string;
  creator: string;
  /** Closed trades. */
  trades: number;
  /** Positions still open. */
  open: number;
  wins: number;
  losses: number;
  /** wins / closed trades; null with no closed trade. */
  winRate: number | null;
  /** Realised PnL of the closed trades. */
  pnlLamports: bigint;
  /** Unrealised PnL of the open positions that have a mark. */
  unrealisedLamports: bigint;
  feesLamports: bigint;
  /** Mean hold of the closed trades in ms; null with no closed trade. */
  averageHoldMs: number | null;
}

/** One row per mint, sorted by realised PnL (best first), then mint. */
export function perTokenPerformance(records: readonly TradeRecord[]): TokenPerformance[] {
  const by = new Map<string, { row: TokenPerformance; latest: number; holdSum: bigint }>();
  for (const t of records) {
    let e = by.get(t.mint);
    if (e === undefined) {
      e = {
        row: { mint: t.mint, name: t.name, symbol: t.symbol, creator: t.creator, trades: 0, open: 0, wins: 0, losses: 0, winRate: null, pnlLamports: 0n, unrealisedLamports: 0n, feesLamports: 0n, averageHoldMs: null },
        latest: t.openedAt,
        holdSum: 0n,
      };
      by.set(t.mint, e);
    }
    const row = e.row;
    if (t.openedAt > e.latest) {
      e.latest = t.openedAt;
      row.name = t.name;
      row.symbol = t.symbol;
      row.creator = t.creator;
    }
    row.feesLamports += t.feesLamports;
    if (t.closedAt === null) {
      row.open++;
      row.unrealisedLamports += unrealisedPnl(t) ?? 0n;
      continue;
    }
    const pnl = realisedPnl(t);
    row.trades++;
    row.pnlLamports += pnl;
    if (pnl > 0n) row.wins++;
    else if (pnl < 0n) row.losses++;
    e.holdSum += BigInt(holdMs(t));
  }
  const rows = [...by.values()].map(({ row, holdSum }) => {
    if (row.trades > 0) {
      row.winRate = row.wins / row.trades;
      row.averageHoldMs = Number(divRound(holdSum, BigInt(row.trades)));
    }
    return row;
  });
  return rows.sort((a, b) => (a.pnlLamports === b.pnlLamports ? (a.mint < b.mint ? -1 : a.mint > b.mint ? 1 : 0) : a.pnlLamports > b.pnlLamports ? -1 : 1));
}
