import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import {
  DISC,
  PumpDecodeError,
  ZERO_PUBKEY,
  decodeEventCpi,
  decodePumpEvent,
  decodeTradeEventReference,
  encodeCompleteEvent,
  encodeCreateEvent,
  encodeMigrationEvent,
  encodePumpEvent,
  encodeTradeEvent,
  makeCompleteEvent,
  makeCreateEvent,
  makeMigrationEvent,
  makeTradeEvent,
  type CreateEvent,
  type TradeEvent,
} from "../../src/chain/pump/index.ts";
import { expectMatchesDecoded, vector } from "./vectors.ts";

const b64 = (s: string): Uint8Array => Uint8Array.fromBase64(s);
const dataLines = (logs: string[]): Uint8Array[] => logs.filter((l) => l.startsWith("Program data: ")).map((l) => b64(l.slice(14)));

const buyLogs = vector("pump.buy.logs");
const createBuy = vector("pump.create+buy.getTransaction");
const trade2026 = dataLines(buyLogs.value as string[])[0]!;
const [create2024, trade2024] = dataLines(createBuy.value as string[]) as [Uint8Array, Uint8Array];

const A = "BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump";
const B = "DG6aWRd9ft47v9MZxeoHrxaJfVfLcXRTwC4RZ23DkokX";
const C = "C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN";

describe("decodePumpEvent on mainnet vectors", () => {
  test("2026 TradeEvent (258 B) decodes to the vector's values", () => {
    const ev = decodePumpEvent(trade2026);
    expect(ev.kind).toBe("trade");
    expect(ev.layoutBytes).toBe(258);
    expect(ev.layoutBytes).toBe((buyLogs.decoded as Record<string, unknown>)._len as number);
    expectMatchesDecoded(ev as unknown as Record<string, unknown>, buyLogs.decoded as Record<string, unknown>);
    const t = ev as TradeEvent;
    expect(t.cashback).toBe(0n);
    expect(t.shareholders).toEqual([]);
    expect(t.extra.length).toBe(0);
  });

  test("2024 CreateEvent (ends at user) and 121 B TradeEvent decode with defaults", () => {
    const decoded = createBuy.decoded as Record<string, unknown>[];
    const c = decodePumpEvent(create2024) as CreateEvent;
    expect(c.kind).toBe("create");
    expect(c.layoutBytes).toBe(decoded[0]!._len as number);
    expectMatchesDecoded(c as unknown as Record<string, unknown>, decoded[0]!);
    expect(c.creator).toBe(ZERO_PUBKEY);
    expect(c.timestamp).toBe(0n);
    expect(c.tokenProgram).toBe(ZERO_PUBKEY);

    const t = decodePumpEvent(trade2024) as TradeEvent;
    expect(t.kind).toBe("trade");
    expect(t.layoutBytes).toBe(121);
    expectMatchesDecoded(t as unknown as Record<string, unknown>, decoded[1]!);
    expect(t.feeRecipient).toBe(ZERO_PUBKEY);
    expect(t.feeBasisPoints).toBe(0n);
    expect(t.ixName).toBe("");
    expect(t.trackVolume).toBe(false);
  });

  test("encode(decode(bytes)) == bytes for every vector event", () => {
    for (const bytes of [trade2026, create2024, trade2024]) {
      expect(encodePumpEvent(decodePumpEvent(bytes))).toEqual(bytes);
    }
    expect(encodeTradeEvent(decodePumpEvent(trade2026) as TradeEvent)).toEqual(trade2026);
    expect(encodeTradeEvent(decodePumpEvent(trade2026) as TradeEvent, "2026")).toEqual(trade2026);
    expect(encodeTradeEvent(decodePumpEvent(trade2024) as TradeEvent, "2024")).toEqual(trade2024);
    expect(encodeCreateEvent(decodePumpEvent(create2024) as CreateEvent, "2024")).toEqual(create2024);
  });

  test("the self-CPI form (e445a52e51cb9a1d ‖ event) decodes the same", () => {
    const cpi = new Uint8Array(8 + trade2026.length);
    cpi.set(DISC.eventCpi);
    cpi.set(trade2026, 8);
    expect(decodeEventCpi(cpi)).toEqual(decodePumpEvent(trade2026));
    expect(() => decodeEventCpi(trade2026)).toThrow(PumpDecodeError);
  });
});

