import { describe, expect, test } from "bun:test";
import {
  PUMP_PROGRAM_ID,
  encodeCompleteEvent,
  encodeTradeEvent,
  makeCompleteEvent,
  makeTradeEvent,
  parsePumpLogs,
  type TradeEvent,
} from "../../src/chain/pump/index.ts";
import { vector } from "./vectors.ts";

const P = PUMP_PROGRAM_ID;
const OTHER = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
const A = "BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump";
const data = (bytes: Uint8Array): string => `Program data: ${bytes.toBase64()}`;
const trade = (solAmount: bigint): string =>
  data(encodeTradeEvent(makeTradeEvent({ mint: A, user: A, solAmount, isBuy: true }), "2025"));

describe("parsePumpLogs", () => {
  test("mainnet 2026 buy: one TradeEvent, other programs' lines ignored", () => {
    const r = parsePumpLogs(vector("pump.buy.logs").value as string[]);
    expect(r).toMatchObject({ truncated: false, failed: false, errors: 0, unknown: 0 });
    expect(r.events.length).toBe(1);
    expect(r.events[0]).toMatchObject({ kind: "trade", solAmount: 50_051_224n, ixName: "buy" });
  });

  test("mainnet 2024 create+buy: CreateEvent then TradeEvent, in order", () => {
    const r = parsePumpLogs(vector("pump.create+buy.getTransaction").value as string[]);
    expect(r.events.map((e) => e.kind)).toEqual(["create", "trade"]);
    expect(r.errors).toBe(0);
  });

  test("CPI nesting: pump invoked at depth 2 by a router; data of the router itself ignored", () => {
    const ROUTER = "JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4";
    const logs = [
      `Program ${ROUTER} invoke [1]`,
      trade(999n), // router's own data: not pump's
      `Program ${P} invoke [2]`,
      "Program log: Instruction: Buy",
      `Program ${OTHER} invoke [3]`,
      trade(998n), // token program's data
      `Program ${OTHER} success`,
      trade(1n),
      `Program ${P} invoke [3]`,
      `Program ${P} consumed 2003 of 74664 compute units`,
      `Program ${P} success`,
      `Program ${P} consumed 35957 of 106893 compute units`,
      `Program ${P} success`,
      `Program ${ROUTER} success`,
      `Program ${P} invoke [1]`,
      trade(2n),
      `Program ${P} success`,
    ];
    const r = parsePumpLogs(logs);
    expect(r.events.map((e) => (e as TradeEvent).solAmount)).toEqual([1n, 2n]);
    expect(r.failed).toBe(false);
  });

  test("data a pump self-CPI (event authority) logs at depth 2 counts as pump's", () => {
    const logs = [`Program ${P} invoke [1]`, `Program ${P} invoke [2]`, trade(5n), `Program ${P} success`, `Program ${P} success`];
    expect(parsePumpLogs(logs).events.length).toBe(1);
  });

  test("a failed invocation: its events are dropped and failed is set", () => {
    const logs = [
      `Program ${P} invoke [1]`,
      trade(1n),
      `Program ${P} success`,
      `Program ${P} invoke [1]`,
      trade(2n),
      `Program ${OTHER} invoke [2]`,
      `Program ${OTHER} failed: insufficient funds`,
      `Program ${P} consumed 1000 of 200000 compute units`,
      `Program ${P} failed: custom program error: 0x1772`,
    ];
    const r = parsePumpLogs(logs);
    expect(r.failed).toBe(true);
    expect(r.events.map((e) => (e as TradeEvent).solAmount)).toEqual([1n]);
  });

  test("Log truncated: reported, events before it kept", () => {
    const logs = [`Program ${P} invoke [1]`, trade(1n), "Log truncated"];
    const r = parsePumpLogs(logs);
    expect(r.truncated).toBe(true);
    expect(r.events.length).toBe(1);
  });

  test("undecodable and unknown data lines are counted, not thrown", () => {
    const logs = [
      `Program ${P} invoke [1]`,
      "Program data: AAAA",
      "Program data: !!!not base64!!!",
      `Program data: ${new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]).toBase64()}`, // unknown discriminator
      data(encodeCompleteEvent(makeCompleteEvent({ user: A, mint: A, bondingCurve: A })).subarray(0, 20)),
      data(encodeCompleteEvent(makeCompleteEvent({ user: A, mint: A, bondingCurve: A }))),
      `Program ${P} success`,
    ];
    const r = parsePumpLogs(logs);
    expect(r.errors).toBe(3);
    expect(r.unknown).toBe(1);
    expect(r.events.map((e) => e.kind)).toEqual(["complete"]);
  });

  test("data with no open invocation is ignored; a programId option selects another program", () => {
    expect(parsePumpLogs([trade(1n)]).events.length).toBe(0);
    const logs = [`Program ${OTHER} invoke [1]`, trade(3n), `Program ${OTHER} success`];
    expect(parsePumpLogs(logs).events.length).toBe(0);
    expect(parsePumpLogs(logs, { programId: OTHER }).events.length).toBe(1);
  });
});
