import type { TradeRecord } from "../../../src/domain/trade-record.ts";

/** 1 SOL in lamports. */
export const SOL = 1_000_000_000n;
/** 00:00 UTC of the fixture day 2026-01-15. */
export const T0 = Date.UTC(2026, 0, 15);
export const HOUR = 3_600_000;

let seq = 0;

/** A closed trade with sensible defaults; override what the test is about. */
export function trade(over: Partial<TradeRecord> = {}): TradeRecord {
  seq++;
  return {
    positionId: `p${String(seq).padStart(4, "0")}`,
    mode: "sim",
    mint: `Mint${seq}`,
    name: `Token ${seq}`,
    symbol: `T${seq}`,
    creator: "CreatorX",
    openedAt: T0 + HOUR,
    closedAt: T0 + HOUR + 60_000,
    costLamports: SOL,
    proceedsLamports: SOL,
    tokensBought: 1_000_000n,
    tokensSold: 1_000_000n,
    feesLamports: 0n,
    exitReason: "take_profit",
    snipeLatencyMs: null,
    markLamports: null,
    fills: [],
    ...over,
  };
}

/** An open position (closedAt null, no exit reason). */
export function openPosition(over: Partial<TradeRecord> = {}): TradeRecord {
  return trade({ closedAt: null, exitReason: null, proceedsLamports: 0n, tokensSold: 0n, ...over });
}

/**
 * The hand-computed day (2026-01-15). Closed trades, in close order (SOL):
 *   A  cost 1.0  proceeds 1.5  pnl +0.5  r +0.5  take_profit    hold  60 s  fee 0.010  latency  100  (opened 23:59:30 the day before)
 *   B  cost 1.0  proceeds 0.8  pnl -0.2  r -0.2  stop_loss      hold 120 s  fee 0.010  latency  200  mint MB
 *   C  cost 2.0  proceeds 2.4  pnl +0.4  r +0.2  trailing_stop  hold  30 s  fee 0.020  latency  300
 *   D  cost 0.5  proceeds 0.2  pnl -0.3  r -0.6  max_hold       hold  90 s  fee 0.005  latency  400  mint MB
 *   E  cost 1.0  proceeds 1.3  pnl +0.3  r +0.3  take_profit    hold 300 s  fee 0.010  latency 1000
 * Open: F cost 1.0 mark 1.2 (unrealised +0.2) fee 0.010 latency 50; G cost 0.5 no mark, fee 0.005.
 * Outside the day: H closed the day before, J closed the day after, K opened the day after (open).
 */
export function handDay(): { inDay: TradeRecord[]; outside: TradeRecord[] } {
  const c = (name: string, mint: string, creator: string, openedAt: number, holdMs: number, cost: bigint, proceeds: bigint, reason: TradeRecord["exitReason"], fee: bigint, latency: number | null) =>
    trade({ positionId: name, name, symbol: name, mint, creator, openedAt, closedAt: openedAt + holdMs, costLamports: cost, proceedsLamports: proceeds, exitReason: reason, feesLamports: fee, snipeLatencyMs: latency });
  const inDay = [
    c("A", "MA", "C1", T0 - 30_000, 60_000, SOL, 1_500_000_000n, "take_profit", 10_000_000n, 100),
    c("B", "MB", "C2", T0 + 2 * HOUR, 120_000, SOL, 800_000_000n, "stop_loss", 10_000_000n, 200),
    c("C", "MC", "C1", T0 + 3 * HOUR, 30_000, 2n * SOL, 2_400_000_000n, "trailing_stop", 20_000_000n, 300),
    c("D", "MB", "C2", T0 + 4 * HOUR, 90_000, 500_000_000n, 200_000_000n, "max_hold", 5_000_000n, 400),
    c("E", "ME", "C3", T0 + 5 * HOUR, 300_000, SOL, 1_300_000_000n, "take_profit", 10_000_000n, 1000),
    openPosition({ positionId: "F", mint: "MF", openedAt: T0 + 6 * HOUR, costLamports: SOL, markLamports: 1_200_000_000n, feesLamports: 10_000_000n, snipeLatencyMs: 50 }),
    openPosition({ positionId: "G", mint: "MG", openedAt: T0 + 7 * HOUR, costLamports: 500_000_000n, markLamports: null, feesLamports: 5_000_000n }),
  ];
  const outside = [
    c("H", "MH", "C9", T0 - 2 * HOUR, 60_000, SOL, 5n * SOL, "take_profit", 1n, 5),
    c("J", "MJ", "C9", T0 + 24 * HOUR - 1000, 2000, SOL, 0n, "stop_loss", 1n, 5),
    openPosition({ positionId: "K", mint: "MK", openedAt: T0 + 24 * HOUR, markLamports: 9n * SOL }),
  ];
  return { inDay, outside };
}
