import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import {
  applyBuy,
  applySell,
  buyCostForTokens,
  initialCurve,
  quoteBuyWithSol,
  sellSolForTokens,
  type CurveReserves,
  type FeeRates,
} from "../../src/domain/curve.ts";

const RUNS = 500;
const feesArb = fc.record({ protocolBps: fc.bigInt(0n, 300n), creatorBps: fc.bigInt(0n, 100n) });
const lamports = fc.bigInt(1n, 100_000_000_000n);
/** A curve some way along: the fresh curve after one buy of up to ~80 SOL. */
const curveArb = fc.bigInt(0n, 80_000_000_000n).map((s) => {
  const c = initialCurve();
  const q = quoteBuyWithSol(c, s, { protocolBps: 0n, creatorBps: 0n });
  return applyBuy(c, q.tokens, q.solAmount);
});

const positive = (c: CurveReserves): boolean =>
  c.virtualSolReserves > 0n && c.virtualTokenReserves > 0n && c.realSolReserves >= 0n && c.realTokenReserves >= 0n;

describe("curve properties (seeded)", () => {
  test("buy then sell never returns more SOL than was paid", () => {
    fc.assert(
      fc.property(curveArb, lamports, feesArb, (c: CurveReserves, s: bigint, fees: FeeRates) => {
        const q = quoteBuyWithSol(c, s, fees);
        expect(q.total <= s).toBe(true);
        if (q.tokens === 0n) return;
        const after = applyBuy(c, q.tokens, q.solAmount);
        const back = sellSolForTokens(after, q.tokens, fees);
        expect(back.solAmount <= q.solAmount).toBe(true);
        expect(back.net <= q.total).toBe(true);
        const end = applySell(after, q.tokens, back.solAmount);
        expect(end.realSolReserves >= c.realSolReserves).toBe(true);
      }),
      { seed: 42, numRuns: RUNS },
    );
  });

  test("reserves stay positive and k = vSol*vTok never shrinks over random trade sequences", () => {
    const step = fc.oneof(fc.record({ buy: lamports }), fc.record({ sellPermille: fc.bigInt(1n, 1000n) }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), feesArb, (steps, fees) => {
        let c = initialCurve();
        let held = 0n;
        for (const st of steps) {
          const k = c.virtualSolReserves * c.virtualTokenReserves;
          if ("buy" in st) {
            const q = quoteBuyWithSol(c, st.buy, fees);
            c = applyBuy(c, q.tokens, q.solAmount);
            held += q.tokens;
          } else {
            const t = (held * st.sellPermille) / 1000n;
            const q = sellSolForTokens(c, t, fees);
            c = applySell(c, t, q.solAmount);
            held -= t;
          }
          expect(positive(c)).toBe(true);
          expect(c.virtualSolReserves * c.virtualTokenReserves >= k).toBe(true);
        }
      }),
      { seed: 7, numRuns: RUNS },
    );
  });

  test("buying more tokens never costs less", () => {
    fc.assert(
      fc.property(curveArb, fc.bigInt(1n, 10n ** 14n), fc.bigInt(1n, 10n ** 12n), feesArb, (c, t, extra, fees) => {
        fc.pre(t + extra < c.realTokenReserves);
        expect(buyCostForTokens(c, t + extra, fees).total >= buyCostForTokens(c, t, fees).total).toBe(true);
      }),
      { seed: 9, numRuns: RUNS },
    );
  });
});
