import { describe, expect, test } from "bun:test";
import { parsePumpLogs, type TradeEvent } from "../../src/chain/pump/index.ts";
import {
  MAINNET_CURVE_PARAMS,
  applyBuy,
  applySell,
  buyCostForTokens,
  buyTokensForSol,
  feeFor,
  initialCurve,
  isComplete,
  marketCapLamports,
  priceLamportsPerToken,
  priceRational,
  priceSolPerTokenForDisplay,
  progressBps,
  quoteBuyWithSol,
  reservesBeforeTrade,
  sellSolForTokens,
} from "../../src/domain/curve.ts";
import { vector } from "../chain/vectors.ts";

const trades = (kind: string): TradeEvent[] =>
  parsePumpLogs(vector(kind).value as string[]).events.filter((e): e is TradeEvent => e.kind === "trade");

describe("curve math reproduces mainnet TradeEvents", () => {
  test("Feb 2026 buy: sol_amount, fee (95 bps) and creator fee (30 bps) from the pre-trade reserves", () => {
    const [ev] = trades("pump.buy.logs");
    const pre = reservesBeforeTrade(ev!, true, ev!.solAmount, ev!.tokenAmount);
    const fees = { protocolBps: ev!.feeBasisPoints, creatorBps: ev!.creatorFeeBasisPoints };
    const q = buyCostForTokens(pre, ev!.tokenAmount, fees);
    expect(q.solAmount).toBe(ev!.solAmount);
    expect(q.fee).toBe(ev!.fee);
    expect(q.creatorFee).toBe(ev!.creatorFee);
    const post = applyBuy(pre, ev!.tokenAmount, q.solAmount);
    expect([post.virtualSolReserves, post.virtualTokenReserves, post.realSolReserves, post.realTokenReserves]).toEqual([
      ev!.virtualSolReserves, ev!.virtualTokenReserves, ev!.realSolReserves, ev!.realTokenReserves,
    ]);
  });

  test("Aug 2024 first buy on a fresh curve: initial reserves, 1.1 SOL cost; tokens from the SOL spent (1% fee era)", () => {
    const [ev] = trades("pump.create+buy.getTransaction");
    const pre = reservesBeforeTrade(ev!, true, ev!.solAmount, ev!.tokenAmount);
    expect(pre).toEqual(initialCurve());
    expect(buyCostForTokens(pre, ev!.tokenAmount, { protocolBps: 100n, creatorBps: 0n }).solAmount).toBe(ev!.solAmount);
    expect(buyTokensForSol(pre, 1_111_000_001n, { protocolBps: 100n, creatorBps: 0n })).toBe(ev!.tokenAmount);
  });
});

describe("table: fees, quotes, price", () => {
  test.each([
    [50_051_224n, 95n, 475_487n],
    [50_051_224n, 30n, 150_154n],
    [10_000n, 100n, 100n],
    [10_001n, 100n, 101n],
    [0n, 95n, 0n],
    [1n, 0n, 0n],
  ])("feeFor(%p, %p bps) = %p (ceil)", (amount, bps, fee) => {
    expect(feeFor(amount, bps)).toBe(fee);
  });

  const fresh = initialCurve();
  const fees = { protocolBps: 95n, creatorBps: 30n };

  test("buy quote totals never exceed the SOL offered; zero and dust", () => {
    for (const s of [0n, 1n, 2n, 1_000n, 10_000_000n, 1_000_000_000n, 90_000_000_000n]) {
      const q = quoteBuyWithSol(fresh, s, fees);
      expect(q.total <= s).toBe(true);
      expect(q.tokens <= fresh.realTokenReserves).toBe(true);
    }
    expect(quoteBuyWithSol(fresh, 0n, fees).tokens).toBe(0n);
    expect(quoteBuyWithSol(fresh, 1_000_000_000_000n, fees).tokens).toBe(fresh.realTokenReserves);
  });

  test("sell quote: gross minus fees; zero tokens gives zero", () => {
    const after = applyBuy(fresh, 10_000_000_000_000n, buyCostForTokens(fresh, 10_000_000_000_000n, fees).solAmount);
    const q = sellSolForTokens(after, 1_000_000_000_000n, fees);
    expect(q.net).toBe(q.solAmount - feeFor(q.solAmount, 95n) - feeFor(q.solAmount, 30n));
    expect(sellSolForTokens(after, 0n, fees).net).toBe(0n);
    expect(() => applySell(after, 10n ** 15n, after.realSolReserves + 1n)).toThrow(RangeError);
  });

  test("price at launch ~2.8e-8 SOL per token; market cap ~28 SOL; rational and scaled agree", () => {
    expect(priceSolPerTokenForDisplay(fresh)).toBeCloseTo(2.796e-8, 10);
    expect(marketCapLamports(fresh)).toBe((30_000_000_000n * 10n ** 15n) / 1_073_000_000_000_000n);
    expect(priceRational(fresh)).toEqual({ num: 30_000_000_000n, den: 1_073_000_000_000_000n });
    expect(priceLamportsPerToken(fresh, 1n)).toBe(27n); // 27.96 lamports per whole token, floored
    expect(progressBps(fresh)).toBe(0n);
  });

  test("buying all real tokens completes the curve at ~85 SOL of real deposits", () => {
    const all = fresh.realTokenReserves;
    const q = buyCostForTokens(fresh, all, fees);
    const done = applyBuy(fresh, all, q.solAmount);
    expect(isComplete(done)).toBe(true);
    expect(isComplete(fresh)).toBe(false);
    expect(done.realSolReserves > 84_000_000_000n && done.realSolReserves < 86_000_000_000n).toBe(true);
    expect(progressBps(done)).toBe(10_000n);
    expect(() => applyBuy(done, 1n, 1n)).toThrow(RangeError);
    expect(MAINNET_CURVE_PARAMS.tokenTotalSupply).toBe(done.tokenTotalSupply);
  });
});
