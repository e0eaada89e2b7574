import { describe, expect, test } from "bun:test";
import { parsePumpLogs } from "../../src/chain/pump/logs.ts";
import { PUMP_PROGRAM_ID } from "../../src/chain/pump/constants.ts";
import { createLaunchRehearsal } from "../../src/listener/launch-rehearsal.ts";
import { LogsFrame } from "../../src/listener/logs-frame.ts";

describe("listener: the warm-up's rehearsal launch", () => {
  test("reads a create and its dev buy, as the listener would deliver them", () => {
    const r = createLaunchRehearsal();
    const got = r.read(5, 1_000)!;
    expect(got).not.toBeNull();
    const { launch, devBuy } = got;
    expect(launch).toMatchObject({ type: "launch.detected", slot: 1, receivedAt: 5, seenAt: 1_000, source: 0 });
    expect(launch.event).toMatchObject({ kind: "create", mint: r.mint, name: "rehearsal", symbol: "RHSL" });
    expect(devBuy).toMatchObject({ type: "trade.observed", signature: launch.signature, slot: 1, receivedAt: 5, seenAt: 1_000, source: 0 });
    expect(devBuy.event).toMatchObject({ kind: "trade", mint: r.mint, isBuy: true, user: launch.event.creator, solAmount: 1_000_000_000n });
    // The dev buy's reserves continue the create's curve.
    expect(devBuy.event.virtualSolReserves).toBe(launch.event.virtualSolReserves + devBuy.event.solAmount);
    expect(devBuy.event.virtualTokenReserves).toBe(launch.event.virtualTokenReserves - devBuy.event.tokenAmount);
  });

  test("its frame is a canonical notification: the fast reader takes it, and the general decoder finds the same events", () => {
    const r = createLaunchRehearsal();
    const f = new LogsFrame();
    expect(f.read(r.frame)).toBe(true);
    const got = r.read(0, 0)!;
    expect(f.signature).toBe(got.launch.signature);
    const logs = (JSON.parse(r.frame) as { params: { result: { value: { logs: string[]; err: unknown } } } }).params.result.value;
    expect(logs.err).toBeNull();
    const parsed = parsePumpLogs(logs.logs, { programId: PUMP_PROGRAM_ID });
    expect(parsed).toMatchObject({ truncated: false, failed: false, errors: 0, unknown: 0 });
    expect(parsed.events).toEqual([got.launch.event, got.devBuy.event]);
  });

  test("each read decodes the frame afresh; each rehearsal has its own random keys", () => {
    const r = createLaunchRehearsal();
    const a = r.read(0, 0)!;
    const b = r.read(1, 1)!;
    expect(b.launch.event).not.toBe(a.launch.event);
    expect(b.launch.event).toEqual(a.launch.event);
    const other = createLaunchRehearsal();
    expect(other.mint).not.toBe(r.mint);
    expect(other.read(0, 0)!.launch.event.creator).not.toBe(a.launch.event.creator);
  });

  test("keys come from the injected byte source", () => {
    let n = 0;
    const counting = (k: number): Uint8Array => Uint8Array.from({ length: k }, () => (n++ * 7 + 1) & 0xff);
    const a = createLaunchRehearsal(PUMP_PROGRAM_ID, counting);
    n = 0;
    const b = createLaunchRehearsal(PUMP_PROGRAM_ID, counting);
    expect(b.frame).toBe(a.frame);
  });
});
