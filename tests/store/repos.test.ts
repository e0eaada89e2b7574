import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { createRepositories } from "../../src/store/repos/index.ts";
import { iterateTradeRecords, loadTradeRecords } from "../../src/store/trade-records.ts";
import { DAY, fill, HOUR, launch, seed, T0, tempDir } from "./helpers.ts";

const fresh = () => openDatabase(join(tempDir(), "r.db"));

describe("repositories", () => {
  test("launches: first sighting wins, amounts come back as bigint; decisions keep their JSON", () => {
    const db = fresh();
    const repos = createRepositories(db);
    repos.insertLaunch(launch("M", { slot: 2n ** 62n }));
    repos.insertLaunch(launch("M", { name: "second" }));
    expect(repos.launch("M")).toEqual(launch("M", { slot: 2n ** 62n }));
    repos.insertDecision({ mint: "M", decidedAt: T0, action: "skip", reason: "creator_rugged", details: { rugs: 2, cap: 10n } });
    expect(repos.decisions("M")).toEqual([{ mint: "M", decidedAt: T0, action: "skip", reason: "creator_rugged", details: { rugs: 2, cap: "10" } }]);
    expect(() => repos.insertDecision({ mint: "M", decidedAt: T0, action: "maybe" as "buy", reason: "x" })).toThrow(/CHECK/);
    db.close();
  });

  test("intents: insert, update, pending for reconciliation, transactions upserted", () => {
    const db = fresh();
    const repos = createRepositories(db);
    const big = 2n ** 63n - 1n;
    repos.insertIntent({ id: "i1", mint: "M", side: "buy", solLamports: 500_000_000n, tokenAmount: big, slippageBps: 300, createdAt: T0 });
    repos.insertIntent({ id: "i2", mint: "N", side: "sell", solLamports: 1n, tokenAmount: 2n, slippageBps: 300, createdAt: T0 + 1 });
    repos.insertIntent({ id: "i3", mint: "O", side: "buy", solLamports: 1n, tokenAmount: 2n, slippageBps: 300, createdAt: T0 + 2 });
    expect(() => repos.insertIntent({ id: "i1", mint: "M", side: "buy", solLamports: 1n, tokenAmount: 1n, slippageBps: 1, createdAt: T0 })).toThrow(/UNIQUE/);
    repos.updateIntent({ id: "i1", status: "sent", at: T0 + 5, signature: "sig-1", attempts: 1 });
    repos.updateIntent({ id: "i3", status: "failed", at: T0 + 6, lastError: "slippage" });
    repos.upsertTransaction({ signature: "sig-1", intentId: "i1", sentAt: T0 + 5 });
    repos.upsertTransaction({ signature: "sig-1", intentId: "i1", sentAt: T0 + 5, confirmedAt: T0 + 400, slot: 77n });
    const pending = repos.pendingIntents();
    expect(pending.map((i) => [i.id, i.status])).toEqual([["i1", "sent"], ["i2", "intent"]]);
    expect(pending[0]).toMatchObject({ tokenAmount: big, signature: "sig-1", attempts: 1, updatedAt: T0 + 5, lastError: null });
    expect(repos.intent("i3")).toMatchObject({ status: "failed", lastError: "slippage" });
    expect(repos.transactions("i1")).toEqual([{ signature: "sig-1", intentId: "i1", sentAt: T0 + 5, confirmedAt: T0 + 400, slot: 77n, err: null }]);
    db.close();
  });

  test("fills add exactly to their position; a duplicate signature is ignored", () => {
    const db = fresh();
    const repos = seed(db);
    expect(repos.insertFill(fill({ signature: "a-buy", positionId: "win", mint: "A", side: "buy", at: T0 }))).toBe(false);
    const win = repos.position("win");
    const fee = 9_500_000n + 500_000n + 5_000n + 100_000n;
    expect(win).toMatchObject({
      status: "closed",
      costLamports: 1_000_000_000n + fee,
      proceedsLamports: 3_000_000_000n - fee,
      feesLamports: 2n * fee,
      tokensBought: 35_000_000_000_000n,
      tokensSold: 35_000_000_000_000n,
      exitReason: "take_profit",
      rules: { tp: 2 },
    });
    db.close();
  });

  test("openPositions restores marks and the trailing high-water ratio", () => {
    const db = fresh();
    const repos = seed(db);
    const open = repos.openPositions();
    expect(open.map((p) => p.id)).toEqual(["open"]);
    expect(open[0]).toMatchObject({ mode: "paper", markLamports: 1_200_000_000n, highWater: { lamports: 30n, tokens: 1_000_000n } });
    db.close();
  });

  test("alerts and restarts are journalled, newest first", () => {
    const db = fresh();
    const repos = createRepositories(db);
    repos.insertAlert({ at: T0, rule: "loss", severity: "warn", message: "m1" });
    repos.insertAlert({ at: T0 + 1, rule: "rug", severity: "critical", mint: "M", message: "m2", details: { x: 1n } });
    repos.insertRestart({ actorId: "listener", supervisorId: "trading", at: T0, reason: "boom", count: 1 });
    expect(repos.alerts().map((a) => a.message)).toEqual(["m2", "m1"]);
    expect(repos.alerts()[0]?.details).toEqual({ x: "1" });
    expect(repos.restarts()).toEqual([{ actorId: "listener", supervisorId: "trading", at: T0, reason: "boom", count: 1 }]);
    db.close();
  });
});

