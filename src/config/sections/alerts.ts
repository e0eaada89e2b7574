import { z } from "zod";
import { bool, int, num, oneOf, section, tableList, text, toList } from "../fields.ts";

// Sink names a rule may route to, and the severities.
const SINK_NAMES = ["log", "store", "webhook", "discord", "telegram"] as const;
const SEVERITY = ["info", "warn", "critical"] as const;

const lamports = () => int(0, Number.MAX_SAFE_INTEGER);
const ms = () => int(1, 30 * 86_400_000);
const pct = () => num(0, 1_000_000, true);
const decimal = () => text('must be a decimal number as a string, e.g. "27.5"').pipe(z.string().regex(/^\d+(\.\d+)?$/, { error: 'must be a decimal number as a string, e.g. "27.5"' }));

// Fields every rule has. Secrets never go here: webhook URLs and the bot token come from the environment.
const common = {
  name: z.optional(text()),
  severity: oneOf(SEVERITY).default("warn"),
  cooldownMs: int(0, 30 * 86_400_000).default(300_000),
  sinks: z.optional(z.preprocess(toList, z.array(oneOf(SINK_NAMES), { error: `must be a list of ${SINK_NAMES.join(", ")}` }))),
};
const rule = <K extends string, T extends z.core.$ZodLooseShape>(kind: K, shape: T) =>
  z.strictObject({ kind: z.literal(kind), ...common, ...shape });

const priceRule = { mint: text(), lamportsPerToken: decimal(), rearmLamportsPerToken: z.optional(decimal()) };
const pnlRule = { pct: pct(), rearmPct: z.optional(num(0, 1_000_000)), mint: z.optional(text()) };

/** One alert rule; `kind` decides the other fields (see README "Alerts"). */
export const alertRuleSchema = z.discriminatedUnion(
  "kind",
  [
    rule("price_above", priceRule),
    rule("price_below", priceRule),
    rule("pnl_up", pnlRule),
    rule("pnl_down", pnlRule),
    rule("loss_window", { lossLamports: lamports(), rearmLamports: z.optional(lamports()), windowMs: ms() }),
    rule("drawdown", { lamports: lamports(), rearmLamports: z.optional(lamports()) }),
    rule("loss_streak", { count: int(1, 1_000_000), rearmCount: z.optional(int(0, 1_000_000)) }),
    rule("balance_below", { floorLamports: lamports(), rearmLamports: z.optional(lamports()) }),
    rule("feed_stalled", { stallMs: ms() }),
    rule("actor_restarts", { count: int(1, 1_000_000), rearmCount: z.optional(int(0, 1_000_000)), windowMs: ms() }),
    rule("tx_failure_rate", { pct: num(0, 100, true), rearmPct: z.optional(num(0, 100)), windowMs: ms(), minSamples: int(1, 1_000_000).default(10) }),
  ],
  { error: "must be one of price_above, price_below, pnl_up, pnl_down, loss_window, drawdown, loss_streak, balance_below, feed_stalled, actor_restarts, tx_failure_rate" },
);

// Per-sink settings; unset delivery fields fall back to `alerts.delivery`.
const sinkFields = {
  enabled: bool().default(true),
  minSeverity: oneOf(SEVERITY).default("info"),
  timeoutMs: z.optional(int(1, 600_000)),
  retries: z.optional(int(0, 100)),
  queueBound: z.optional(int(1, 1_000_000)),
};

/**
 * `[alerts]`: rules (`[[alerts.rules]]`), the tick of time-based rules, and delivery to the sinks. The
 * webhook, Discord and Telegram sinks are on when their secret is set: SNIPER_WEBHOOK_URL,
 * SNIPER_DISCORD_WEBHOOK_URL, SNIPER_TELEGRAM_BOT_TOKEN (+ `telegram.chatId`, not a secret).
 */
export const alertsSection = section({
  enabled: bool().default(true),
  tickMs: int(100, 3_600_000).default(5_000),
  recentBound: int(1, 100_000).default(200),
  rules: tableList(alertRuleSchema, "must be a list of rules ([[alerts.rules]] tables)").default([]),
  delivery: section({
    timeoutMs: int(1, 600_000).default(5_000),
    retries: int(0, 100).default(3),
    backoffInitialMs: int(0, 600_000).default(500),
    backoffMaxMs: int(0, 3_600_000).default(30_000),
    queueBound: int(1, 1_000_000).default(100),
  }),
  log: section(sinkFields),
  store: section(sinkFields),
  webhook: section(sinkFields),
  discord: section(sinkFields),
  telegram: section({
    ...sinkFields,
    chatId: z.optional(z.preprocess((v) => (typeof v === "number" || typeof v === "bigint" ? String(v) : v), text())),
  }),
});
