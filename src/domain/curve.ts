/**
 * pump.fun bonding-curve math in bigint, exactly as the program does it (docs/wire-format.md "Curve
 * math"); reproduces mainnet TradeEvents. Pure: no I/O, no floats for money.
 */

/** Curve reserves (lamports and token base units, 6 decimals). */
export interface CurveReserves {
  virtualSolReserves: bigint;
  virtualTokenReserves: bigint;
  realSolReserves: bigint;
  realTokenReserves: bigint;
  tokenTotalSupply: bigint;
}

/** Fee rates in basis points. Pass creatorBps 0n when the curve has no creator. */
export interface FeeRates {
  protocolBps: bigint;
  creatorBps: bigint;
}

/** Launch parameters (from the Global account). */
export interface CurveParams {
  initialVirtualTokenReserves: bigint;
  initialVirtualSolReserves: bigint;
  initialRealTokenReserves: bigint;
  tokenTotalSupply: bigint;
}

/** Mainnet Global values (2025-2026). */
export const MAINNET_CURVE_PARAMS: CurveParams = {
  initialVirtualTokenReserves: 1_073_000_000_000_000n,
  initialVirtualSolReserves: 30_000_000_000n,
  initialRealTokenReserves: 793_100_000_000_000n,
  tokenTotalSupply: 1_000_000_000_000_000n,
};

/** Fees seen in Feb 2026 TradeEvents: protocol 95 bps, creator 30 bps. */
export const MAINNET_FEES: FeeRates = { protocolBps: 95n, creatorBps: 30n };

const BPS = 10_000n;

/** ceil(amount * bps / 10000), the program's fee rounding. */
export function feeFor(amount: bigint, bps: bigint): bigint {
  return (amount * bps + BPS - 1n) / BPS;
}

/** A fresh curve: what a CreateEvent implies before any buy. */
export function initialCurve(p: CurveParams = MAINNET_CURVE_PARAMS): CurveReserves {
  return {
    virtualSolReserves: p.initialVirtualSolReserves,
    virtualTokenReserves: p.initialVirtualTokenReserves,
    realSolReserves: 0n,
    realTokenReserves: p.initialRealTokenReserves,
    tokenTotalSupply: p.tokenTotalSupply,
  };
}

/** A buy quote: `solAmount` moves onto the curve (the TradeEvent's sol_amount), the buyer pays `total`. */
export interface BuyQuote {
  tokens: bigint;
  solAmount: bigint;
  fee: bigint;
  creatorFee: bigint;
  total: bigint;
}

/** A sell quote: `solAmount` leaves the curve, the seller receives `net` after fees. */
export interface SellQuote {
  tokens: bigint;
  solAmount: bigint;
  fee: bigint;
  creatorFee: bigint;
  net: bigint;
}

/** Cost of buying exactly `tokens` (capped at the real token reserves by the caller): floor(t*vSol/(vTok-t)) + 1. */
export function buyCostForTokens(c: CurveReserves, tokens: bigint, fees: FeeRates): BuyQuote {
  if (tokens <= 0n) return { tokens: 0n, solAmount: 0n, fee: 0n, creatorFee: 0n, total: 0n };
  if (tokens >= c.virtualTokenReserves) throw new RangeError("buy exceeds the virtual token reserves");
  const solAmount = (tokens * c.virtualSolReserves) / (c.virtualTokenReserves - tokens) + 1n;
  const fee = feeFor(solAmount, fees.protocolBps);
  const creatorFee = feeFor(solAmount, fees.creatorBps);
  return { tokens, solAmount, fee, creatorFee, total: solAmount + fee + creatorFee };
}

/** Tokens `lamports` (fees included) buys, as buy_exact_sol_in computes them; the cost is then buyCostForTokens. */
export function buyTokensForSol(c: CurveReserves, lamports: bigint, fees: FeeRates): bigint {
  if (lamports <= 1n) return 0n;
  const net = ((lamports - 1n) * BPS) / (BPS + fees.protocolBps + fees.creatorBps);
  const tokens = (net * c.virtualTokenReserves) / (c.virtualSolReserves + net);
  return tokens < c.realTokenReserves ? tokens : c.realTokenReserves;
}

/** Full quote for spending `lamports`: tokens, then their exact cost (never above `lamports`). */
export function quoteBuyWithSol(c: CurveReserves, lamports: bigint, fees: FeeRates): BuyQuote {
  return buyCostForTokens(c, buyTokensForSol(c, lamports, fees), fees);
}

