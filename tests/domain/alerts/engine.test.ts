import { describe, expect, test } from "bun:test";
import { AlertEngine, compileRules, type Observation, type RuleConfig } from "../../../src/domain/alerts/index.ts";
import { engineOf, firings, ruleConfig } from "./helpers.ts";

const MINT = "Mint1111111111111111111111111111111111111111";
const SOL = 1_000_000_000n;
// Price observation in lamports per whole token (exact: num / 1e6 lamports per base unit).
const price = (lamportsPerToken: bigint, at: number, mint = MINT): Observation => ({ type: "price", mint, price: { num: lamportsPerToken, den: 1_000_000n }, at });
const pnl = (positionId: string, pnlBps: number, at: number): Observation => ({ type: "position.pnl", positionId, mint: MINT, pnlBps, at });
const closed = (pnlLamports: bigint, at: number, positionId?: string): Observation => ({ type: "trade.closed", pnlLamports, at, ...(positionId ? { positionId } : {}) });
const balance = (lamports: bigint, at: number): Observation => ({ type: "balance", lamports, at });
const tick = (at: number): Observation => ({ type: "tick", at });
const launch = (at: number): Observation => ({ type: "launch.seen", at });
const restart = (at: number, actorId = "executor"): Observation => ({ type: "actor.restarted", actorId, at });
const tx = (ok: boolean, at: number): Observation => ({ type: "tx.result", ok, at });

interface Case {
  name: string;
  rule: RuleConfig;
  observations: Observation[];
  /** Alerts fired per observation. */
  fires: number[];
}

const cases: Case[] = [
  {
    name: "price_above: fires on crossing, flapping around the trigger alerts once thanks to the re-arm band",
    rule: ruleConfig({ kind: "price_above", mint: MINT, lamportsPerToken: "100", rearmLamportsPerToken: "90" }),
    observations: [price(80n, 0), price(100n, 1), price(99n, 2), price(101n, 3), price(95n, 4), price(120n, 5), price(89n, 6), price(100n, 7)],
    fires: [0, 1, 0, 0, 0, 0, 0, 1],
  },
  {
    name: "price_above: other mints are ignored",
    rule: ruleConfig({ kind: "price_above", mint: MINT, lamportsPerToken: "100" }),
    observations: [price(500n, 0, "Other"), price(100n, 1)],
    fires: [0, 1],
  },
  {
    name: "price_above: no band by default, still edge-triggered",
    rule: ruleConfig({ kind: "price_above", mint: MINT, lamportsPerToken: "100" }),
    observations: [price(100n, 0), price(100n, 1), price(99n, 2), price(100n, 3)],
    fires: [1, 0, 0, 1],
  },
  {
    name: "price_below with cooldown: a flapping value alerts once per cooldown",
    rule: ruleConfig({ kind: "price_below", mint: MINT, lamportsPerToken: "50", rearmLamportsPerToken: "55", cooldownMs: 1000 }),
    observations: [price(60n, 0), price(50n, 10), price(56n, 20), price(49n, 30), price(56n, 40), price(48n, 50), price(48n, 1010), price(56n, 1020), price(40n, 2000), price(40n, 2010)],
    fires: [0, 1, 0, 0, 0, 0, 1, 0, 0, 1],
  },
  {
    name: "pnl_up per position: each position has its own state",
    rule: ruleConfig({ kind: "pnl_up", pct: 50, rearmPct: 40 }),
    observations: [pnl("a", 5000, 0), pnl("b", 6000, 1), pnl("a", 4500, 2), pnl("a", 5100, 3), pnl("a", 3999, 4), pnl("a", 5000, 5)],
    fires: [1, 1, 0, 0, 0, 1],
  },
  {
    name: "pnl_down: -30% fires, re-arms above -20%",
    rule: ruleConfig({ kind: "pnl_down", pct: 30, rearmPct: 20 }),
    observations: [pnl("a", -2999, 0), pnl("a", -3000, 1), pnl("a", -2500, 2), pnl("a", -3500, 3), pnl("a", -1999, 4), pnl("a", -3000, 5)],
    fires: [0, 1, 0, 0, 0, 1],
  },
  {
    name: "loss_window: -1 SOL in 1 h, net of wins; the window slides on ticks and re-arms",
    rule: ruleConfig({ kind: "loss_window", lossLamports: Number(SOL), windowMs: 3_600_000 }),
    observations: [closed(-600_000_000n, 0), closed(200_000_000n, 1000), closed(-600_000_000n, 2000), closed(-200_000_000n, 3000), tick(3_600_001), tick(3_602_001), closed(-1_000_000_000n, 3_700_000)],
    fires: [0, 0, 1, 0, 0, 0, 1],
  },
  {
    name: "drawdown from the realised peak",
    rule: ruleConfig({ kind: "drawdown", lamports: Number(SOL), rearmLamports: 500_000_000 }),
    observations: [closed(2n * SOL, 0), closed(-SOL, 1), closed(SOL / 4n, 2), closed(-SOL / 4n, 3), closed(SOL / 2n, 4), closed(SOL / 10n, 5), closed(-SOL, 6)],
    // dd: 0, 1 (fire), 0.75, 1 (disarmed), 0.5 (still in band: < 0.5 needed), 0.4 (re-arm), 1.4 (fire)
    fires: [0, 1, 0, 0, 0, 0, 1],
  },
  {
    name: "loss_streak: 3 losses in a row; a win re-arms",
    rule: ruleConfig({ kind: "loss_streak", count: 3 }),
    observations: [closed(-1n, 0), closed(-1n, 1), closed(-1n, 2), closed(-1n, 3), closed(1n, 4), closed(-1n, 5), closed(-1n, 6), closed(-1n, 7)],
    fires: [0, 0, 1, 0, 0, 0, 0, 1],
  },
  {
    name: "balance_below with a re-arm band: a balance flapping at the floor alerts once",
    rule: ruleConfig({ kind: "balance_below", floorLamports: Number(SOL), rearmLamports: Number(SOL + SOL / 10n) }),
    observations: [balance(2n * SOL, 0), balance(SOL, 1), balance(SOL + 1n, 2), balance(SOL - 1n, 3), balance(SOL + SOL / 10n, 4), balance(SOL, 5), balance(SOL + SOL / 10n + 1n, 6), balance(SOL, 7)],
    fires: [0, 1, 0, 0, 0, 0, 0, 1],
  },
  {
    name: "feed_stalled: no launch for 60 s, a launch re-arms",
    rule: ruleConfig({ kind: "feed_stalled", stallMs: 60_000 }),
    observations: [tick(30_000), tick(60_000), tick(90_000), launch(95_000), tick(100_000), tick(155_000), tick(160_000)],
    fires: [0, 1, 0, 0, 0, 1, 0],
  },
  {
    name: "actor_restarts: 3 within 10 s; old restarts leave the window",
    rule: ruleConfig({ kind: "actor_restarts", count: 3, windowMs: 10_000 }),
    observations: [restart(0), restart(1000, "listener"), restart(2000), restart(3000), tick(12_500), restart(13_000), restart(14_000), restart(15_000)],
    fires: [0, 0, 1, 0, 0, 0, 0, 1],
  },
  {
    name: "tx_failure_rate: 50% over 4+ samples, re-arm under 25%",
    rule: ruleConfig({ kind: "tx_failure_rate", pct: 50, rearmPct: 25, windowMs: 60_000, minSamples: 4 }),
    observations: [tx(false, 0), tx(false, 1), tx(true, 2), tx(true, 3), tx(true, 4), tx(false, 5), tx(true, 6), tx(true, 7), tx(true, 8), tx(true, 9), tx(false, 10), tx(false, 11)],
    // rates: -, -, -, 2/4 fire, 2/5, 3/6, 3/7, 3/8, 3/9 (33% band), 3/10 (30% band), 4/11, 5/12
    fires: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
  },
  {
    name: "tx_failure_rate: too few samples never fire",
    rule: ruleConfig({ kind: "tx_failure_rate", pct: 10, windowMs: 60_000, minSamples: 5 }),
    observations: [tx(false, 0), tx(false, 1), tx(false, 2), tx(false, 3), tx(false, 4)],
    fires: [0, 0, 0, 0, 1],
  },
];

