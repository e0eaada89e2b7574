import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupDirs, issueAt, loadError, tempDir } from "./helpers.ts";

afterAll(cleanupDirs);

function withToml(toml: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, "sniper.toml"), toml);
  return dir;
}

describe("[alerts] in the config", () => {
  test("a rule whose re-arm level contradicts its trigger is a config error naming the field", () => {
    const cwd = withToml(
      '[[alerts.rules]]\nkind = "price_above"\nmint = "So11111111111111111111111111111111111111112"\nlamportsPerToken = "100"\nrearmLamportsPerToken = "120"\n',
    );
    const err = loadError({ cwd, env: {}, argv: [] });
    expect(issueAt(err, "alerts.rules[0].rearmLamportsPerToken").message.length).toBeGreaterThan(0);
  });

  test("every bad rule is reported at its own index, not only the first", () => {
    const rule = (kind: string, extra = "") => `[[alerts.rules]]\nkind = "${kind}"\npct = 20\nrearmPct = 30\n${extra}`;
    const cwd = withToml([rule("pnl_up"), '[[alerts.rules]]\nkind = "feed_stalled"\nstallMs = 60000\n', rule("pnl_down"), "[http]\nport = -1\n"].join(""));
    const err = loadError({ cwd, env: {}, argv: [] });
    const file = `file ${join(cwd, "sniper.toml")}`;
    expect(issueAt(err, "alerts.rules[0].rearmPct").message).toContain("must be at most pct");
    expect(issueAt(err, "alerts.rules[2].rearmPct").message).toContain("must be at most pct");
    expect(issueAt(err, "alerts.rules[2].rearmPct").source).toBe(file);
    expect(issueAt(err, "http.port").source).toBe(file);
    expect(err.issues.map((i) => i.path).sort()).toEqual(["alerts.rules[0].rearmPct", "alerts.rules[2].rearmPct", "http.port"]);
  });

  test("a Telegram bot token without a chat id names alerts.telegram.chatId", () => {
    const err = loadError({ cwd: tempDir(), env: { SNIPER_TELEGRAM_BOT_TOKEN: "123456:ABCDEF" }, argv: [] });
    expect(issueAt(err, "alerts.telegram.chatId").message).toContain("SNIPER_TELEGRAM_BOT_TOKEN");
  });
});

describe("[filters] and [exits] in the config", () => {
  test("a take-profit ladder selling more than everything is a config error naming exits.takeProfit", () => {
    const cwd = withToml("[exits]\ntakeProfit = [ { atBps = 5000, sellBps = 8000 }, { atBps = 9000, sellBps = 8000 } ]\n");
    const err = loadError({ cwd, env: {}, argv: [] });
    expect(err.issues.some((i) => i.path.startsWith("exits.takeProfit"))).toBe(true);
  });

  test("every cross-field problem of [filters] is reported, not only the first", () => {
    const cwd = withToml("[filters]\ndevBuyMinLamports = 10\ndevBuyMaxLamports = 5\ntokenPrograms = []\n[http]\nport = -1\n");
    const err = loadError({ cwd, env: {}, argv: [] });
    const file = `file ${join(cwd, "sniper.toml")}`;
    expect(issueAt(err, "filters.devBuyMaxLamports").message).toBe("must be 0 (no bound) or >= devBuyMinLamports");
    expect(issueAt(err, "filters.tokenPrograms").message).toBe("must name at least one token program");
    expect(issueAt(err, "filters.tokenPrograms").source).toBe(file);
    expect(err.issues.map((i) => i.path).sort()).toEqual(["filters.devBuyMaxLamports", "filters.tokenPrograms", "http.port"]);
  });

  test("every bad take-profit level is reported at its own index, not only the first", () => {
    // Level 1 is below level 0, and level 2 takes the ladder past 100 % (6000 + 3000 + 3000 bps).
    const ladder = "[ { atBps = 5000, sellBps = 6000 }, { atBps = 4000, sellBps = 3000 }, { atBps = 6000, sellBps = 3000 } ]";
    const cwd = withToml(`[exits]\ntakeProfit = ${ladder}\n`);
    const err = loadError({ cwd, env: {}, argv: [] });
    expect(issueAt(err, "exits.takeProfit[1].atBps").message).toBe("levels must be in increasing atBps order");
    expect(issueAt(err, "exits.takeProfit[2].sellBps").message).toBe("the ladder sells more than 100 % (10000 bps) in total");
    expect(issueAt(err, "exits.takeProfit[2].sellBps").source).toBe(`file ${join(cwd, "sniper.toml")}`);
    expect(err.issues.map((i) => i.path).sort()).toEqual(["exits.takeProfit[1].atBps", "exits.takeProfit[2].sellBps"]);
  });

  test("a name pattern that could backtrack catastrophically on a hostile token name is refused", () => {
    const cwd = withToml('[filters]\nnameDeny = ["(a+)+$"]\n');
    const err = loadError({ cwd, env: {}, argv: [] });
    expect(issueAt(err, "filters.nameDeny[0]").message).toContain("pattern");
  });
});
