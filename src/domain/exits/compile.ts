/** Turns the `[exits]` settings into frozen ExitRules; every error names its field. */
import { SniperError } from "../../errors.ts";
import type { CompiledLevel, ExitRules, ExitSettings } from "./types.ts";

/** Defaults of the exit rules. */
export const exitDefaults: ExitSettings = {
  takeProfit: [
    { atBps: 5_000, sellBps: 5_000 },
    { atBps: 15_000, sellBps: 5_000 },
  ],
  stopLossBps: 3_000,
  trailingStopBps: 2_500,
  trailingArmBps: 5_000,
  maxHoldMs: 900_000,
  exitOnCreatorSell: true,
  exitOnCurveComplete: true,
  protocolFeeBps: 95,
  creatorFeeBps: 30,
};

function bad(field: string, rule: string, value: unknown): SniperError {
  return new SniperError("config", `exits.${field}: ${rule}`, { field: `exits.${field}`, value });
}

function intIn(field: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw bad(field, `must be an integer between ${min} and ${max}`, v);
  return v;
}

/** Compiles and validates exit settings (partial settings take the defaults). */
export function compileExitRules(partial: Partial<ExitSettings> = {}): ExitRules {
  const s: ExitSettings = { ...exitDefaults, ...partial };
  if (s.takeProfit.length > 30) throw bad("takeProfit", "at most 30 levels", s.takeProfit.length);
  let cum = 0;
  let prevAt = -Infinity;
  const takeProfit: CompiledLevel[] = s.takeProfit.map((level, i) => {
    const at = intIn(`takeProfit[${i}].atBps`, level.atBps, -9_999, 10_000_000);
    if (at <= prevAt) throw bad(`takeProfit[${i}].atBps`, "levels must be in increasing atBps order", at);
    prevAt = at;
    cum += intIn(`takeProfit[${i}].sellBps`, level.sellBps, 1, 10_000);
    if (cum > 10_000) throw bad(`takeProfit[${i}].sellBps`, "the ladder sells more than 100 % (10000 bps) in total", level.sellBps);
    return { atBps: BigInt(at), cumSellBps: BigInt(cum) };
  });
  const sl = intIn("stopLossBps", s.stopLossBps, 0, 10_000);
  const trail = intIn("trailingStopBps", s.trailingStopBps, 0, 9_999);
  const hold = intIn("maxHoldMs", s.maxHoldMs, 0, 30 * 86_400_000);
  return Object.freeze({
    takeProfit: Object.freeze(takeProfit),
    stopLossBps: sl === 0 ? null : BigInt(sl),
    trailingStopBps: trail === 0 ? null : BigInt(trail),
    trailingArmBps: BigInt(intIn("trailingArmBps", s.trailingArmBps, 0, 10_000_000)),
    maxHoldMs: hold === 0 ? null : hold,
    exitOnCreatorSell: s.exitOnCreatorSell,
    exitOnCurveComplete: s.exitOnCurveComplete,
    fees: {
      protocolBps: BigInt(intIn("protocolFeeBps", s.protocolFeeBps, 0, 1_000)),
      creatorBps: BigInt(intIn("creatorFeeBps", s.creatorFeeBps, 0, 1_000)),
    },
  });
}