describe("layouts", () => {
  const full: TradeEvent = makeTradeEvent({
    mint: A, solAmount: 1_000n, tokenAmount: 2_000n, isBuy: false, user: B, timestamp: -5n,
    virtualSolReserves: 30n, virtualTokenReserves: 40n, realSolReserves: 50n, realTokenReserves: 60n,
    feeRecipient: C, feeBasisPoints: 95n, fee: 10n, creator: A, creatorFeeBasisPoints: 30n, creatorFee: 3n,
    trackVolume: true, totalUnclaimedTokens: 7n, totalClaimedTokens: 8n, currentSolVolume: 9n, lastUpdateTimestamp: 11n,
    ixName: "sell", mayhemMode: true, cashbackFeeBasisPoints: 5n, cashback: 6n, buybackFeeBasisPoints: 12n, buybackFee: 13n,
    shareholders: [{ address: B, shareBps: 5000 }, { address: C, shareBps: 5000 }],
    quoteMint: C, quoteAmount: 14n, virtualQuoteReserves: 15n, realQuoteReserves: 16n,
  });

  test.each([
    ["2024", 121, "fee_recipient"],
    ["2025", 217, "track_volume"],
    ["2026", 259, "cashback_fee_basis_points"],
    ["full", 259 + 32 + 4 + 2 * 34 + 32 + 24, null],
  ] as const)("TradeEvent layout %s: %i bytes, round trip", (layout, len, truncatedAt) => {
    const bytes = encodeTradeEvent(full, layout);
    expect(bytes.length).toBe(8 + len);
    const back = decodePumpEvent(bytes) as TradeEvent;
    expect(back.layoutBytes).toBe(len);
    expect(back.truncatedAt).toBe(truncatedAt);
    expect(encodeTradeEvent(back)).toEqual(bytes);
    expect(back.mint).toBe(A);
    expect(back.timestamp).toBe(-5n);
    if (layout === "full") expect({ ...back, layoutBytes: 0 }).toEqual({ ...full, layoutBytes: 0 });
    if (layout === "2024") expect(back.creator).toBe(ZERO_PUBKEY);
  });

  test("TradeEvent 2025 offsets match wire-format (creator@177, creator_fee@217)", () => {
    const bytes = encodeTradeEvent(full, "2025");
    const view = new DataView(bytes.buffer);
    expect(view.getBigUint64(40, true)).toBe(1_000n);
    expect(bytes[56]).toBe(0);
    expect(view.getBigUint64(161, true)).toBe(95n);
    expect(view.getBigUint64(217, true)).toBe(3n);
  });

  test("unknown trailing bytes of a newer layout are kept and re-emitted", () => {
    const bytes = encodeTradeEvent(full, "full");
    const longer = new Uint8Array(bytes.length + 5);
    longer.set(bytes);
    longer.set([1, 2, 3, 4, 5], bytes.length);
    const ev = decodePumpEvent(longer) as TradeEvent;
    expect(ev.truncatedAt).toBe(null);
    expect(Array.from(ev.extra)).toEqual([1, 2, 3, 4, 5]);
    expect(encodeTradeEvent(ev)).toEqual(longer);
  });

  test("a field cut in the middle is defaulted and its bytes kept", () => {
    const bytes = encodeTradeEvent(full, "2025").subarray(0, 8 + 121 + 10);
    const ev = decodePumpEvent(bytes) as TradeEvent;
    expect(ev.truncatedAt).toBe("fee_recipient");
    expect(ev.feeRecipient).toBe(ZERO_PUBKEY);
    expect(ev.extra.length).toBe(10);
    expect(encodeTradeEvent(ev)).toEqual(bytes);
  });

  const create = makeCreateEvent({
    name: "Mystical Cat", symbol: "MCC", uri: "https://ipfs.io/ipfs/x", mint: A, bondingCurve: B, user: C, creator: C,
    timestamp: 1_770_000_000n, virtualTokenReserves: 1_073_000_000_000_000n, virtualSolReserves: 30_000_000_000n,
    realTokenReserves: 793_100_000_000_000n, tokenTotalSupply: 1_000_000_000_000_000n,
    tokenProgram: "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb", isMayhemMode: true, isCashbackEnabled: true,
    quoteMint: ZERO_PUBKEY, virtualQuoteReserves: 1n, creatorFeeBps: 30n, isHolderReward: true,
  });

  test.each([
    ["2024", "creator"],
    ["2025", "token_program"],
    ["2026", null],
  ] as const)("CreateEvent layout %s round trip", (layout, truncatedAt) => {
    const bytes = encodeCreateEvent(create, layout);
    const back = decodePumpEvent(bytes) as CreateEvent;
    expect(back.truncatedAt).toBe(truncatedAt);
    expect(back.name).toBe("Mystical Cat");
    expect(back.user).toBe(C);
    expect(encodeCreateEvent(back)).toEqual(bytes);
    if (layout === "2026") {
      expect({ ...back, layoutBytes: 0 }).toEqual({ ...create, layoutBytes: 0 });
      // three strings (4-byte lengths + 12 + 3 + 22 bytes) + 251 fixed bytes
      expect(back.layoutBytes).toBe(3 * 4 + 12 + 3 + 22 + 251);
    }
  });

  test("Complete and migration events round trip; complete may lack timestamp/quote_mint", () => {
    const c = makeCompleteEvent({ user: A, mint: B, bondingCurve: C, timestamp: 9n, quoteMint: ZERO_PUBKEY });
    const bytes = encodeCompleteEvent(c);
    expect(bytes.length).toBe(8 + 32 * 4 + 8);
    expect(decodePumpEvent(bytes)).toMatchObject({ kind: "complete", user: A, mint: B, bondingCurve: C, timestamp: 9n, truncatedAt: null });
    const short = decodePumpEvent(bytes.subarray(0, 8 + 96));
    expect(short).toMatchObject({ kind: "complete", timestamp: 0n, truncatedAt: "timestamp" });
    expect(encodePumpEvent(short)).toEqual(bytes.subarray(0, 8 + 96));
    const m = makeMigrationEvent({ user: A, mint: B, mintAmount: 1n, solAmount: 2n, poolMigrationFee: 3n, bondingCurve: C, timestamp: 4n, pool: A });
    const mb = encodeMigrationEvent(m);
    expect(decodePumpEvent(mb)).toMatchObject({ kind: "migration", pool: A, solAmount: 2n, truncatedAt: null });
  });
});

