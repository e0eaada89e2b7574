/** Slippage bounds for requests, from curve math (the sniper and the positions call these). */
import { buyTokensForSol, initialCurve, sellSolForTokens, type CurveReserves, type FeeRates, MAINNET_FEES } from "../domain/curve.ts";

const BPS = 10_000n;

/** minTokensOut of a buy_exact_sol_in of `lamports`: the quoted tokens less `slippageBps`. */
export function minTokensOutFor(lamports: bigint, slippageBps: number, reserves: CurveReserves = initialCurve(), fees: FeeRates = MAINNET_FEES): bigint {
  const expected = buyTokensForSol(reserves, lamports, fees);
  return (expected * (BPS - BigInt(slippageBps))) / BPS;
}

/** minSolOutput of a sell of `tokens`: the quoted net proceeds less `slippageBps`. */
export function minSolOutputFor(tokens: bigint, slippageBps: number, reserves: CurveReserves, fees: FeeRates = MAINNET_FEES): bigint {
  const net = sellSolForTokens(reserves, tokens, fees).net;
  return (net * (BPS - BigInt(slippageBps))) / BPS;
}
