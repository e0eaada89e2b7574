import { describe, expect, test } from "bun:test";
import bs58 from "bs58";
import { DISC, encodeCreateEvent, encodeTradeEvent, makeCreateEvent, makeTradeEvent, parsePumpLogs, PUMP_PROGRAM_ID, type PumpEvent } from "../../src/chain/pump/index.ts";
import { PumpLogScanner, ScanResult } from "../../src/listener/scan.ts";
import { eventsFromTransaction, fetchInOrder, listGap, SignatureRing, type ListenerRpc, type SignatureInfo } from "../../src/listener/index.ts";

const MINT = "So11111111111111111111111111111111111111112";

describe("SignatureRing (bounded de-duplication, drop-oldest)", () => {
  test("remembers the last N, forgets the oldest, counts evictions", () => {
    const r = new SignatureRing(3);
    expect(["a", "b", "a", "c", "d"].map((s) => r.add(s))).toEqual([true, true, false, true, true]);
    expect(r.has("a")).toBe(false);
    expect(["b", "c", "d"].every((s) => r.has(s))).toBe(true);
    expect(r.size).toBe(3);
    expect(r.evicted).toBe(1);
    expect(() => new SignatureRing(0)).toThrow(RangeError);
  });
});

describe("fetchInOrder", () => {
  test("bounded concurrency, results delivered in input order, failures delivered as Errors", async () => {
    let inFlight = 0, peak = 0;
    const delivered: Array<[number, unknown]> = [];
    await fetchInOrder(
      [30, 5, 20, 1, 10, 2],
      2,
      async (ms) => {
        peak = Math.max(peak, ++inFlight);
        await Bun.sleep(ms);
        inFlight--;
        if (ms === 20) throw new Error("boom");
        return ms * 2;
      },
      (item, result) => delivered.push([item, result instanceof Error ? result.message : result]),
    );
    expect(peak).toBe(2);
    expect(delivered).toEqual([[30, 60], [5, 10], [20, "boom"], [1, 2], [10, 20], [2, 4]]);
  });
});