/** Proceeds of selling `tokens`: out = floor(t*vSol/(vTok+t)), minus both fees. */
export function sellSolForTokens(c: CurveReserves, tokens: bigint, fees: FeeRates): SellQuote {
  if (tokens <= 0n) return { tokens: 0n, solAmount: 0n, fee: 0n, creatorFee: 0n, net: 0n };
  const solAmount = (tokens * c.virtualSolReserves) / (c.virtualTokenReserves + tokens);
  const fee = feeFor(solAmount, fees.protocolBps);
  const creatorFee = feeFor(solAmount, fees.creatorBps);
  const net = solAmount - fee - creatorFee;
  return { tokens, solAmount, fee, creatorFee, net: net > 0n ? net : 0n };
}

/** Reserves after a buy of `tokens` that put `solAmount` (fees excluded) on the curve. */
export function applyBuy(c: CurveReserves, tokens: bigint, solAmount: bigint): CurveReserves {
  if (tokens > c.realTokenReserves) throw new RangeError("buy exceeds the real token reserves");
  return {
    ...c,
    virtualSolReserves: c.virtualSolReserves + solAmount,
    virtualTokenReserves: c.virtualTokenReserves - tokens,
    realSolReserves: c.realSolReserves + solAmount,
    realTokenReserves: c.realTokenReserves - tokens,
  };
}

/** Reserves after a sell of `tokens` that took `solAmount` (fees included) off the curve. */
export function applySell(c: CurveReserves, tokens: bigint, solAmount: bigint): CurveReserves {
  if (solAmount > c.realSolReserves) throw new RangeError("sell exceeds the real SOL reserves");
  return {
    ...c,
    virtualSolReserves: c.virtualSolReserves - solAmount,
    virtualTokenReserves: c.virtualTokenReserves + tokens,
    realSolReserves: c.realSolReserves - solAmount,
    realTokenReserves: c.realTokenReserves + tokens,
  };
}

/** Reserves before a trade, from a TradeEvent's post-trade reserves and amounts. */
export function reservesBeforeTrade(
  after: Omit<CurveReserves, "tokenTotalSupply"> & { tokenTotalSupply?: bigint },
  isBuy: boolean,
  solAmount: bigint,
  tokenAmount: bigint,
): CurveReserves {
  const sign = isBuy ? 1n : -1n;
  return {
    virtualSolReserves: after.virtualSolReserves - sign * solAmount,
    virtualTokenReserves: after.virtualTokenReserves + sign * tokenAmount,
    realSolReserves: after.realSolReserves - sign * solAmount,
    realTokenReserves: after.realTokenReserves + sign * tokenAmount,
    tokenTotalSupply: after.tokenTotalSupply ?? MAINNET_CURVE_PARAMS.tokenTotalSupply,
  };
}

/** The curve sold out: no real tokens left (the program then emits CompleteEvent). */
export function isComplete(c: CurveReserves): boolean {
  return c.realTokenReserves === 0n;
}

/** Price as an exact rational: lamports per token base unit = vSol / vTok. */
export function priceRational(c: CurveReserves): { num: bigint; den: bigint } {
  return { num: c.virtualSolReserves, den: c.virtualTokenReserves };
}

/** Price in lamports per whole token (1e6 base units), scaled by `scale` (default 1e9) and floored. */
export function priceLamportsPerToken(c: CurveReserves, scale = 1_000_000_000n): bigint {
  return (c.virtualSolReserves * 1_000_000n * scale) / c.virtualTokenReserves;
}

/** Market cap in lamports: price x total supply, floored. */
export function marketCapLamports(c: CurveReserves): bigint {
  return (c.virtualSolReserves * c.tokenTotalSupply) / c.virtualTokenReserves;
}

/** Display only (never for money): SOL per whole token, e.g. ~2.8e-8 at launch. */
export function priceSolPerTokenForDisplay(c: CurveReserves): number {
  return Number(c.virtualSolReserves) / 1e9 / (Number(c.virtualTokenReserves) / 1e6);
}

/** Fraction of the curve sold, in basis points of the initial real token reserves (display / filters). */
export function progressBps(c: CurveReserves, initialRealTokenReserves = MAINNET_CURVE_PARAMS.initialRealTokenReserves): bigint {
  if (initialRealTokenReserves === 0n) return 0n;
  return ((initialRealTokenReserves - c.realTokenReserves) * BPS) / initialRealTokenReserves;
}
