import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createActor, SimulatedClock } from "xstate";
import type { Clock } from "../../src/clock.ts";
import { createHistory, historyActorLogic } from "../../src/actors/history.actor.ts";
import { createSupervisor, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import type { RestartRecord } from "../../src/domain/restart-record.ts";
import { SniperError } from "../../src/errors.ts";
import { openDatabase } from "../../src/store/db.ts";
import { HistoryWriter } from "../../src/store/history-writer.ts";
import { lockHolder, lockPath } from "../../src/store/lock.ts";
import type { HistoryWrite } from "../../src/store/writes.ts";
import { T0, tempDir } from "./helpers.ts";

class TestClock extends SimulatedClock implements Clock {
  monotonic(): number {
    return this.now();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

const decision = (i: number): HistoryWrite => ({ kind: "decision", row: { mint: `m-${i}`, decidedAt: T0 + i, action: "skip", reason: String(i) } });

function setup(options: { batchSize?: number; queueBound?: number } = {}) {
  const path = join(tempDir(), "h.db");
  const db = openDatabase(path);
  const writer = new HistoryWriter({ db, ...options });
  const reader = new Database(path, { readonly: true });
  const count = () => Number(reader.query<{ n: number }, []>("SELECT count(*) AS n FROM decisions").get()?.n);
  return { path, db, writer, reader, count };
}

describe("history writer", () => {
  test("a row is acknowledged only after its batch committed (another connection sees it)", async () => {
    const { writer, count } = setup();
    let acked = false;
    const ack = writer.enqueue(decision(1)).then(() => {
      acked = true;
    });
    await settle();
    expect([acked, count(), writer.pending]).toEqual([false, 0, 1]);
    expect(writer.commitBatch()).toBe(1);
    await ack;
    expect([acked, count(), writer.pending]).toEqual([true, 1, 0]);
  });

  test("backpressure: offer answers full at the bound, enqueue waits for room, nothing is dropped", async () => {
    const { writer, count } = setup({ batchSize: 10, queueBound: 20 });
    const acks = Array.from({ length: 20 }, (_, i) => writer.offer(decision(i)));
    expect(acks.every((a) => a !== "full")).toBe(true);
    expect(writer.offer(decision(99))).toBe("full");
    let queued = false;
    const late = writer.enqueue(decision(20)).then(() => (queued = true));
    await settle();
    expect(writer.pending).toBe(20);
    writer.commitBatch();
    await settle();
    expect(writer.pending).toBe(11); // the waiting row got its room
    writer.drain();
    await Promise.all([...acks, late]);
    expect([queued, count()]).toEqual([true, 21]);
  });

  test("a row breaking a constraint is rejected alone; the rest of its batch commits", async () => {
    const { writer, count } = setup();
    const bad = writer.enqueue({ kind: "decision", row: { mint: "x", decidedAt: T0, action: "hold" as "buy", reason: "bad" } });
    const good = [writer.enqueue(decision(1)), writer.enqueue(decision(2))];
    writer.commitBatch();
    await Promise.all(good);
    const error = await bad.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SniperError);
    expect((error as SniperError).kind).toBe("rejected");
    expect([count(), writer.committed, writer.rejected]).toEqual([2, 2, 1]);
  });

  test("a batch that cannot commit stays queued and commits later", async () => {
    const { writer, db, count } = setup();
    const ack = writer.enqueue(decision(1));
    db.run("PRAGMA query_only = ON"); // stands in for a full disk: every write fails
    expect(() => writer.commitBatch()).toThrow();
    expect(writer.pending).toBe(1);
    db.run("PRAGMA query_only = OFF");
    writer.commitBatch();
    await ack;
    expect(count()).toBe(1);
  });

  test("recordIntentNow is durable when it returns; a second intent with the same id is rejected", () => {
    const { writer, reader } = setup();
    const intent = { id: "buy-M", mint: "M", side: "buy" as const, solLamports: 10n, tokenAmount: 20n, slippageBps: 100, createdAt: T0 };
    writer.recordIntentNow(intent);
    expect(reader.query("SELECT id, status FROM order_intents").all()).toEqual([{ id: "buy-M", status: "intent" }]);
    try {
      writer.recordIntentNow(intent);
      throw new Error("not rejected");
    } catch (error) {
      expect((error as SniperError).kind).toBe("rejected");
    }
    writer.updateIntentNow({ id: "buy-M", status: "sent", at: T0 + 1, signature: "s" });
    expect(writer.repos.pendingIntents()[0]).toMatchObject({ status: "sent", signature: "s" });
  });

  test("the shutdown flusher commits 10,000 pending rows and truncates the WAL", async () => {
    const { writer, path, count } = setup();
    const acks = Array.from({ length: 10_000 }, (_, i) => writer.enqueue(decision(i)));
    await writer.flush(new AbortController().signal);
    await Promise.all(acks);
    expect(count()).toBe(10_000);
    expect(statSync(`${path}-wal`).size).toBe(0);
  });
});

describe("history actor", () => {
  test("commits after the linger delay, or at once when a batch is full", async () => {
    const clock = new TestClock();
    const { writer, count } = setup({ batchSize: 5 });
    const actor = createActor(historyActorLogic(writer), { input: { lingerMs: 50 }, clock });
    actor.subscribe({ error: () => {} });
    actor.start();
    const first = writer.enqueue(decision(1));
    await settle();
    expect(count()).toBe(0);
    clock.increment(49);
    await settle();
    expect(count()).toBe(0);
    clock.increment(1);
    await settle();
    await first;
    expect(count()).toBe(1);
    const batch = Array.from({ length: 5 }, (_, i) => writer.enqueue(decision(10 + i)));
    await settle();
    await Promise.all(batch);
    expect(count()).toBe(6);
    expect(actor.getSnapshot().context).toMatchObject({ batches: 2, rows: 6 });
    actor.stop();
  });

  test("a failing commit crashes the actor, its supervisor restarts it, and the queued rows are committed", async () => {
    const clock = new TestClock();
    const restarts: RestartRecord[] = [];
    const history = createHistory({ dbPath: join(tempDir(), "s.db"), csvDir: null, lingerMs: 10 });
    const root = startRootSupervisor(createSupervisor({ id: "root", children: [history.childSpec()] }), {
      clock,
      onError: () => {},
      onRestart: (r) => restarts.push(r),
    });
    history.writer.db.run("PRAGMA query_only = ON");
    let acked = false;
    const ack = history.writer.enqueue(decision(1)).then(() => (acked = true));
    await settle();
    clock.increment(10);
    await settle();
    expect(restarts.map((r) => r.actorId)).toEqual(["history"]);
    expect([acked, history.writer.pending]).toEqual([false, 1]);
    history.writer.db.run("PRAGMA query_only = OFF");
    clock.increment(100); // backoff
    await settle();
    clock.increment(10); // linger of the new instance
    await settle();
    await ack;
    expect(history.writer.repos.decisions("m-1")).toHaveLength(1);
    root.stop();
    await history.close();
  });

  test("the checkpoint worker folds committed rows into the database file off the main thread", async () => {
    const dbPath = join(tempDir(), "c.db");
    const history = createHistory({ dbPath, csvDir: null, checkpointIntervalMs: 5 });
    expect(Number(history.writer.db.query<{ wal_autocheckpoint: bigint }, []>("PRAGMA wal_autocheckpoint").get()?.wal_autocheckpoint)).toBe(0);
    const before = statSync(dbPath).size;
    const acks = Array.from({ length: 2000 }, (_, i) => history.writer.enqueue(decision(i)));
    history.writer.drain();
    await Promise.all(acks);
    while (statSync(dbPath).size <= before) await Bun.sleep(5);
    await history.close();
    const wal = `${dbPath}-wal`;
    expect(existsSync(wal) && statSync(wal).size > 0).toBe(false); // removed or truncated at close
  });

  test("createHistory refuses a database locked by a live process and takes over a stale lock", async () => {
    const dbPath = join(tempDir(), "l.db");
    writeFileSync(lockPath(dbPath), `${process.ppid}\n`);
    expect(() => createHistory({ dbPath, csvDir: null })).toThrow(/in use by process/);
    const dead = Bun.spawnSync(["true"]).pid;
    writeFileSync(lockPath(dbPath), `${dead}\n`);
    const history = createHistory({ dbPath, csvDir: null });
    expect(lockHolder(dbPath)).toBe(process.pid);
    await history.close();
    expect(existsSync(lockPath(dbPath))).toBe(false);
  });
});