describe("decode errors", () => {
  test("unknown discriminator", () => {
    const bad = trade2026.slice();
    bad[0] = bad[0]! ^ 0xff;
    try {
      decodePumpEvent(bad);
      throw new Error("did not throw");
    } catch (err) {
      expect(err).toBeInstanceOf(PumpDecodeError);
      expect((err as PumpDecodeError).reason).toBe("discriminator");
      expect((err as PumpDecodeError).kind).toBe("rejected");
    }
  });

  test.each([
    ["TradeEvent missing real_token_reserves", () => trade2024.subarray(0, 128)],
    ["CreateEvent missing user", () => create2024.subarray(0, create2024.length - 1)],
    ["CompleteEvent missing bonding_curve", () => encodeCompleteEvent(makeCompleteEvent({})).subarray(0, 8 + 64)],
    ["discriminator only", () => DISC.tradeEvent],
    ["shorter than a discriminator", () => DISC.tradeEvent.subarray(0, 5)],
  ])("truncated: %s", (_name, bytes) => {
    try {
      decodePumpEvent(bytes());
      throw new Error("did not throw");
    } catch (err) {
      expect(err).toBeInstanceOf(PumpDecodeError);
      expect((err as PumpDecodeError).reason).toBe("truncated");
    }
  });

  test("a 121-byte TradeEvent is enough", () => {
    expect(decodePumpEvent(trade2024.subarray(0, 129)).kind).toBe("trade");
  });
});

describe("hand-written TradeEvent decoder", () => {
  test("agrees with the table-driven reference on every prefix of a full event and on random payloads (seeded)", () => {
    const full = encodeTradeEvent(
      makeTradeEvent({ mint: A, user: B, creator: C, feeRecipient: C, ixName: "buy_exact_sol_in", shareholders: [{ address: A, shareBps: 1 }], quoteAmount: 3n }),
      "full",
    );
    for (let len = 129; len <= full.length; len++) {
      const bytes = full.subarray(0, len);
      expect(decodePumpEvent(bytes)).toEqual(decodeTradeEventReference(bytes));
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 121, maxLength: 420 }), (rest) => {
        const bytes = new Uint8Array(8 + rest.length);
        bytes.set(DISC.tradeEvent);
        bytes.set(rest, 8);
        expect(decodePumpEvent(bytes)).toEqual(decodeTradeEventReference(bytes));
      }),
      { seed: 11, numRuns: 1000 },
    );
    for (const bytes of [trade2024, trade2026]) expect(decodePumpEvent(bytes)).toEqual(decodeTradeEventReference(bytes));
  });
});
