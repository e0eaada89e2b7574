import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../src/clock.ts";
import {
  compileFilterConfig, createFilterContext, createLaunchGate, type DecisionRecord, type FilterSettings, type SkipDecision,
} from "../../../src/domain/filters/index.ts";
import type { BuyRequest } from "../../../src/pipeline/orders.ts";
import { CREATOR, launch, MINT, trade } from "./fixtures.ts";

interface SetupOptions {
  boughtBound?: number;
  /** The base check (the journal in the bot); default: nothing bought. */
  alreadyBought?: (mint: string) => boolean;
  /** What takes a buy; default: records it in `buys`. */
  onBuy?: (r: BuyRequest) => SkipDecision | void;
}

function setup(settings: Partial<FilterSettings> = {}, o: SetupOptions = {}) {
  const config = compileFilterConfig(settings);
  const ctx = createFilterContext(config, {
    creatorHistory: { priorRugs: () => 0 }, walletLamports: () => 10_000_000_000n, openPositions: () => 0,
    totalExposureLamports: () => 0n, exposureFor: () => 0n, alreadyBought: o.alreadyBought ?? (() => false),
  });
  const deferred: Array<() => void> = [];
  const buys: BuyRequest[] = [];
  const log: DecisionRecord[] = [];
  const gate = createLaunchGate({
    config, ctx, clock: new ManualClock(), onBuy: o.onBuy ?? ((r) => void buys.push(r)),
    decisionLog: { recordDecision: (d) => log.push(d) }, defer: (fn) => deferred.push(fn),
    ...(o.boughtBound === undefined ? {} : { boughtBound: o.boughtBound }),
  });
  const runDeferred = () => deferred.splice(0).forEach((fn) => fn());
  return { gate, buys, log, runDeferred };
}

describe("launch gate: the dev buy of the same transaction", () => {
  test("waits for the same-signature trade delivered in the same notification", () => {
    const { gate, buys, log, runDeferred } = setup({ devBuyMinLamports: 1_000_000_000 });
    gate.launch(launch({}, "S"));
    expect(gate.trade(trade({ isBuy: true, user: CREATOR, solAmount: 2_000_000_000n }, "S"))).toBe(true);
    expect(buys).toHaveLength(0);
    runDeferred();
    expect(buys).toHaveLength(1);
    expect(log[0]!.devBuyLamports).toBe(2_000_000_000n);
    expect(log[0]!.decision.action).toBe("buy");
  });

  test("no dev trade in the notification: decided with dev buy 0", () => {
    const { gate, buys, log, runDeferred } = setup({ devBuyMinLamports: 1 });
    gate.launch(launch({}, "S"));
    expect(gate.trade(trade({}, "OTHER"))).toBe(false);
    runDeferred();
    expect(buys).toHaveLength(0);
    expect(log[0]!.decision).toMatchObject({ action: "skip", reason: "dev_buy_too_small" });
  });

  test("a bundled buy by someone else is not the dev buy", () => {
    const { gate, log } = setup({ devBuyMinLamports: 1 });
    gate.launch(launch({}, "S"));
    gate.trade(trade({ isBuy: true, user: "Bundler", solAmount: 5_000_000_000n }, "S"));
    gate.flush();
    expect(log[0]!.decision).toMatchObject({ action: "skip", reason: "dev_buy_too_small" });
  });

  test("never buys a mint twice; the rate limiter counts buys", () => {
    const { gate, buys, log } = setup({ maxLaunchesPerMinute: 1 });
    gate.launch(launch({}, "A"));
    gate.flush();
    gate.launch(launch({}, "B"));
    gate.flush();
    gate.launch(launch({ mint: "Other" }, "C"));
    gate.flush();
    expect(buys.map((b) => b.mint)).toEqual([MINT]);
    expect(log.map((d) => (d.decision.action === "buy" ? "buy" : d.decision.reason))).toEqual(["buy", "already_bought", "launch_rate_limit"]);
  });
});

describe("launch gate: the mints it bought this run", () => {
  test("remembers the last `boughtBound` of them, forgetting the oldest first", () => {
    const { gate, buys } = setup({}, { boughtBound: 3 });
    const mints = ["M1", "M2", "M3", "M4"];
    mints.forEach((mint, i) => {
      gate.launch(launch({ mint }, `S${i}`));
      gate.flush();
    });
    expect(buys.map((b) => b.mint)).toEqual(mints);
    expect(mints.map((m) => gate.boughtThisRun(m))).toEqual([false, true, true, true]);
    // Forgotten by the gate: only the journal (alreadyBought, here always false) would still refuse it.
    gate.launch(launch({ mint: "M1" }, "S9"));
    gate.flush();
    expect(buys).toHaveLength(5);
  });

  test("a long run's mints stay exact past the ring's first growth (256)", () => {
    const { gate } = setup({ maxLaunchesPerMinute: 100_000 });
    const mint = (i: number): string => `Mint${String(i).padStart(40, "0")}`; // 44 characters, like a real one
    for (let i = 0; i < 1000; i++) {
      gate.launch(launch({ mint: mint(i) }, `S${i}`));
      gate.flush();
    }
    for (let i = 0; i < 1000; i++) expect(gate.boughtThisRun(mint(i))).toBe(true);
    expect(gate.boughtThisRun(mint(1000))).toBe(false);
  });
});