describe("trade records", () => {
  test("positions come back as TradeRecords with their fills, in opening order", () => {
    const db = fresh();
    seed(db);
    const records = loadTradeRecords(db);
    expect(records.map((r) => r.positionId)).toEqual(["win", "loss", "open"]);
    const [win, , open] = records;
    expect(win).toMatchObject({ mint: "A", name: "Token A", creator: "creator-1", closedAt: T0 + 2 * HOUR, exitReason: "take_profit", markLamports: null });
    expect(win?.fills).toEqual([
      { side: "buy", at: T0 + HOUR, lamports: 1_000_000_000n, tokens: 35_000_000_000_000n, feeLamports: 10_105_000n, signature: "a-buy" },
      { side: "sell", at: T0 + 2 * HOUR, lamports: 3_000_000_000n, tokens: 35_000_000_000_000n, feeLamports: 10_105_000n, signature: "a-sell", reason: "take_profit" },
    ]);
    expect(open).toMatchObject({ closedAt: null, exitReason: null, markLamports: 1_200_000_000n, fills: [{ side: "buy" }] });
    db.close();
  });

  test.each([
    [{ from: T0 + DAY }, ["loss", "open"]],
    [{ to: T0 + DAY }, ["win"]],
    [{ from: T0 + DAY, to: T0 + 2 * DAY }, ["loss"]],
    [{ mint: "B" }, ["loss"]],
    [{ side: "sell" as const }, ["win", "loss"]],
    [{ side: "buy" as const }, ["win", "loss", "open"]],
    [{ outcome: "win" as const }, ["win"]],
    [{ outcome: "loss" as const }, ["loss"]],
    [{ outcome: "open" as const }, ["open"]],
    [{ outcome: "win" as const, mint: "B" }, []],
  ])("filter %j selects %j", (filter, ids) => {
    const db = fresh();
    seed(db);
    expect(loadTradeRecords(db, filter).map((r) => r.positionId)).toEqual(ids);
    expect([...iterateTradeRecords(db, filter)].map((r) => r.positionId)).toEqual(ids);
    db.close();
  });

  test("two iterations interleaved do not disturb each other", () => {
    const db = fresh();
    seed(db);
    const a = iterateTradeRecords(db);
    const b = iterateTradeRecords(db);
    const seen = [a.next().value?.positionId, b.next().value?.positionId, a.next().value?.positionId, b.next().value?.positionId];
    expect(seen).toEqual(["win", "win", "loss", "loss"]);
    a.return();
    b.return();
    db.close();
  });
});

describe("position_state (migration 2)", () => {
  test("keeps bigints exact, never goes back to an older version, and lists only live positions", async () => {
    const { openDatabase } = await import("../../src/store/db.ts");
    const { createRepositories } = await import("../../src/store/repos/index.ts");
    const { join } = await import("node:path");
    const db = openDatabase(join(tempDir("pstate"), "s.db"));
    const repos = createRepositories(db);
    const state = (version: number, status: string) => ({ positionId: "p1", status, version, tokens: 2n ** 62n + 7n, nested: { lamports: 123n } });
    repos.savePositionState({ positionId: "p1", mint: "M", status: "open", version: 2, state: state(2, "open"), updatedAt: 1 });
    repos.savePositionState({ positionId: "p1", mint: "M", status: "opening", version: 1, state: state(1, "opening"), updatedAt: 2 });
    expect(repos.positionState<ReturnType<typeof state>>("p1")).toEqual(state(2, "open"));
    repos.savePositionState({ positionId: "p2", mint: "N", status: "closed", version: 1, state: state(1, "closed"), updatedAt: 3 });
    expect(repos.livePositionStates<ReturnType<typeof state>>().map((s) => s.status)).toEqual(["open"]);
    db.close();
  });
});
