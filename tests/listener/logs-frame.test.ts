import { describe, expect, test } from "bun:test";
import { encodeCreateEvent, encodeTradeEvent, makeCreateEvent, makeTradeEvent, PUMP_PROGRAM_ID, type PumpEvent } from "../../src/chain/pump/index.ts";
import { createListenerState } from "../../src/listener/index.ts";
import { detached, LogsFrame } from "../../src/listener/logs-frame.ts";
import { PumpLogScanner, ScanResult } from "../../src/listener/scan.ts";
import { seededRng } from "../../src/rng.ts";
import { listenerOnFakeSocket } from "./fake-socket.ts";
import { RecordingSink } from "./helpers.ts";

const P = PUMP_PROGRAM_ID;
const SIG = "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW";
const MINT = "So11111111111111111111111111111111111111112";
const create = makeCreateEvent({ name: "N", symbol: "S", uri: "u", mint: MINT, bondingCurve: MINT, user: MINT, creator: MINT });
const trade = makeTradeEvent({ mint: MINT, solAmount: 5n, tokenAmount: 7n, isBuy: true, user: MINT });
const data = (b: Uint8Array) => `Program data: ${b.toBase64()}`;
const LOGS = [
  `Program ${P} invoke [1]`,
  "Program log: Instruction: Create",
  data(encodeCreateEvent(create)),
  `Program ${P} consumed 10 of 20 compute units`,
  `Program ${P} success`,
  `Program ${P} invoke [1]`,
  data(encodeTradeEvent(trade)),
  `Program ${P} success`,
];

/** A frame as RPC nodes (and the simulated cluster) write it. */
function canonical(logs: readonly string[], o: { slot?: number; sub?: number; sig?: string } = {}): string {
  const result = JSON.stringify({ context: { slot: o.slot ?? 123 }, value: { signature: o.sig ?? SIG, err: null, logs } });
  return `{"jsonrpc":"2.0","method":"logsNotification","params":{"result":${result},"subscription":${o.sub ?? 7}}}`;
}

function linesOf(f: LogsFrame, text: string): string[] {
  return Array.from({ length: f.lines }, (_, i) => text.slice(f.starts[i], f.ends[i]));
}