describe("launch gate: the mints it bought this run, beside the journal", () => {
  test("keeps only what the journal does not hold: a sent buy is the journal's, a refused one the gate's", () => {
    const journal = new Set<string>();
    const { gate, log } = setup({ maxLaunchesPerMinute: 100 }, {
      alreadyBought: (mint) => journal.has(mint),
      // "Sent" records the intent (as the executor does before its send); "Refused" is turned down unsent.
      onBuy: (r) => {
        if (r.mint.startsWith("Sent")) journal.add(r.mint);
        else return { action: "skip", reason: "trading_unavailable", detail: "executor not running" };
      },
    });
    const decide = (mint: string, sig: string): string => {
      gate.launch(launch({ mint }, sig));
      gate.flush();
      const d = log.at(-1)!.decision;
      return d.action === "buy" ? "buy" : d.reason;
    };
    expect(decide("SentMint", "S1")).toBe("buy");
    expect(decide("RefusedMint", "S2")).toBe("trading_unavailable");
    expect(gate.boughtThisRun("SentMint")).toBe(false);
    expect(gate.boughtThisRun("RefusedMint")).toBe(true);
    // Neither is decided again: one through the journal, the other through the gate.
    expect(decide("SentMint", "S3")).toBe("already_bought");
    expect(decide("RefusedMint", "S4")).toBe("already_bought");
  });

  test("a buy whose onBuy throws is still remembered (never decided twice)", () => {
    let calls = 0;
    const { gate } = setup({}, {
      onBuy: () => {
        calls++;
        throw new Error("boom");
      },
    });
    gate.launch(launch({}, "S1"));
    expect(() => gate.flush()).toThrow("boom");
    expect(gate.boughtThisRun(MINT)).toBe(true);
    gate.launch(launch({}, "S2"));
    gate.flush();
    expect(calls).toBe(1);
  });
});

describe("launch gate: a buy the trading side could not take", () => {
  test("is recorded as the skip onBuy returns (with its reason), not as a buy", () => {
    const { gate, log } = setup({}, {
      onBuy: () => ({ action: "skip", reason: "trading_unavailable", detail: "executor not running (starting or restarting)" }),
    });
    gate.launch(launch({}, "S"));
    gate.flush();
    expect(log.map((d) => d.decision)).toEqual([{ action: "skip", reason: "trading_unavailable", detail: "executor not running (starting or restarting)" }]);
  });
});

describe("launch gate: rehearse (the executor's warm-up)", () => {
  test("decides as a flush would, dev buy included, and records, holds, rate-counts and buys nothing", () => {
    const { gate, buys, log, runDeferred } = setup({ devBuyMinLamports: 1_000_000_000, maxLaunchesPerMinute: 1 });
    const l = launch({}, "S");
    const dev = trade({ isBuy: true, user: CREATOR, solAmount: 2_000_000_000n }, "S");
    expect(gate.rehearse(l, dev)).toMatchObject({ action: "buy", request: { mint: MINT } });
    expect(gate.rehearse(l, null)).toMatchObject({ action: "skip", reason: "dev_buy_too_small" });
    // A trade of another mint is not this launch's dev buy; nor is someone else's buy.
    expect(gate.rehearse(l, trade({ mint: "Other", isBuy: true, user: CREATOR, solAmount: 2_000_000_000n }, "S"))).toMatchObject({ action: "skip", reason: "dev_buy_too_small" });
    expect(gate.rehearse(l, trade({ isBuy: true, user: "Bundler", solAmount: 2_000_000_000n }, "S"))).toMatchObject({ action: "skip", reason: "dev_buy_too_small" });
    // Nor is a trade of another transaction (the gate matches a dev buy by its signature, as for a real launch).
    expect(gate.rehearse(l, trade({ isBuy: true, user: CREATOR, solAmount: 2_000_000_000n }, "Other"))).toMatchObject({ action: "skip", reason: "dev_buy_too_small" });
    for (let i = 0; i < 5; i++) gate.rehearse(l, dev);
    runDeferred();
    expect(buys).toEqual([]);
    expect(log).toEqual([]);
    expect(gate.boughtThisRun(MINT)).toBe(false);
    // Nothing held and no rate slot taken: the real launch of that mint is still bought (1 a minute).
    gate.launch(l);
    gate.trade(dev);
    gate.flush();
    expect(buys.map((b) => b.mint)).toEqual([MINT]);
    expect(log.map((d) => d.decision.action)).toEqual(["buy"]);
  });

  test("leaves a held launch of the same signature as it was (its dev buy and its place)", () => {
    const { gate, buys, log } = setup({ devBuyMinLamports: 1_000_000_000 });
    const held = launch({}, "S");
    gate.launch(held);
    gate.trade(trade({ isBuy: true, user: CREATOR, solAmount: 2_000_000_000n }, "S"));
    // A rehearsal with that signature (never the case: its signature is random) must not replace it.
    expect(gate.rehearse(launch({}, "S"), trade({ isBuy: true, user: CREATOR, solAmount: 1n }, "S"))).toMatchObject({ action: "skip", reason: "dev_buy_too_small" });
    gate.flush();
    expect(buys.map((b) => b.mint)).toEqual([MINT]);
    expect(log.map((d) => d.decision.action)).toEqual(["buy"]);
  });
});
