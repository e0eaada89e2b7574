import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { migrate, openDatabase, schemaVersion } from "../../src/store/db.ts";
import { migrations, type Migration } from "../../src/store/migrations/index.ts";
import { tempDir } from "./helpers.ts";

const TABLES = ["actor_restarts", "alerts", "creator_rugs", "decisions", "fills", "launches", "order_intents", "position_state", "positions", "transactions"];

function tables(db: Database): string[] {
  return db
    .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);
}

describe("migrations", () => {
  test("an empty database migrates to the latest version, in WAL mode", () => {
    const path = join(tempDir(), "a.db");
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(tables(db)).toEqual(TABLES);
    expect(db.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get()?.journal_mode).toBe("wal");
    expect(Number(db.query<{ synchronous: bigint }, []>("PRAGMA synchronous").get()?.synchronous)).toBe(1); // NORMAL
    db.close();
  });

  test("synchronous=full is honoured when chosen", () => {
    const db = openDatabase(join(tempDir(), "f.db"), { synchronous: "full" });
    expect(Number(db.query<{ synchronous: bigint }, []>("PRAGMA synchronous").get()?.synchronous)).toBe(2);
    db.close();
  });

  test("re-running migrations is idempotent (reopen applies nothing, data kept)", () => {
    const path = join(tempDir(), "b.db");
    const db = openDatabase(path);
    db.run("INSERT INTO alerts (at, rule, severity, message) VALUES (1, 'r', 'info', 'kept')");
    expect(migrate(db)).toEqual([]);
    db.close();
    const again = openDatabase(path);
    expect(schemaVersion(again)).toBe(migrations.length);
    expect(again.query<{ message: string }, []>("SELECT message FROM alerts").all()).toEqual([{ message: "kept" }]);
    again.close();
  });

  test("a database at an older version advances step by step and keeps its rows", () => {
    const path = join(tempDir(), "c.db");
    const v1 = openDatabase(path, { migrations: migrations.slice(0, 1) });
    v1.run("INSERT INTO alerts (at, rule, severity, message) VALUES (1, 'r', 'info', 'from v1')");
    expect(schemaVersion(v1)).toBe(1);
    v1.close();
    const next = migrations.length + 1;
    const v2: Migration = { version: next, name: "alerts_ack", sql: "ALTER TABLE alerts ADD COLUMN acked_at INTEGER;" };
    const v3: Migration = { version: next + 1, name: "alerts_ack_index", sql: "CREATE INDEX alerts_acked ON alerts(acked_at);" };
    const db = new Database(path, { safeIntegers: true });
    expect(migrate(db, [...migrations, v2, v3])).toEqual([...migrations.slice(1).map((m) => m.version), next, next + 1]);
    expect(schemaVersion(db)).toBe(next + 1);
    expect(db.query("SELECT message, acked_at FROM alerts").all()).toEqual([{ message: "from v1", acked_at: null }]);
    expect(migrate(db, [...migrations, v2, v3])).toEqual([]);
    db.close();
  });

  test("a failing migration leaves the database at the previous whole version", () => {
    const path = join(tempDir(), "d.db");
    openDatabase(path).close();
    const bad: Migration = { version: migrations.length + 1, name: "bad", sql: "CREATE TABLE half (a INTEGER); INSERT INTO nope VALUES (1);" };
    const db = new Database(path);
    expect(() => migrate(db, [...migrations, bad])).toThrow();
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(tables(db)).not.toContain("half");
    db.close();
  });

  test("a database newer than this build is refused with a config error", () => {
    const path = join(tempDir(), "e.db");
    const db = new Database(path);
    db.run("PRAGMA user_version = 99");
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer than this build/);
  });

  test("version 3 fills creator_rugs from the positions already closed by a rug (their rows and their saved states)", () => {
    const path = join(tempDir(), "rugs.db");
    const v2 = openDatabase(path, { migrations: migrations.slice(0, 2) });
    const launch = (mint: string, creator: string) =>
      v2.run("INSERT INTO launches (mint, creator, name, symbol, uri, bonding_curve, token_program, signature, slot, seen_at, source) VALUES (?, ?, 'n', 's', 'u', 'bc', 'tp', ?, 1, 1, 'ws')", [mint, creator, `sig-${mint}`]);
    const position = (id: string, mint: string, status: string, reason: string | null) =>
      v2.run("INSERT INTO positions (id, mode, mint, opened_at, status, exit_reason) VALUES (?, 'sim', ?, 1, ?, ?)", [id, mint, status, reason]);
    launch("M1", "RUGGER");
    launch("M2", "RUGGER");
    launch("M3", "HONEST");
    position("p1", "M1", "closed", "stop_loss");
    position("p2", "M2", "closed", "creator_sold");
    position("p3", "M3", "closed", "take_profit");
    // A close only in the saved state (its row's close still queued when the process stopped).
    v2.run("INSERT INTO position_state (position_id, mint, status, version, state, updated_at) VALUES ('p4', 'M4', 'closed', 3, ?, 1)", [JSON.stringify({ creator: "LATE", exitReason: "stop_loss" })]);
    v2.run("INSERT INTO position_state (position_id, mint, status, version, state, updated_at) VALUES ('p5', 'M5', 'open', 1, ?, 1)", [JSON.stringify({ creator: "OPEN", exitReason: null })]);
    v2.close();
    const db = openDatabase(path);
    expect(db.query("SELECT creator, count(*) AS n FROM creator_rugs GROUP BY creator ORDER BY creator").all()).toEqual([
      { creator: "LATE", n: 1n },
      { creator: "RUGGER", n: 2n },
    ]);
    db.close();
  });

  test("version 4 closes the history rows of positions whose saved state is closed (their close was still queued at a kill)", () => {
    const path = join(tempDir(), "close.db");
    const v3 = openDatabase(path, { migrations: migrations.slice(0, 3) });
    const position = (id: string, status: string, mark: number | null) =>
      v3.run("INSERT INTO positions (id, mode, mint, opened_at, status, exit_reason, mark_lamports) VALUES (?, 'sim', ?, 1, ?, NULL, ?)", [id, `M-${id}`, status, mark]);
    const state = (id: string, status: string, closedAt: number | null, exitReason: string | null) =>
      v3.run("INSERT INTO position_state (position_id, mint, status, version, state, updated_at) VALUES (?, ?, ?, 3, ?, 1)", [id, `M-${id}`, status, JSON.stringify({ closedAt, exitReason })]);
    position("left-open", "open", 5);
    state("left-open", "closed", 1_700_000_123_000, "trailing_stop");
    position("no-reason", "open", null);
    state("no-reason", "closed", 1_700_000_124_000, null);
    position("still-open", "open", 7);
    state("still-open", "exiting", null, null);
    position("no-state", "open", 9);
    v3.close();
    const db = openDatabase(path);
    expect(db.query("SELECT id, status, closed_at, exit_reason, mark_lamports FROM positions ORDER BY id").all()).toEqual([
      { id: "left-open", status: "closed", closed_at: 1_700_000_123_000n, exit_reason: "trailing_stop", mark_lamports: null },
      { id: "no-reason", status: "closed", closed_at: 1_700_000_124_000n, exit_reason: "manual", mark_lamports: null },
      { id: "no-state", status: "open", closed_at: null, exit_reason: null, mark_lamports: 9n },
      { id: "still-open", status: "open", closed_at: null, exit_reason: null, mark_lamports: 7n },
    ]);
    db.close();
  });
});
