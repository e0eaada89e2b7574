import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createActor } from "xstate";
import { positionsActor, type PositionsPort } from "../../src/actors/positions.actor.ts";
import { compileExitRules } from "../../src/domain/exits/index.ts";
import type { SellRequest } from "../../src/pipeline/orders.ts";
import { PortSlot } from "../../src/pipeline/port-slot.ts";
import { sellPolicyDefaults, type ExecutorPort, type MissedOutcome, type PositionRecord } from "../../src/positions/index.ts";
import { BUY_FILL, openBotHistory, openingOf, sellFill, TOKENS, type MissedScenario } from "../fixtures/store/outcome-journaled.ts";
import { intentFor } from "../fixtures/store/buy-intent.ts";
import { TestClock } from "../positions/harness.ts";
import { tempDir } from "./helpers.ts";

const child = new URL("../fixtures/store/outcome-journaled-child.ts", import.meta.url).pathname;
const positionId = intentFor("b1").positionId!;

/** Kills a bot (the child) right after the journal committed the scenario's outcome; returns its database. */
async function killedAfterTheOutcome(scenario: MissedScenario): Promise<string> {
  const dbPath = join(tempDir("missed-outcome"), "h.db");
  const proc = Bun.spawn(["bun", "run", child, dbPath, scenario], { stdout: "pipe", stderr: "inherit" });
  expect(await new Response(proc.stdout).text()).toBe("journaled\n");
  await proc.exited;
  expect(proc.signalCode).toBe("SIGKILL");
  return dbPath;
}

/** The restarted bot's positions manager on that database, wired as the bot wires it, with a recording executor. */
function restart(dbPath: string) {
  const bot = openBotHistory(dbPath);
  const sells: SellRequest[] = [];
  const changes: PositionRecord[] = [];
  const caughtUp: string[] = [];
  const executor = new PortSlot<ExecutorPort>("executor");
  // The journal has no pending sell, so the restarted executor has none in flight.
  executor.bind({ sell: (r) => (sells.push(r), { ok: true }), sellInFlight: () => false });
  const slot = new PortSlot<PositionsPort>("positions");
  const clock = new TestClock();
  const manager = createActor(positionsActor, {
    input: {
      store: bot.store, rules: compileExitRules(), policy: sellPolicyDefaults, executor, clock, scheduler: clock, slot,
      onChange: (r: PositionRecord) => {
        changes.push(r);
        bot.recorder.positionChanged(r);
      },
      onCaughtUp: (r: PositionRecord, missed: readonly MissedOutcome[]) => void caughtUp.push(`${r.status}: ${missed.map((m) => `${m.outcome.side} ${m.outcome.type}`).join(", ")}`),
    },
  });
  manager.start();
  return { ...bot, sells, changes, caughtUp, manager, port: slot.get()!, saved: () => bot.history.writer.repos.positionState<PositionRecord>(positionId)! };
}

describe("an outcome the journal committed but the position never saved (kill -9 between the two commits)", () => {
  test("a confirmed buy: the restarted position is open with the fill, not opening forever", async () => {
    const bot = restart(await killedAfterTheOutcome("buy-confirmed"));
    const buyAt = bot.history.writer.repos.fillsOfPosition(positionId)[0]!.at;
    expect(bot.port.list()).toEqual([bot.saved()]);
    expect(bot.saved()).toMatchObject({
      status: "open", tokensBought: TOKENS, tokensHeld: TOKENS, costLamports: BUY_FILL.lamports + BUY_FILL.feeLamports,
      feesLamports: BUY_FILL.feeLamports, entryPrice: { num: BUY_FILL.lamports, den: TOKENS }, openedAt: buyAt, version: 1,
    });
    expect(bot.changes.map((r) => r.status)).toEqual(["open"]);
    expect(bot.caughtUp).toEqual(["open: buy order.confirmed"]);
    expect(bot.sells).toEqual([]);
    bot.manager.stop();
    await bot.history.close();
  });

  test("a failed buy: the restarted position is failed, with the journal's reason, and not managed", async () => {
    const bot = restart(await killedAfterTheOutcome("buy-failed"));
    expect(bot.port.list()).toEqual([]);
    expect(bot.saved()).toMatchObject({ status: "failed", lastError: "slippage: too few tokens out", tokensHeld: 0n });
    expect(bot.caughtUp).toEqual(["failed: buy order.failed"]);
    expect(bot.sells).toEqual([]);
    bot.manager.stop();
    await bot.history.close();
  });

  test("a confirmed full sell: the position is closed with its proceeds and no second sell is sent", async () => {
    const bot = restart(await killedAfterTheOutcome("sell-confirmed"));
    const fill = sellFill(false);
    const soldAt = bot.history.writer.repos.fillsOfPosition(positionId).find((f) => f.side === "sell")!.at;
    expect(bot.port.list()).toEqual([]);
    expect(bot.sells).toEqual([]);
    expect(bot.saved()).toMatchObject({
      status: "closed", tokensHeld: 0n, proceedsLamports: fill.lamports - fill.feeLamports, exitReason: "take_profit", closedAt: soldAt, pendingSell: null,
    });
    // The trade record follows (the history's position row closes, as after any close).
    await bot.history.writer.flush();
    expect(bot.history.writer.repos.position(positionId)).toMatchObject({ status: "closed", exitReason: "take_profit", tokensSold: TOKENS, closedAt: soldAt });
    bot.manager.stop();
    await bot.history.close();
  });

  test("a confirmed partial sell with a full exit queued behind it: the queued exit sells the rest, once, across restarts", async () => {
    const dbPath = await killedAfterTheOutcome("partial-sell-confirmed");
    const bot = restart(dbPath);
    const fill = sellFill(true);
    expect(bot.saved()).toMatchObject({
      status: "exiting", tokensHeld: TOKENS / 2n, proceedsLamports: fill.lamports - fill.feeLamports, queuedExit: null,
      pendingSell: { reason: "stop_loss", tokens: TOKENS / 2n, full: true, attempt: 0 },
    });
    expect(bot.sells.map((s) => [s.tokens, s.reason, s.closeAccount])).toEqual([[TOKENS / 2n, "stop_loss", true]]);
    const saved = bot.saved();
    bot.manager.stop();
    await bot.history.close();

    // Nothing is applied twice: a later restart finds the record up to date and resumes the one sell.
    const again = restart(dbPath);
    expect(again.saved()).toEqual(saved);
    expect(again.changes).toEqual([]);
    expect([bot.caughtUp, again.caughtUp]).toEqual([["exiting: sell order.confirmed"], []]);
    expect(again.sells.map((s) => s.tokens)).toEqual([TOKENS / 2n]);
    again.manager.stop();
    await again.history.close();
  });
});

