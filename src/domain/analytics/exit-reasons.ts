import { EXIT_REASONS, type ExitReason, type TradeRecord } from "../trade-record.ts";
import { realisedPnl } from "./pnl.ts";

/** An exit reason, or `unknown` for a closed record that carries none. */
export type ExitReasonKey = ExitReason | "unknown";

/** Closed trades of one exit reason. */
export interface ExitReasonStats {
  reason: ExitReasonKey;
  count: number;
  /** count / all closed trades. */
  share: number;
  pnlLamports: bigint;
  wins: number;
  losses: number;
}

/** Count, share and realised PnL per exit reason of the closed trades, in EXIT_REASONS order; reasons with no trade are left out. */
export function exitReasonBreakdown(closed: readonly TradeRecord[]): ExitReasonStats[] {
  const order: ExitReasonKey[] = [...EXIT_REASONS, "unknown"];
  const by = new Map<ExitReasonKey, ExitReasonStats>();
  for (const t of closed) {
    const reason: ExitReasonKey = t.exitReason ?? "unknown";
    const s = by.get(reason) ?? { reason, count: 0, share: 0, pnlLamports: 0n, wins: 0, losses: 0 };
    const pnl = realisedPnl(t);
    s.count++;
    s.pnlLamports += pnl;
    if (pnl > 0n) s.wins++;
    else if (pnl < 0n) s.losses++;
    by.set(reason, s);
  }
  const out: ExitReasonStats[] = [];
  for (const r of order) {
    const s = by.get(r);
    if (s !== undefined) out.push({ ...s, share: s.count / closed.length });
  }
  return out;
}
