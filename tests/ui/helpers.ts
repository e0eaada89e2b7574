/** Shared fixtures of the UI / HTTP tests: hostile names, valid mints, trade records, a fake read model. */
import bs58 from "bs58";
import type { TradeRecord } from "../../src/domain/trade-record.ts";
import type { StatusReadModel } from "../../src/http/read-model.ts";

/** Token names an attacker would choose. */
export const HOSTILE = `<img src=x onerror=alert(1)>`;
export const HOSTILE_SYMBOL = `"><script>alert('x')</script>`;

let counter = 0;
/** A deterministic valid mint address (base58 of 32 bytes). */
export function mint(n = ++counter): string {
  const bytes = new Uint8Array(32);
  bytes.fill(7);
  new DataView(bytes.buffer).setUint32(0, n + 1);
  return bs58.encode(bytes);
}

/** A closed trade record. */
export function trade(overrides: Partial<TradeRecord> = {}): TradeRecord {
  return {
    positionId: `p${++counter}`,
    mode: "sim",
    mint: mint(),
    name: HOSTILE,
    symbol: HOSTILE_SYMBOL,
    creator: mint(),
    openedAt: 1_700_000_000_000,
    closedAt: 1_700_000_060_000,
    costLamports: 1_000_000_000n,
    proceedsLamports: 1_250_000_000n,
    tokensBought: 1_000_000n,
    tokensSold: 1_000_000n,
    feesLamports: 10_000n,
    exitReason: "take_profit",
    snipeLatencyMs: 12,
    markLamports: null,
    fills: [],
    ...overrides,
  };
}

/** A fixed read model. */
export function fakeReadModel(ready = true): StatusReadModel {
  return {
    status: () => ({ mode: "sim", phase: ready ? "running" : "starting", uptimeMs: 5 }),
    actors: () => [{ id: "root" }],
    logs: (limit) => [{ seq: 1, msg: "hello" }].slice(0, limit),
    ready: () => ready,
  };
}

/** Waits until `condition` holds (polling every 5 ms), failing after `ms`. */
export async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}