describe("listGap (bounded pages)", () => {
  const sigs: SignatureInfo[] = Array.from({ length: 25 }, (_, i) => ({ signature: `s${i}`, slot: 100 + i, err: null }));
  const rpc = (calls: unknown[]): ListenerRpc => ({
    async getSignaturesForAddress(_a, o) {
      calls.push(o);
      const newest = [...sigs].reverse();
      let start = o.before ? newest.findIndex((s) => s.signature === o.before) + 1 : 0;
      const out: SignatureInfo[] = [];
      for (; start < newest.length && out.length < o.limit; start++) {
        if (newest[start]!.signature === o.until) break;
        out.push(newest[start]!);
      }
      return out;
    },
    getTransaction: async () => null,
  });
  const signal = new AbortController().signal;

  test("pages backwards to the anchor and returns oldest first", async () => {
    const calls: unknown[] = [];
    const gap = await listGap(rpc(calls), PUMP_PROGRAM_ID, { signature: "s10", slot: 110 }, { pageLimit: 4, maxPages: 10, concurrency: 1, timeoutMs: 1000 }, signal);
    expect(gap.complete).toBe(true);
    expect(gap.entries.map((e) => e.signature)).toEqual(Array.from({ length: 14 }, (_, i) => `s${i + 11}`));
    expect(calls.length).toBe(4); // 4+4+4, then the page that reaches a slot older than the anchor's
    expect(calls.some((c) => (c as { until?: string }).until !== undefined)).toBe(false);
  });

  test("lists the anchor's whole slot: a transaction of that slot listed after the anchor is not lost", async () => {
    // Slot 110 holds s9, s10, s11 (s9 listed oldest); the anchor s10 was seen, s9 was not.
    const sameSlot = sigs.map((x, i) => ({ ...x, slot: i >= 9 && i <= 11 ? 110 : x.slot }));
    const r: ListenerRpc = {
      async getSignaturesForAddress(_a, o) {
        const newest = [...sameSlot].reverse();
        const start = o.before ? newest.findIndex((x) => x.signature === o.before) + 1 : 0;
        return newest.slice(start, start + o.limit);
      },
      getTransaction: async () => null,
    };
    const gap = await listGap(r, PUMP_PROGRAM_ID, { signature: "s10", slot: 110 }, { pageLimit: 5, maxPages: 10, concurrency: 1, timeoutMs: 1000 }, signal);
    expect(gap.entries.map((e) => e.signature)).toEqual(["s9", ...Array.from({ length: 14 }, (_, i) => `s${i + 11}`)]);
  });

  test("a listing cut by its page bound continues from where it stopped (startBefore)", async () => {
    const bounds = { pageLimit: 3, maxPages: 2, concurrency: 1, timeoutMs: 1000 };
    const first = await listGap(rpc([]), PUMP_PROGRAM_ID, { signature: "s10", slot: 110 }, bounds, signal);
    expect(first.complete).toBe(false);
    const rest = await listGap(rpc([]), PUMP_PROGRAM_ID, { signature: "s10", slot: 110 }, { ...bounds, maxPages: 10 }, signal, first.entries[0]!.signature);
    expect(rest.complete).toBe(true);
    expect([...rest.entries, ...first.entries].map((e) => e.signature)).toEqual(Array.from({ length: 14 }, (_, i) => `s${i + 11}`));
  });

  test("stops at maxPages (incomplete) and at entries older than the anchor's slot (unknown anchor)", async () => {
    const cut = await listGap(rpc([]), PUMP_PROGRAM_ID, { signature: "s0", slot: 100 }, { pageLimit: 3, maxPages: 2, concurrency: 1, timeoutMs: 1000 }, signal);
    expect(cut.complete).toBe(false);
    expect(cut.entries.map((e) => e.signature)).toEqual(["s19", "s20", "s21", "s22", "s23", "s24"]);
    const unknown = await listGap(rpc([]), PUMP_PROGRAM_ID, { signature: "never-confirmed", slot: 121 }, { pageLimit: 10, maxPages: 10, concurrency: 1, timeoutMs: 1000 }, signal);
    expect(unknown.entries.map((e) => e.signature)).toEqual(["s21", "s22", "s23", "s24"]);
  });
});

describe("eventsFromTransaction", () => {
  const create = makeCreateEvent({ name: "N", symbol: "S", uri: "u", mint: MINT, bondingCurve: MINT, user: MINT, creator: MINT });
  const trade = makeTradeEvent({ mint: MINT, solAmount: 5n, tokenAmount: 7n, isBuy: true, user: MINT });
  const cpi = (ev: Uint8Array) => bs58.encode(new Uint8Array([...DISC.eventCpi, ...ev]));
  const tx = (logs: string[], err: unknown = null) => ({
    slot: 9,
    transaction: { message: { accountKeys: ["Payer111111111111111111111111111111111111111", PUMP_PROGRAM_ID] } },
    meta: {
      err,
      logMessages: logs,
      innerInstructions: [{ index: 0, instructions: [
        { programIdIndex: 1, data: cpi(encodeCreateEvent(create)) },
        { programIdIndex: 0, data: cpi(encodeTradeEvent(trade)) }, // not the pump program: ignored
        { programIdIndex: 1, data: cpi(encodeTradeEvent(trade)) },
      ] }],
      loadedAddresses: { writable: [], readonly: [] },
    },
  });

  test('"Log truncated" -> the self-CPI events of the pump program, in order', () => {
    const got = eventsFromTransaction(tx([`Program ${PUMP_PROGRAM_ID} invoke [1]`, "Log truncated"]));
    expect(got.ok).toBe(true);
    expect(got.from).toBe("inner-instructions");
    expect(got.events.map((e) => e.kind)).toEqual(["create", "trade"]);
    expect(got.events[0]!.kind === "create" && got.events[0]!.name).toBe("N");
    expect(got.slot).toBe(9);
  });

  test("complete logs are used as they are; failed and malformed transactions yield nothing", () => {
    const data = `Program data: ${encodeCreateEvent(create).toBase64()}`;
    const ok = eventsFromTransaction(tx([`Program ${PUMP_PROGRAM_ID} invoke [1]`, data, `Program ${PUMP_PROGRAM_ID} success`]));
    expect(ok.from).toBe("logs");
    expect(ok.events.length).toBe(1);
    expect(eventsFromTransaction(tx([], { InstructionError: [0, "Custom"] }))).toMatchObject({ ok: true, failed: true, events: [] });
    expect(eventsFromTransaction(null).ok).toBe(false);
    expect(eventsFromTransaction({ meta: { err: null, logMessages: ["Log truncated"] } }).ok).toBe(false);
  });
});

