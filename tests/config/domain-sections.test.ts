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

  test("a name pattern that could backtrack catastrophically on a hostile token name is refused", () => {
    const cwd = withToml('[filters]\nnameDeny = ["(a+)+$"]\n');
    const err = loadError({ cwd, env: {}, argv: [] });
    expect(issueAt(err, "filters.nameDeny[0]").message).toContain("pattern");
  });
});
