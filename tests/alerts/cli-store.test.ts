import { afterEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { alertsSection, type AlertsSettings } from "../../src/alerts/index.ts";
import { openAlertTestStore, type AlertTestStore, type StoreUnavailable } from "../../src/cli/alert-store.ts";
import { runAlertTest } from "../../src/cli/alert-test.ts";
import { openDatabase, schemaVersion } from "../../src/store/db.ts";
import { lockPath } from "../../src/store/lock.ts";
import { migrations } from "../../src/store/migrations/index.ts";
import { captureLogger } from "./helpers.ts";

const SCRIPT = resolve(import.meta.dir, "../../src/cli/alert-test.ts");
const HISTORY = resolve(import.meta.dir, "../../src/actors/history.actor.ts");
const settings = alertsSection.parse({}) as AlertsSettings;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "alert-store-"));
  dirs.push(d);
  return d;
}

/** A database of the current schema at `<dir>/data/sniper.db`. */
function database(d: string): string {
  const path = join(d, "data", "sniper.db");
  openDatabase(path).close();
  return path;
}

function alertRows(path: string): Array<Record<string, unknown>> {
  const db = new Database(path, { readonly: true });
  const rows = db.query<Record<string, unknown>, []>("SELECT rule, severity, mint, message, details FROM alerts").all();
  db.close();
  return rows;
}

async function run(opened: AlertTestStore | StoreUnavailable) {
  const { logger } = captureLogger();
  return runAlertTest({ settings, secrets: {}, logger, ...("store" in opened ? { store: opened.store } : { storeUnavailable: opened }) });
}

describe("bun run alert:test, store sink", () => {
  test("writes the test alert into the alerts table through the bot's writer, then releases the lock", async () => {
    const path = database(dir());
    const opened = openAlertTestStore(path) as AlertTestStore;
    expect("store" in opened).toBe(true);
    expect(readFileSync(lockPath(path), "utf8").trim()).toBe(String(process.pid));
    const { ok, lines } = await run(opened);
    opened.close();
    expect(ok).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^log: ok in \d+ ms$/);
    expect(lines[1]).toMatch(/^store: ok in \d+ ms$/);
    expect(alertRows(path)).toEqual([
      { rule: "alert-test", severity: "info", mint: null, message: "Test alert from pump-sniper: delivery works.", details: '{"source":"bun run alert:test"}' },
    ]);
    expect(existsSync(lockPath(path))).toBe(false);
  });

  test("while the bot runs, the store line says it is skipped and why; the database is not touched", async () => {
    const path = database(dir());
    const bot = Bun.spawn(
      ["bun", "-e", `const { createHistory } = await import(${JSON.stringify(HISTORY)}); createHistory({ dbPath: ${JSON.stringify(path)}, csvDir: null }); console.log("ready"); setInterval(() => {}, 60000);`],
      { stdout: "pipe", stderr: "inherit" },
    );
    try {
      const reader = bot.stdout.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain("ready");
      const opened = openAlertTestStore(path);
      expect(opened).toEqual({ reason: `the bot is running (pid ${bot.pid}) and is the only writer of ${path}; stop it to test this sink`, failed: false });
      const { ok, lines } = await run(opened);
      expect(ok).toBe(true);
      expect(lines[1]).toBe(`store: skipped: the bot is running (pid ${bot.pid}) and is the only writer of ${path}; stop it to test this sink`);
      expect(lines).toHaveLength(2);
      expect(readFileSync(lockPath(path), "utf8").trim()).toBe(String(bot.pid));
      expect(alertRows(path)).toEqual([]);
    } finally {
      bot.kill("SIGKILL");
      await bot.exited;
    }
  });

  test("no database yet, or an older schema: skipped, nothing created or migrated; a newer schema fails", async () => {
    const d = dir();
    const missing = join(d, "data", "none.db");
    const none = openAlertTestStore(missing);
    expect(none).toEqual({ reason: `no database at ${missing} yet (the bot creates it on its first start)`, failed: false });
    expect(existsSync(join(d, "data"))).toBe(false);

    const older = join(d, "older.db");
    openDatabase(older, { migrations: migrations.slice(0, 1) }).close();
    const olderResult = await run(openAlertTestStore(older));
    expect(olderResult.ok).toBe(true);
    expect(olderResult.lines[1]).toBe(`store: skipped: ${older} has schema v1, older than this build's v${migrations.length}; the bot migrates it on its next start, test this sink after that`);
    const db = new Database(older, { readonly: true });
    expect(schemaVersion(db)).toBe(1);
    db.close();
    expect(existsSync(lockPath(older))).toBe(false);

    const newer = join(d, "newer.db");
    const n = openDatabase(newer);
    n.run(`PRAGMA user_version = ${migrations.length + 1}`);
    n.close();
    const newerResult = await run(openAlertTestStore(newer));
    expect(newerResult.ok).toBe(false);
    expect(newerResult.lines[1]).toBe(`store: failed: database schema v${migrations.length + 1} is newer than this build (v${migrations.length})`);
    expect(existsSync(lockPath(newer))).toBe(false);
  });

  test("as a process: the store sink's line and row, exit 0; [alerts.store] enabled = false prints no store line", async () => {
    const d = dir();
    const path = database(d);
    const env = { PATH: process.env.PATH ?? "", HOME: d, SNIPER_DATA__DB_PATH: path };
    const cli = async (extra: Record<string, string>) => {
      const proc = Bun.spawn(["bun", "run", SCRIPT], { cwd: d, env: { ...env, ...extra }, stdout: "pipe", stderr: "pipe" });
      const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
      return { out, code };
    };
    const first = await cli({});
    expect(first.out).toMatch(/^log: ok in \d+ ms\nstore: ok in \d+ ms\n$/);
    expect(first.code).toBe(0);
    expect(alertRows(path)).toHaveLength(1);
    expect(existsSync(lockPath(path))).toBe(false);
    expect(statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0);

    const off = await cli({ SNIPER_ALERTS__STORE__ENABLED: "false" });
    expect(off.out).toMatch(/^log: ok in \d+ ms\n$/);
    expect(alertRows(path)).toHaveLength(1);
  });
});
