/** A position bought on a fresh curve, and reserves that put its value at a chosen PnL. */
import { initialCurve, MAINNET_FEES, quoteBuyWithSol } from "../../../src/domain/curve.ts";
import { positionPnlBps, type ExitRules, type PositionState, type TickReserves } from "../../../src/domain/exits/index.ts";

export const OPENED_AT = 1_700_000_000_000;
const q = quoteBuyWithSol(initialCurve(), 100_000_000n, MAINNET_FEES);

/** 0.1 SOL worth bought at launch. */
export function position(over: Partial<PositionState> = {}): PositionState {
  const entry = { num: q.solAmount, den: q.tokens };
  return {
    tokensBought: q.tokens, tokensHeld: q.tokens, costLamports: q.total, entryPrice: entry, highWater: entry,
    openedAt: OPENED_AT, tpDone: 0, pendingExit: "none", ...over,
  };
}

const VTOK = initialCurve().virtualTokenReserves - q.tokens;

/** Reserves (fixed vTok) with the smallest vSol where the position's PnL >= pnlBps. */
export function reservesAtPnl(p: PositionState, pnlBps: number, rules: ExitRules): TickReserves {
  let lo = 1n;
  let hi = 10n ** 15n;
  const target = BigInt(pnlBps);
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (positionPnlBps(p, { virtualSolReserves: mid, virtualTokenReserves: VTOK }, rules) >= target) hi = mid;
    else lo = mid + 1n;
  }
  return { virtualSolReserves: lo, virtualTokenReserves: VTOK };
}

/** Reserves at a price `bps` of the entry price (10000 = entry). */
export function reservesAtPrice(p: PositionState, bps: number): TickReserves {
  return { virtualSolReserves: (p.entryPrice.num * VTOK * BigInt(bps)) / (p.entryPrice.den * 10_000n), virtualTokenReserves: VTOK };
}
