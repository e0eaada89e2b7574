/**
 * A launch the bot can rehearse on: one synthetic logsNotification of a create + dev buy transaction
 * (throwaway random keys, the 2026 event layouts), read with the listener's own frame reader and log
 * scanner (fresh instances: the live listener's state, de-duplication and counters are never touched).
 * The executor's warm-up (hot-path-warmer.ts) reads it and puts it through the launch gate's rehearsal
 * every pass, so the launch path's code is compiled and in the CPU caches when a real launch comes:
 * between launches the bot runs thousands of trades through other code. Nothing read here leaves the
 * rehearsal: the events go to the gate's `rehearse`, which records and sends nothing.
 */
import { encodeBase58, encodeBase58Key } from "../chain/base58.ts";
import { encodeCreateEvent, encodeTradeEvent, makeCreateEvent, makeTradeEvent, type CreateEvent, type TradeEvent } from "../chain/pump/index.ts";
import { PUMP_PROGRAM_ID, SYSTEM_PROGRAM_ID, TOKEN_2022_PROGRAM_ID } from "../chain/pump/constants.ts";
import { initialCurve } from "../domain/curve.ts";
import type { LaunchDetected, TradeObserved } from "../pipeline/events.ts";
import { LogsFrame } from "./logs-frame.ts";
import { PumpLogScanner, ScanResult } from "./scan.ts";

/** One rehearsal launch: the create as the listener delivers it, and its transaction's dev buy. */
export interface RehearsalLaunch {
  launch: LaunchDetected;
  devBuy: TradeObserved;
}

/** Reads the rehearsal frame; each call decodes it again (that is the work being rehearsed). */
export interface LaunchRehearsal {
  /** The frame's launch and dev buy, decoded afresh; null if the frame did not read (a bug: tests pin it). */
  read(receivedAt: number, seenAt: number): RehearsalLaunch | null;
  /** The synthetic frame's text. */
  readonly frame: string;
  /** The rehearsal launch's mint (random; never a real one). */
  readonly mint: string;
}

/** A rehearsal over a fresh synthetic frame for `programId`. `bytes` gives random bytes (injected RNG in tests). */
export function createLaunchRehearsal(programId = PUMP_PROGRAM_ID, bytes: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): LaunchRehearsal {
  const key = (): string => encodeBase58Key(bytes(32));
  const creator = key();
  const mint = key();
  const curve = initialCurve();
  const create = makeCreateEvent({
    name: "rehearsal",
    symbol: "RHSL",
    uri: "https://example.invalid/rehearsal.json",
    mint,
    bondingCurve: key(),
    user: creator,
    creator,
    timestamp: 1_764_460_800n,
    virtualTokenReserves: curve.virtualTokenReserves,
    virtualSolReserves: curve.virtualSolReserves,
    realTokenReserves: curve.realTokenReserves,
    tokenTotalSupply: curve.tokenTotalSupply,
    tokenProgram: TOKEN_2022_PROGRAM_ID,
    quoteMint: SYSTEM_PROGRAM_ID,
  });
  const devLamports = 1_000_000_000n;
  const devTokens = (devLamports * curve.virtualTokenReserves) / (curve.virtualSolReserves + devLamports);
  const dev = makeTradeEvent({
    mint,
    solAmount: devLamports,
    tokenAmount: devTokens,
    isBuy: true,
    user: creator,
    creator,
    timestamp: 1_764_460_800n,
    virtualSolReserves: curve.virtualSolReserves + devLamports,
    virtualTokenReserves: curve.virtualTokenReserves - devTokens,
    realSolReserves: devLamports,
    realTokenReserves: curve.realTokenReserves - devTokens,
    feeRecipient: key(),
    ixName: "buy",
  });
  const frame = launchFrame(programId, encodeBase58(bytes(64)), create, dev);

  const logsFrame = new LogsFrame();
  let created: CreateEvent | null = null;
  let bought: TradeEvent | null = null;
  const scanner = new PumpLogScanner(programId, (ev) => {
    if (ev.kind === "create") created = ev;
    else if (ev.kind === "trade") bought = ev;
  });
  return {
    frame,
    mint,
    read(receivedAt, seenAt) {
      created = null;
      bought = null;
      if (!logsFrame.read(frame) || scanner.scanText(frame, logsFrame.starts, logsFrame.ends, logsFrame.lines) !== ScanResult.Ok) return null;
      const c = created as CreateEvent | null;
      const t = bought as TradeEvent | null;
      if (c === null || t === null) return null;
      const signature = logsFrame.signature;
      const slot = logsFrame.slot;
      // The same object shapes the listener's emit builds (same properties, same order).
      return {
        launch: { type: "launch.detected", event: c, signature, slot, receivedAt, seenAt, source: 0 },
        devBuy: { type: "trade.observed", event: t, signature, slot, receivedAt, seenAt, source: 0 },
      };
    },
  };
}

/** A canonical logsNotification (the shape LogsFrame reads without JSON.parse) of a create + dev buy. */
function launchFrame(programId: string, signature: string, create: CreateEvent, dev: TradeEvent): string {
  const data = (b: Uint8Array): string => `Program data: ${b.toBase64()}`;
  const logs = [
    `Program ${programId} invoke [1]`,
    "Program log: Instruction: Create",
    data(encodeCreateEvent(create, "2026")),
    `Program ${programId} consumed 110000 of 200000 compute units`,
    `Program ${programId} success`,
    `Program ${programId} invoke [1]`,
    "Program log: Instruction: Buy",
    data(encodeTradeEvent(dev, "2026")),
    `Program ${programId} consumed 40000 of 90000 compute units`,
    `Program ${programId} success`,
  ];
  return (
    '{"jsonrpc":"2.0","method":"logsNotification","params":{"result":{"context":{"slot":1},"value":{"signature":"' +
    signature +
    '","err":null,"logs":[' +
    logs.map((l) => JSON.stringify(l)).join(",") +
    ']}},"subscription":1}}'
  );
}
