import { encodeCompleteEvent, makeCompleteEvent } from "../../chain/pump/index.ts";
import { applyBuy, applySell, buyCostForTokens, buyTokensForSol, sellSolForTokens, type BuyQuote, type CurveReserves, type FeeRates } from "../../domain/curve.ts";
import { SYSTEM_PROGRAM_ID } from "../chain.ts";
import type { IxContext, IxOutcome } from "../exec/context.ts";
import { addTokens, tokenAmountOf } from "../ledger/tokens.ts";
import { anchorErrorLog, PUMP_ERRORS, toInstructionErr, type PumpError } from "./errors.ts";
import { PUMP_FEES } from "./genesis.ts";
import { CpiTrace } from "./logs.ts";
import { checkTradeAccounts, isPumpError, type TradeAccounts } from "./checks.ts";
import { patchCurve, tradeEventBytes, type CurveFields } from "./event-bytes.ts";

/** The instruction a trade came from. */
export type TradeIx =
  | { name: "buy"; amount: bigint; maxSolCost: bigint; trackVolume: boolean }
  | { name: "buy_exact_sol_in"; spendableSolIn: bigint; minTokensOut: bigint; trackVolume: boolean }
  | { name: "sell"; amount: bigint; minSolOutput: bigint };

const BASE_UNITS = { buy: 52_000, buy_exact_sol_in: 54_000, sell: 40_000 } as const;

function failWith(ctx: IxContext, trace: CpiTrace, name: TradeIx["name"], e: PumpError): IxOutcome {
  ctx.logs.push(anchorErrorLog(e));
  return { ok: false, error: toInstructionErr(e), units: BASE_UNITS[name] / 2 + trace.consumed() };
}

const FEES_WITH_CREATOR: FeeRates = { protocolBps: PUMP_FEES.protocolBps, creatorBps: PUMP_FEES.creatorBps };
const FEES_NO_CREATOR: FeeRates = { protocolBps: PUMP_FEES.protocolBps, creatorBps: 0n };

function feesOf(curve: CurveFields): FeeRates {
  return curve.creator === SYSTEM_PROGRAM_ID ? FEES_NO_CREATOR : FEES_WITH_CREATOR;
}

function reservesOf(c: CurveFields): CurveReserves {
  return {
    virtualSolReserves: c.virtualSolReserves,
    virtualTokenReserves: c.virtualTokenReserves,
    realSolReserves: c.realSolReserves,
    realTokenReserves: c.realTokenReserves,
    tokenTotalSupply: c.tokenTotalSupply,
  };
}

/** A system transfer CPI from a signer; false (with the real failure logs) when funds are short. */
function payFromUser(ctx: IxContext, trace: CpiTrace, from: string, to: string, lamports: bigint): boolean {
  if (lamports === 0n) return true;
  const have = ctx.state.lamports(from);
  if (have < lamports) {
    ctx.logs.push(
      `Program ${SYSTEM_PROGRAM_ID} invoke [2]`,
      `Transfer: insufficient lamports ${have}, need ${lamports}`,
      `Program ${SYSTEM_PROGRAM_ID} failed: custom program error: 0x1`,
    );
    return false;
  }
  ctx.state.addLamports(from, -lamports);
  ctx.state.addLamports(to, lamports);
  trace.systemTransfer(from, to, lamports);
  return true;
}

function quoteBuy(ix: Extract<TradeIx, { name: "buy" | "buy_exact_sol_in" }>, c: CurveReserves, fees: FeeRates): BuyQuote | PumpError {
  if (ix.name === "buy") {
    if (ix.amount === 0n) return PUMP_ERRORS.BuyZeroAmount;
    const tokens = ix.amount < c.realTokenReserves ? ix.amount : c.realTokenReserves;
    if (tokens === 0n) return PUMP_ERRORS.NotEnoughTokensToBuy;
    const q = buyCostForTokens(c, tokens, fees);
    return q.total > ix.maxSolCost ? PUMP_ERRORS.TooMuchSolRequired : q;
  }
  if (ix.spendableSolIn === 0n) return PUMP_ERRORS.BuyZeroAmount;
  const tokens = buyTokensForSol(c, ix.spendableSolIn, fees);
  if (tokens === 0n) return PUMP_ERRORS.BuyZeroAmount;
  if (tokens < ix.minTokensOut) return PUMP_ERRORS.BuySlippageBelowMinTokensOut;
  return buyCostForTokens(c, tokens, fees);
}

function writeCurve(ctx: IxContext, acc: TradeAccounts, next: CurveReserves, complete: boolean): void {
  // The program rewrites only the reserves and `complete`; every other byte of the account stays.
  const prev = ctx.state.get(acc.bondingCurve)!;
  ctx.state.set(acc.bondingCurve, { lamports: prev.lamports, owner: prev.owner, data: patchCurve(prev.data, next, complete), executable: prev.executable });
}

