import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../src/clock.ts";
import { compileExitRules } from "../../src/domain/exits/index.ts";
import { PositionBook } from "../../src/positions/book.ts";
import { InMemoryPositionStore } from "../../src/positions/index.ts";
import { applyBuyFill, openingRecord } from "../../src/positions/record.ts";
import type { BuyRequest } from "../../src/pipeline/orders.ts";
import { buyConfirmed } from "./harness.ts";

const request = (mint: string): BuyRequest => ({
  mint,
  bondingCurve: `${mint}-bc`,
  creator: "Creator",
  tokenProgram: "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
  lamports: 100_000_000n,
  minTokensOut: 1n,
  launchReceivedAt: 0,
  launchSignature: `${mint}-sig`,
});

describe("a stuck position", () => {
  test("keeps its exposure but frees its max-positions slot", () => {
    const book = new PositionBook({ rules: compileExitRules({}), clock: new ManualClock(), store: new InMemoryPositionStore() });
    const open = applyBuyFill(openingRecord(request("MintA"), { now: 0 }), buyConfirmed() as never, 0);
    const stuck = { ...applyBuyFill(openingRecord(request("MintB"), { now: 0 }), buyConfirmed() as never, 0), status: "stuck" as const };
    book.add(open, () => {});
    book.add(stuck, () => {});
    expect(book.openCount()).toBe(1);
    expect(book.exposureFor("MintB")).toBeGreaterThan(0n);
    expect(book.totalExposure()).toBe(book.exposureFor("MintA") + book.exposureFor("MintB"));
  });
});