describe("PumpLogScanner (hot path)", () => {
  const P = PUMP_PROGRAM_ID;
  const OTHER = "11111111111111111111111111111111";
  const create = makeCreateEvent({ name: "N", symbol: "S", uri: "u", mint: MINT, bondingCurve: MINT, user: MINT, creator: MINT });
  const trade = makeTradeEvent({ mint: MINT, solAmount: 5n, tokenAmount: 7n, isBuy: true, user: MINT });
  const data = (b: Uint8Array) => `Program data: ${b.toBase64()}`;
  const cases: Array<{ name: string; logs: string[]; kinds: PumpEvent["kind"][]; result: ScanResult; position: number }> = [
    {
      name: "events of the program, nested invocations, another program's data ignored",
      logs: [
        `Program ${P} invoke [1]`, "Program log: Instruction: Create", `Program ${OTHER} invoke [2]`, data(encodeTradeEvent(trade)),
        `Program ${OTHER} success`, data(encodeCreateEvent(create)), `Program ${P} invoke [2]`, `Program ${P} consumed 10 of 20 compute units`,
        `Program ${P} success`, `Program ${P} success`, `Program ${P} invoke [1]`, data(encodeTradeEvent(trade)), `Program ${P} success`,
      ],
      kinds: ["create", "trade"], result: ScanResult.Ok, position: 2,
    },
    {
      name: "Log truncated stops the scan and reports it",
      logs: [`Program ${P} invoke [1]`, data(encodeCreateEvent(create)), "Log truncated"],
      kinds: ["create"], result: ScanResult.Truncated, position: 1,
    },
    {
      name: "an undecodable event stops the scan (bad base64)",
      logs: [`Program ${P} invoke [1]`, "Program data: !!!not-base64", data(encodeCreateEvent(create))],
      kinds: [], result: ScanResult.BadEvent, position: 0,
    },
    {
      name: "a cut event stops the scan",
      logs: [`Program ${P} invoke [1]`, data(encodeTradeEvent(trade)), data(encodeCreateEvent(create).subarray(0, 20))],
      kinds: ["trade"], result: ScanResult.BadEvent, position: 1,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const kinds: PumpEvent["kind"][] = [];
      const scanner = new PumpLogScanner(P, (ev) => kinds.push(ev.kind));
      expect(scanner.scan(c.logs)).toBe(c.result);
      expect(kinds).toEqual(c.kinds);
      expect(scanner.position).toBe(c.position);
      if (c.result === ScanResult.Ok) expect(parsePumpLogs(c.logs).events.map((e) => e.kind)).toEqual(c.kinds);
    });
  }

  test("a scan that stops tells whether a create instruction's line came before the stop (its repair goes first)", () => {
    const scanner = new PumpLogScanner(P, () => {});
    const cut = (...lines: string[]) => scanner.scan([`Program ${P} invoke [1]`, ...lines]);
    expect(cut("Program log: Instruction: CreateV2", "Log truncated")).toBe(ScanResult.Truncated);
    expect(scanner.cutLaunch).toBe(true);
    expect(cut("Program log: Instruction: Buy", data(encodeTradeEvent(trade)), "Log truncated")).toBe(ScanResult.Truncated);
    expect(scanner.cutLaunch).toBe(false);
    expect(cut("Program log: Instruction: Create", "Program data: !!!")).toBe(ScanResult.BadEvent);
    expect(scanner.cutLaunch).toBe(true);
    // A create line after the cut is not read.
    expect(cut("Program log: Instruction: Sell", "Log truncated", "Program log: Instruction: Create")).toBe(ScanResult.Truncated);
    expect(scanner.cutLaunch).toBe(false);
  });
});
