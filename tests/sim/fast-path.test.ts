/**
 * The simulator's hot-path shortcuts give the same bytes and results as the shared codecs and the
 * generic path: TradeEvent template, bonding-curve read / patch, u64 helpers, signatures, bounded
 * maps, reused trade shapes, batched websocket frames.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import bs58 from "bs58";
import fc from "fast-check";
import {
  decodeBondingCurve,
  decodeEventCpi,
  decodePumpEvent,
  encodeBondingCurve,
  encodeTradeEvent,
  makeTradeEvent,
  PUMP_PROGRAM_ID,
  type TradeEvent,
} from "../../src/chain/pump/index.ts";
import { applyBuy, applySell, buyCostForTokens, buyTokensForSol, initialCurve, MAINNET_FEES, sellSolForTokens, type CurveReserves } from "../../src/domain/curve.ts";
import type { SimCluster } from "../../src/sim/cluster/index.ts";
import { BoundedMap, pubkeyAt, readU64, SignatureSource, writeU64 } from "../../src/sim/fast.ts";
import { patchCurve, readCurve, tradeEventBytes, type SimTradeFields } from "../../src/sim/pump/event-bytes.ts";
import { seededRng } from "../../src/rng.ts";
import { openWs, startTestCluster, testSigner, waitFor } from "./helpers.ts";

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const key = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => bs58.encode(b));

describe("byte helpers", () => {
  test("readU64 / writeU64 round-trip every u64 (both sides of 2^53) like DataView", () => {
    fc.assert(
      fc.property(u64, fc.integer({ min: 0, max: 8 }), (v, at) => {
        const b = new Uint8Array(17);
        writeU64(b, at, v);
        expect(new DataView(b.buffer).getBigUint64(at, true)).toBe(v);
        expect(readU64(b, at)).toBe(v);
      }),
    );
  });

  test("pubkeyAt is base58 of the 32 bytes, also for keys sharing a 6-byte prefix", () => {
    const a = new Uint8Array(64).fill(7);
    const b = a.slice();
    b[40] = 9;
    expect(pubkeyAt(a, 0)).toBe(bs58.encode(a.subarray(0, 32)));
    expect(pubkeyAt(b, 10)).toBe(bs58.encode(b.subarray(10, 42)));
    expect(pubkeyAt(a, 10)).toBe(bs58.encode(a.subarray(10, 42)));
  });

  test("signatures are unique, 87 base58 digits, and decode to 64 bytes", () => {
    const src = new SignatureSource(seededRng(3).next);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const s = src.next();
      expect(seen.has(s)).toBe(false);
      seen.add(s);
      if (i % 997 === 0) expect(bs58.decode(s).length).toBe(64);
    }
  });

  test("BoundedMap keeps the newest `limit` entries", () => {
    const m = new BoundedMap<number, number>(100);
    for (let i = 0; i < 5_000; i++) m.set(i, i);
    m.set(4_999, -1); // an update does not count as a new entry
    expect(m.size).toBe(100);
    expect(m.get(4_899)).toBeUndefined();
    expect(m.get(4_900)).toBe(4_900);
    expect(m.get(4_999)).toBe(-1);
  });
});

describe("TradeEvent template", () => {
  test("same bytes as encodeTradeEvent(makeTradeEvent(fields), '2026')", () => {
    const fields = fc.record({
      mint: key,
      solAmount: u64,
      tokenAmount: u64,
      isBuy: fc.boolean(),
      user: key,
      timestamp: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
      virtualSolReserves: u64,
      virtualTokenReserves: u64,
      realSolReserves: u64,
      realTokenReserves: u64,
      feeRecipient: key,
      feeBasisPoints: u64,
      fee: u64,
      creator: key,
      creatorFeeBasisPoints: u64,
      creatorFee: u64,
      trackVolume: fc.boolean(),
      ixName: fc.constantFrom("buy" as const, "sell" as const, "buy_exact_sol_in" as const),
    });
    fc.assert(
      fc.property(fields, (f: SimTradeFields) => {
        const mine = tradeEventBytes(f);
        const theirs = encodeTradeEvent(makeTradeEvent(f as Partial<TradeEvent>), "2026");
        expect(Buffer.from(mine).equals(Buffer.from(theirs))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("bonding curve fast paths", () => {
  const curve = {
    virtualTokenReserves: 1_073_000_000_000_000n,
    virtualSolReserves: 30_000_000_000n,
    realTokenReserves: 793_100_000_000_000n,
    realSolReserves: 0n,
    tokenTotalSupply: 1_000_000_000_000_000n,
    complete: false,
    creator: "C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN",
    isMayhemMode: false,
    isCashbackCoin: false,
    quoteMint: "11111111111111111111111111111111",
    creatorFeeBps: 0n,
    canEditCreatorFee: false,
    isHolderReward: false,
  };

  for (const length of [49, 81, 150]) {
    test(`readCurve and patchCurve agree with the shared codec (${length} bytes)`, () => {
      const data = encodeBondingCurve(curve, length);
      const r = readCurve(data);
      const d = decodeBondingCurve(data);
      expect(r).toEqual({
        virtualTokenReserves: d.virtualTokenReserves,
        virtualSolReserves: d.virtualSolReserves,
        realTokenReserves: d.realTokenReserves,
        realSolReserves: d.realSolReserves,
        tokenTotalSupply: d.tokenTotalSupply,
        complete: d.complete,
        creator: d.creator,
      });
      const next = { virtualTokenReserves: 1n, virtualSolReserves: 2n ** 60n, realTokenReserves: 3n, realSolReserves: 4n };
      const patched = patchCurve(data, next, true);
      const reencoded = encodeBondingCurve({ ...curve, ...next, complete: true }, length);
      expect(Buffer.from(patched).equals(Buffer.from(reencoded))).toBe(true);
    });
  }

  test("data that is not a bonding curve is refused as before", () => {
    expect(() => readCurve(new Uint8Array(150))).toThrow();
  });
});

describe("market trades through reused trade shapes", () => {
  let c: SimCluster;
  beforeAll(async () => {
    c = await startTestCluster({ seed: 9 });
  });
  afterAll(async () => {
    await c.stop();
  });

  test("every trade's record, TradeEvent and balances follow the curve math exactly", async () => {
    const creator = testSigner(40).address;
    const traders = [testSigner(41).address, testSigner(42).address];
    const { mint } = c.api.launchToken({ creator, name: "F", symbol: "F", uri: "u" });
    const w = await openWs(c.wsUrl);
    await w.request(1, "logsSubscribe", [{ mentions: [PUMP_PROGRAM_ID] }, { commitment: "processed" }]);
    let curve: CurveReserves = initialCurve();
    const signatures: string[] = [];
    const held = new Map<string, bigint>();
    for (let i = 0; i < 60; i++) {
      const trader = traders[i % 2]!;
      const sell = i % 3 === 2;
      const tokens = sell ? (held.get(trader) ?? 0n) / 3n : 0n;
      const r = sell ? c.api.trade({ trader, mint, side: "sell", tokens }) : c.api.trade({ trader, mint, side: "buy", lamports: 1_000_000n + BigInt(i) * 77_777n });
      if (!r.ok) throw new Error(r.reason);
      signatures.push(r.signature);
      if (sell) {
        const q = sellSolForTokens(curve, tokens, MAINNET_FEES);
        expect(r.solAmount).toBe(q.solAmount);
        curve = applySell(curve, tokens, q.solAmount);
        held.set(trader, held.get(trader)! - tokens);
      } else {
        const t = buyTokensForSol(curve, 1_000_000n + BigInt(i) * 77_777n, MAINNET_FEES);
        const q = buyCostForTokens(curve, t, MAINNET_FEES);
        expect(r.tokenAmount).toBe(t);
        expect(r.solAmount).toBe(q.solAmount);
        curve = applyBuy(curve, t, q.solAmount);
        held.set(trader, (held.get(trader) ?? 0n) + t);
      }
      expect(c.api.tokenBalance(trader, mint)).toBe(held.get(trader)!);
      const view = c.api.curve(mint)!;
      expect(view.virtualSolReserves).toBe(curve.virtualSolReserves);
      expect(view.realTokenReserves).toBe(curve.realTokenReserves);
      const rec = c.chain.ledger.txs.get(r.signature)!;
      expect(rec.err).toBeNull();
      const line = rec.logs.find((l) => l.startsWith("Program data: "))!;
      const ev = decodePumpEvent(Buffer.from(line.slice(14), "base64")) as TradeEvent;
      expect(ev.kind).toBe("trade");
      expect(ev.user).toBe(trader);
      expect(ev.isBuy).toBe(!sell);
      expect(ev.virtualTokenReserves).toBe(curve.virtualTokenReserves);
      // The event self-CPI carries the same event.
      const cpi = rec.innerInstructions.flatMap((g) => g.instructions).find((ix) => rec.accountKeys[ix.programIdIndex] === PUMP_PROGRAM_ID)!;
      expect(decodeEventCpi(cpi.data)).toEqual(ev);
      // Lamports moved as recorded: the trader's pre/post balances match the ledger.
      const at = rec.accountKeys.indexOf(trader);
      expect(rec.postBalances[at]).toBe(c.api.balance(trader));
    }
    expect(new Set(signatures).size).toBe(signatures.length);
    // Frames arrive in trade order, one per trade, after the subscription reply.
    await waitFor(() => w.messages.filter((m) => m.method === "logsNotification").length >= 60, 3000, "60 notifications");
    const notified = w.messages.filter((m) => m.method === "logsNotification").map((m) => m.params.result.value.signature);
    expect(notified).toEqual(signatures);
    // Backfill: getSignaturesForAddress newest first.
    const page = c.chain.ledger.txs.signaturesFor(mint, { limit: 1000 }).map((r) => r.signature);
    expect(page.slice(0, 60)).toEqual([...signatures].reverse());
    w.ws.close();
  });
});

describe("the landed-record bound", () => {
  test("maxTxRecords keeps the newest records; older ones are forgotten", async () => {
    const c = await startTestCluster({ maxTxRecords: 10 });
    try {
      const creator = testSigner(50).address;
      const { mint } = c.api.launchToken({ creator, name: "B", symbol: "B", uri: "u" });
      const sigs: string[] = [];
      for (let i = 0; i < 25; i++) {
        const r = c.api.trade({ trader: testSigner(51).address, mint, side: "buy", lamports: 1_000_000n });
        if (!r.ok) throw new Error(r.reason);
        sigs.push(r.signature);
      }
      expect(c.chain.ledger.txs.get(sigs[14]!)).toBeUndefined();
      expect(c.chain.ledger.txs.get(sigs[15]!)?.signature).toBe(sigs[15]!);
      expect(c.chain.ledger.txs.signaturesFor(mint, {}).map((r) => r.signature)).toEqual(sigs.slice(15).reverse());
    } finally {
      await c.stop();
    }
  });
});