function emitTrade(ctx: IxContext, trace: CpiTrace, acc: TradeAccounts, ix: TradeIx, q: { tokens: bigint; solAmount: bigint; fee: bigint; creatorFee: bigint }, after: CurveReserves, fees: FeeRates): void {
  const isBuy = ix.name !== "sell";
  const ev = tradeEventBytes({
    mint: acc.mint,
    solAmount: q.solAmount,
    tokenAmount: q.tokens,
    isBuy,
    user: acc.user,
    timestamp: BigInt(ctx.blockTime),
    virtualSolReserves: after.virtualSolReserves,
    virtualTokenReserves: after.virtualTokenReserves,
    realSolReserves: after.realSolReserves,
    realTokenReserves: after.realTokenReserves,
    feeRecipient: acc.feeRecipient,
    feeBasisPoints: fees.protocolBps,
    fee: q.fee,
    creator: acc.curve.creator,
    creatorFeeBasisPoints: fees.creatorBps,
    creatorFee: q.creatorFee,
    trackVolume: ix.name === "sell" ? false : ix.trackVolume,
    ixName: ix.name,
  });
  trace.emit(ev);
  ctx.effects.push({
    kind: "trade",
    mint: acc.mint,
    user: acc.user,
    isBuy,
    solAmount: q.solAmount,
    tokenAmount: q.tokens,
    fee: q.fee,
    creatorFee: q.creatorFee,
  });
}

/** Executes buy / buy_exact_sol_in / sell with the program's checks, curve math, fees, logs and events. */
export function executeTrade(ctx: IxContext, ix: TradeIx): IxOutcome {
  const trace = new CpiTrace(ctx);
  const isBuy = ix.name !== "sell";
  trace.log(ix.name === "buy" ? "Program log: Instruction: Buy" : ix.name === "sell" ? "Program log: Instruction: Sell" : "Program log: Instruction: BuyExactSolIn");
  const acc = checkTradeAccounts(ctx, isBuy ? "buy" : "sell");
  if (isPumpError(acc)) return failWith(ctx, trace, ix.name, acc);
  if (acc.curve.complete) return failWith(ctx, trace, ix.name, PUMP_ERRORS.BondingCurveComplete);
  const fees = feesOf(acc.curve);
  const c = reservesOf(acc.curve);
  trace.getFees(fees.protocolBps, fees.creatorBps);
  if (ix.name !== "sell") {
    const q = quoteBuy(ix, c, fees);
    if ("code" in q) return failWith(ctx, trace, ix.name, q);
    addTokens(ctx.state, acc.associatedBondingCurve, -q.tokens);
    addTokens(ctx.state, acc.associatedUser, q.tokens);
    trace.tokenTransfer(acc.tokenProgram, acc.associatedBondingCurve, acc.mint, acc.associatedUser, acc.bondingCurve, q.tokens);
    const paid =
      payFromUser(ctx, trace, acc.user, acc.bondingCurve, q.solAmount) &&
      payFromUser(ctx, trace, acc.user, acc.feeRecipient, q.fee) &&
      payFromUser(ctx, trace, acc.user, acc.creatorVault, q.creatorFee);
    if (!paid) return { ok: false, error: { Custom: 1 }, units: BASE_UNITS[ix.name] / 2 + trace.consumed() };
    const after = applyBuy(c, q.tokens, q.solAmount);
    const complete = after.realTokenReserves === 0n;
    writeCurve(ctx, acc, after, complete);
    emitTrade(ctx, trace, acc, ix, q, after, fees);
    if (complete) {
      trace.emit(encodeCompleteEvent(makeCompleteEvent({ user: acc.user, mint: acc.mint, bondingCurve: acc.bondingCurve, timestamp: BigInt(ctx.blockTime) })));
      ctx.effects.push({ kind: "complete", mint: acc.mint, user: acc.user });
    }
    return { ok: true, units: BASE_UNITS[ix.name] + trace.consumed() };
  }
  if (ix.amount === 0n) return failWith(ctx, trace, ix.name, PUMP_ERRORS.SellZeroAmount);
  const q = sellSolForTokens(c, ix.amount, fees);
  if (q.solAmount > c.realSolReserves) return failWith(ctx, trace, ix.name, PUMP_ERRORS.NotEnoughTokensToSell);
  if (q.solAmount < q.fee + q.creatorFee) return failWith(ctx, trace, ix.name, PUMP_ERRORS.TooLittleSolReceived);
  if (q.net < ix.minSolOutput) return failWith(ctx, trace, ix.name, PUMP_ERRORS.TooLittleSolReceived);
  const held = tokenAmountOf(ctx.state.get(acc.associatedUser))!; // checked to be a token account above
  if (held < ix.amount) {
    ctx.logs.push(
      `Program ${acc.tokenProgram} invoke [2]`,
      "Program log: Instruction: TransferChecked",
      "Program log: Error: insufficient funds",
      `Program ${acc.tokenProgram} consumed 1283 of ${ctx.unitsAvailable - 30_000} compute units`,
      `Program ${acc.tokenProgram} failed: custom program error: 0x1`,
    );
    return { ok: false, error: { Custom: 1 }, units: BASE_UNITS.sell / 2 + trace.consumed() };
  }
  addTokens(ctx.state, acc.associatedUser, -ix.amount);
  addTokens(ctx.state, acc.associatedBondingCurve, ix.amount);
  trace.tokenTransfer(acc.tokenProgram, acc.associatedUser, acc.mint, acc.associatedBondingCurve, acc.user, ix.amount);
  // The curve is program-owned: the program moves its lamports directly (no system CPI).
  ctx.state.addLamports(acc.bondingCurve, -q.solAmount);
  ctx.state.addLamports(acc.user, q.net);
  ctx.state.addLamports(acc.feeRecipient, q.fee);
  ctx.state.addLamports(acc.creatorVault, q.creatorFee);
  const after = applySell(c, ix.amount, q.solAmount);
  writeCurve(ctx, acc, after, false);
  emitTrade(ctx, trace, acc, ix, q, after, fees);
  return { ok: true, units: BASE_UNITS.sell + trace.consumed() };
}