describe("LogsFrame: a canonical logsNotification read without JSON.parse", () => {
  test("reads subscription, slot, signature and every line where it lies", () => {
    const f = new LogsFrame();
    const text = canonical(LOGS, { slot: 987_654_321_012, sub: 42 });
    expect(f.read(text)).toBe(true);
    expect([f.subscription, f.slot, f.signature]).toEqual([42, 987_654_321_012, SIG]);
    expect(linesOf(f, text)).toEqual(LOGS);
    expect(f.read(canonical([]))).toBe(true);
    expect(f.lines).toBe(0);
  });

  test("the signature it keeps does not keep the frame's text alive", () => {
    const f = new LogsFrame();
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    // A flat string, as a websocket frame is (decoded from bytes, not built by concatenation), of ~100 KB.
    const frameText = (i: number) => decoder.decode(encoder.encode(canonical([...LOGS, `Program log: ${"x".repeat(100_000)}`], { slot: i })));
    const externalMb = () => {
      Bun.gc(true);
      return process.memoryUsage().external / 1e6;
    };
    // One frame alive at a time: whatever stays reachable afterwards is held by what was kept.
    const base = externalMb();
    const kept: string[] = [];
    for (let i = 0; i < 400; i++) {
      f.read(frameText(i));
      kept.push(f.signature);
    }
    const afterKept = externalMb();
    // The control: plain slices of the same frames hold all 40 MB of them.
    const sliced: string[] = [];
    for (let i = 0; i < 400; i++) {
      const text = frameText(i);
      sliced.push(text.slice(text.indexOf(SIG), text.indexOf(SIG) + SIG.length));
    }
    const afterSliced = externalMb();
    expect(kept.every((s) => s === SIG) && sliced.every((s) => s === SIG)).toBe(true);
    expect(afterKept - base).toBeLessThan(5);
    expect(afterSliced - afterKept).toBeGreaterThan(30);
    expect(detached("abc")).toBe("abc");
  });

  test("anything else reads false and is left to JSON.parse", () => {
    const f = new LogsFrame(16);
    const good = canonical(LOGS);
    const others: Record<string, string> = {
      "keys in another order": good.replace('{"jsonrpc":"2.0","method":"logsNotification"', '{"method":"logsNotification","jsonrpc":"2.0"'),
      "an extra context field": good.replace('"context":{"slot":123}', '"context":{"slot":123,"apiVersion":"2.2.0"}'),
      "a failed transaction": good.replace('"err":null', '"err":{"InstructionError":[0,{"Custom":1}]}'),
      "an escaped quote in a line": canonical([...LOGS, 'Program log: Memo (len 3): "hi"']),
      "a unicode escape": good.replace("Instruction: Create", "Instruction: Cre\\u0061te"),
      "a raw control character": good.replace("Instruction: Create", "Instruction:\tCreate"),
      "a slot with a leading zero": good.replace('"slot":123', '"slot":0123'),
      "a 16-digit slot": good.replace('"slot":123', '"slot":1234567890123456'),
      "a negative subscription": good.replace('"subscription":7', '"subscription":-7'),
      "a fractional subscription": good.replace('"subscription":7', '"subscription":7.5'),
      "trailing bytes": `${good} `,
      "cut short": good.slice(0, -1),
      "a number where a line is": good.replace('["', '[5,"'),
      "more lines than the bound": canonical(Array.from({ length: 17 }, () => "Program log: x")),
      "another method": good.replace("logsNotification", "slotNotification"),
    };
    for (const [what, text] of Object.entries(others)) expect({ what, read: f.read(text) }).toEqual({ what, read: false });
    expect(f.read(canonical(Array.from({ length: 16 }, () => "Program log: x")))).toBe(true);
  });

  test("whatever it accepts, JSON.parse reads the same (200,000 seeded mutations)", () => {
    const rng = seededRng(11);
    const f = new LogsFrame();
    const base = canonical(LOGS);
    const alphabet = '{}[]",:0123456789\\ \tabcnul-.e';
    let accepted = 0;
    for (let i = 0; i < 200_000; i++) {
      let text = base;
      for (let k = 1 + Math.floor(rng.next() * 3); k > 0; k--) {
        const at = Math.floor(rng.next() * text.length);
        const op = rng.next();
        const ch = alphabet[Math.floor(rng.next() * alphabet.length)]!;
        text = op < 0.4 ? text.slice(0, at) + text.slice(at + 1) : op < 0.7 ? text.slice(0, at) + ch + text.slice(at) : text.slice(0, at) + ch + text.slice(at + 1);
      }
      if (!f.read(text)) continue;
      accepted++;
      const m = JSON.parse(text) as { jsonrpc: string; method: string; params: { subscription: number; result: { context: { slot: number }; value: { signature: string; err: null; logs: string[] } } } };
      expect(Object.keys(m)).toEqual(["jsonrpc", "method", "params"]);
      expect([m.jsonrpc, m.method, m.params.result.value.err]).toEqual(["2.0", "logsNotification", null]);
      expect([f.subscription, f.slot, f.signature]).toEqual([m.params.subscription, m.params.result.context.slot, m.params.result.value.signature]);
      expect(linesOf(f, text)).toEqual(m.params.result.value.logs);
    }
    // Mutations inside log lines and the signature keep the shape: the check above really ran.
    expect(accepted).toBeGreaterThan(20_000);
  });

  test("scanning the frame's text gives what scanning the parsed lines gives", () => {
    const f = new LogsFrame();
    const cases: string[][] = [
      LOGS,
      [...LOGS.slice(0, 3), "Log truncated"],
      [`Program ${P} invoke [1]`, "Program data: !!!", data(encodeTradeEvent(trade))],
      [`Program 11111111111111111111111111111111 invoke [1]`, data(encodeTradeEvent(trade)), "Program 11111111111111111111111111111111 failed: custom program error: 0x1", data(encodeCreateEvent(create))],
      [`Program ${P} invoke [1]`, `Program ${P} invoke [2]`, data(encodeCreateEvent(create)), `Program ${P} failed: x`, data(encodeTradeEvent(trade)), "Program return: abc [1]"],
    ];
    for (const logs of cases) {
      const fromText: PumpEvent["kind"][] = [];
      const fromLines: PumpEvent["kind"][] = [];
      const a = new PumpLogScanner(P, (ev) => fromText.push(ev.kind));
      const b = new PumpLogScanner(P, (ev) => fromLines.push(ev.kind));
      const text = canonical(logs);
      expect(f.read(text)).toBe(true);
      const ra = a.scanText(text, f.starts, f.ends, f.lines);
      expect([ra, fromText, a.position]).toEqual([b.scan(logs), fromLines, b.position]);
    }
    const kinds: PumpEvent["kind"][] = [];
    const s = new PumpLogScanner(P, (ev) => kinds.push(ev.kind));
    expect(s.scan([`Program ${P} invoke [1]`, data(encodeCreateEvent(create)), 5, data(encodeTradeEvent(trade))])).toBe(ScanResult.BadLine);
    expect(kinds).toEqual(["create"]);
  });
});