describe("AlertEngine: each rule kind", () => {
  for (const c of cases) {
    test(c.name, () => {
      expect(firings(engineOf(c.rule), c.observations)).toEqual(c.fires);
    });
  }
});

describe("AlertEngine: alerts", () => {
  test("an alert carries rule, kind, severity, key, details, routing and a unique id", () => {
    const engine = engineOf(ruleConfig({ kind: "price_above", name: "moon", mint: MINT, lamportsPerToken: "100", severity: "critical", sinks: ["telegram"] }));
    const [alert] = engine.observe({ ...price(150n, 42), symbol: "<b>PWN</b>" } as Observation);
    expect(alert).toMatchObject({ rule: "moon", kind: "price_above", severity: "critical", key: MINT, at: 42, sinks: ["telegram"] });
    expect(alert?.details).toMatchObject({ mint: MINT, symbol: "<b>PWN</b>", lamportsPerToken: "150.000", thresholdLamportsPerToken: "100.000" });
    expect(alert?.message).toContain("<b>PWN</b>");
    expect(JSON.stringify(alert)).toBeString(); // JSON-safe: no bigint
  });

  test("lamports in details are decimal strings (JSON-safe)", () => {
    const engine = engineOf(ruleConfig({ kind: "balance_below", floorLamports: 10 }));
    const [alert] = engine.observe(balance(5n, 0));
    expect(alert?.details.balanceLamports).toBe("5");
  });

  test("a closed position's PnL state is forgotten, and state is bounded per rule", () => {
    const engine = new AlertEngine(compileRules([ruleConfig({ kind: "pnl_up", pct: 10 })]), { maxKeysPerRule: 3 });
    for (let i = 0; i < 10; i++) engine.observe(pnl(`p${i}`, 2000, i));
    expect(engine.keyCounts()["pnl_up#0"]).toBe(3);
    engine.observe(closed(1n, 11, "p9"));
    expect(engine.keyCounts()["pnl_up#0"]).toBe(2);
  });

  test("rules fire independently on the same observation", () => {
    const engine = engineOf(ruleConfig({ kind: "loss_streak", count: 1 }), ruleConfig({ kind: "drawdown", lamports: 1 }), ruleConfig({ kind: "loss_window", lossLamports: 1, windowMs: 1000 }));
    expect(engine.observe(closed(-5n, 0)).map((a) => a.kind).sort()).toEqual(["drawdown", "loss_streak", "loss_window"]);
  });
});