describe("SqlitePositionStore.missedOutcomes finds nothing where nothing was missed", () => {
  test("a pending buy, a buy another position made, an open record, and a sell not yet landed", async () => {
    const bot = openBotHistory(join(tempDir("missed-outcome"), "h.db"));
    const buy = intentFor("b1");
    bot.journal.recordIntent(buy);
    const opening = openingOf(buy, bot.clock.now());
    bot.store.savePosition(opening);
    expect(bot.store.missedOutcomes(opening)).toEqual([]);
    // The mint's other buy intent failed (another position id): not this record's outcome.
    bot.journal.recordIntent(intentFor("other", buy.mint, `${buy.mint}:other-launch-sig`));
    bot.journal.markFailed("other", "slippage");
    expect(bot.store.missedOutcomes(opening)).toEqual([]);
    bot.journal.markConfirmed("b1", BUY_FILL);
    const [missedBuy] = bot.store.missedOutcomes(opening);
    expect(missedBuy?.outcome).toMatchObject({ type: "order.confirmed", side: "buy", intentId: "b1", lamports: BUY_FILL.lamports, tokens: TOKENS, feeLamports: BUY_FILL.feeLamports, fees: BUY_FILL.fees });
    const open: PositionRecord = { ...opening, status: "open", tokensBought: TOKENS, tokensHeld: TOKENS };
    expect(bot.store.missedOutcomes(open)).toEqual([]);
    const exiting: PositionRecord = { ...open, status: "exiting" };
    expect(bot.store.missedOutcomes(exiting)).toEqual([]);
    await bot.history.close();
  });
});

describe("the trade history's row of a closed position", () => {
  test("kill -9 right after the position saved its close: the history's row is closed too (same commit), not left open", async () => {
    const dbPath = await killedAfterTheOutcome("sell-saved");
    const bot = openBotHistory(dbPath);
    const saved = bot.history.writer.repos.positionState<PositionRecord>(positionId)!;
    expect(saved).toMatchObject({ status: "closed", exitReason: "take_profit" });
    expect(bot.history.writer.repos.position(positionId)).toMatchObject({ status: "closed", closedAt: saved.closedAt, exitReason: "take_profit", markLamports: null });
    await bot.history.close();
  });

  test("a mark queued before the close and committed after it leaves no mark on the closed row", async () => {
    const bot = openBotHistory(join(tempDir("missed-outcome"), "h.db"));
    const buy = intentFor("b1");
    bot.journal.recordIntent(buy);
    bot.journal.markConfirmed("b1", BUY_FILL);
    const open: PositionRecord = { ...openingOf(buy, bot.clock.now()), status: "open", tokensBought: TOKENS, tokensHeld: TOKENS, costLamports: 101_075_000n, mark: { virtualSolReserves: 40_000_000_000n, virtualTokenReserves: 800_000_000_000_000n } };
    bot.recorder.positionChanged(open); // a mark, write-behind
    bot.store.savePosition({ ...open, status: "closed", tokensHeld: 0n, closedAt: bot.clock.now(), exitReason: "stop_loss", version: 1 });
    await bot.history.writer.flush();
    expect(bot.history.writer.repos.position(positionId)).toMatchObject({ status: "closed", exitReason: "stop_loss", markLamports: null });
    await bot.history.close();
  });
});