describe("the listener reads canonical frames itself, the rest through JSON.parse", () => {
  test("same events and counters both ways; duplicates and foreign subscriptions are still told apart", async () => {
    const sink = new RecordingSink();
    const state = createListenerState(["ws://t"], 100);
    const { listener, deliver } = await listenerOnFakeSocket({ sink, state, subId: 9 });
    const ep = state.stats.endpoints[0]!;

    deliver(canonical(LOGS, { sub: 9, slot: 77 }));
    expect(sink.launches.map((l) => [l.event.mint, l.signature, l.slot])).toEqual([[MINT, SIG, 77]]);
    expect(sink.trades.length).toBe(1);
    expect([ep.notifications, ep.jsonParsed, ep.firstSeen]).toEqual([1, 0, 1]);

    deliver(canonical(LOGS, { sub: 9 }));
    expect([ep.notifications, ep.duplicates, sink.launches.length]).toEqual([2, 1, 1]);

    const SIG2 = `${SIG.slice(0, -1)}V`;
    deliver(canonical(LOGS, { sub: 9, sig: SIG2, slot: 78 }).replace('{"jsonrpc":"2.0","method":"logsNotification"', '{"method":"logsNotification","jsonrpc":"2.0"'));
    expect(sink.launches.map((l) => [l.signature, l.slot])).toEqual([[SIG, 77], [SIG2, 78]]);
    expect([ep.notifications, ep.jsonParsed, ep.firstSeen]).toEqual([3, 1, 2]);

    deliver(canonical(LOGS, { sub: 10, sig: `${SIG.slice(0, -1)}X` }));
    expect(listener.clients[0]!.stats.malformed["unknown-subscription"]).toBe(1);
    expect(sink.launches.length).toBe(2);

    deliver(canonical(LOGS, { sub: 9, sig: "not-a-signature" }));
    expect([ep.notifications, ep.malformed.shape, sink.launches.length]).toEqual([4, 1, 2]);
    listener.close();
  });
});

describe("the listener's seen-at stamp", () => {
  test("is taken once per frame, at its first event: a launch and its dev buy share it, the next frame gets its own", async () => {
    const sink = new RecordingSink();
    let wall = 1_764_000_000_000;
    // Each read of the wall clock moves it on by 1 ms, so a second stamp would show.
    const clock = { now: () => wall++, monotonic: () => performance.now() };
    const { listener, deliver } = await listenerOnFakeSocket({ sink, state: createListenerState(["ws://t"], 100), subId: 9, clock });
    deliver(canonical(LOGS, { sub: 9 }));
    deliver(canonical(LOGS.slice(5), { sub: 9, sig: `${SIG.slice(0, -1)}V` }));
    const [first, second] = sink.trades.map((t) => t.seenAt);
    expect(sink.launches.map((l) => l.seenAt)).toEqual([first!]);
    expect(second!).toBeGreaterThan(first!);
    expect(first!).toBeGreaterThanOrEqual(1_764_000_000_000);
    listener.close();
  });
});
