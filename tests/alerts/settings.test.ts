import { describe, expect, test } from "bun:test";
import { alertsSection } from "../../src/alerts/index.ts";
import { compileRules, type RuleConfig } from "../../src/domain/alerts/index.ts";

const EXAMPLE = `
[alerts]
tickMs = 5000

[alerts.delivery]
timeoutMs = 5000
retries = 3
queueBound = 100

[alerts.telegram]
chatId = -1001234567890
minSeverity = "warn"

[[alerts.rules]]
kind = "price_above"
name = "moon"
mint = "So11111111111111111111111111111111111111112"
lamportsPerToken = "100"
rearmLamportsPerToken = "90"
severity = "info"
cooldownMs = 600000

[[alerts.rules]]
kind = "loss_window"
lossLamports = 1_000_000_000
windowMs = 3_600_000
severity = "critical"
sinks = ["log", "telegram"]

[[alerts.rules]]
kind = "pnl_down"
pct = 30
rearmPct = 20

[[alerts.rules]]
kind = "drawdown"
lamports = 2_000_000_000

[[alerts.rules]]
kind = "loss_streak"
count = 5

[[alerts.rules]]
kind = "balance_below"
floorLamports = 500_000_000
rearmLamports = 600_000_000
severity = "critical"

[[alerts.rules]]
kind = "feed_stalled"
stallMs = 300_000

[[alerts.rules]]
kind = "actor_restarts"
count = 5
windowMs = 600_000

[[alerts.rules]]
kind = "tx_failure_rate"
pct = 50
rearmPct = 25
windowMs = 600_000
minSamples = 10
`;

describe("[alerts] config section", () => {
  test("the README example parses and compiles", () => {
    const raw = (Bun.TOML.parse(EXAMPLE) as { alerts: unknown }).alerts;
    const parsed = alertsSection.parse(raw);
    expect(parsed.telegram.chatId).toBe("-1001234567890");
    expect(parsed.rules).toHaveLength(9);
    expect(parsed.rules[0]).toMatchObject({ kind: "price_above", severity: "info", cooldownMs: 600_000 });
    expect(parsed.rules[2]).toMatchObject({ severity: "warn", cooldownMs: 300_000 });
    const rules = compileRules(parsed.rules as RuleConfig[]);
    expect(rules.map((r) => r.id)).toContain("moon");
    expect(rules[1]).toMatchObject({ kind: "loss_window", lossLamports: 1_000_000_000n, sinks: ["log", "telegram"] });
  });

  test("an empty section is valid: no rules, log on", () => {
    const parsed = alertsSection.parse(undefined);
    expect(parsed.rules).toEqual([]);
    expect(parsed.log.enabled).toBe(true);
  });

  test.each([
    [{ rules: [{ kind: "nope" }] }, "rules.0.kind", "must be one of price_above"],
    [{ rules: [{ kind: "feed_stalled" }] }, "rules.0.stallMs", "must be an integer"],
    [{ rules: [{ kind: "feed_stalled", stallMs: 1, bogus: 1 }] }, "rules.0", "bogus"],
    [{ rules: [{ kind: "loss_streak", count: 2, sinks: ["email"] }] }, "rules.0.sinks.0", "must be one of log"],
    [{ rules: [{ kind: "price_above", mint: "M", lamportsPerToken: "1e5" }] }, "rules.0.lamportsPerToken", "decimal"],
    [{ delivery: { retries: -1 } }, "delivery.retries", "between 0 and 100"],
  ])("refuses %j naming the field", (input, path, message) => {
    const r = alertsSection.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error?.issues.find((i) => i.path.join(".") === path);
    expect(`${issue?.path.join(".")}: ${issue?.message}`).toContain(message);
  });
});
