import type { TradeRecord } from "../trade-record.ts";

/** Realised PnL of a closed trade in lamports: proceeds minus cost (fees are already in both). */
export function realisedPnl(t: TradeRecord): bigint {
  return t.proceedsLamports - t.costLamports;
}

/**
 * Unrealised PnL of an open position in lamports: mark (net of sell fees) + proceeds of partial sells
 * minus cost; null when the position has no mark.
 */
export function unrealisedPnl(t: TradeRecord): bigint | null {
  if (t.markLamports === null) return null;
  return t.markLamports + t.proceedsLamports - t.costLamports;
}

/** Per-trade return `pnl / cost` as a float, for statistics only; null when the cost is zero. */
export function tradeReturn(t: TradeRecord): number | null {
  if (t.costLamports <= 0n) return null;
  return Number(realisedPnl(t)) / Number(t.costLamports);
}

/** Hold time of a closed trade in ms (closedAt - openedAt, never negative). */
export function holdMs(t: TradeRecord): number {
  return t.closedAt === null ? 0 : Math.max(0, t.closedAt - t.openedAt);
}

/** Sum of bigints. */
export function sumBig(values: Iterable<bigint>): bigint {
  let s = 0n;
  for (const v of values) s += v;
  return s;
}

/** `a / n` rounded half away from zero, in bigint; null when n is 0 (an average of nothing). */
export function divRound(a: bigint, n: bigint): bigint | null {
  if (n === 0n) return null;
  const neg = a < 0n !== n < 0n;
  const [x, y] = [a < 0n ? -a : a, n < 0n ? -n : n];
  const q = (x * 2n + y) / (y * 2n);
  return neg ? -q : q;
}
