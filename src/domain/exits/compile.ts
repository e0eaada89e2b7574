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

/** Every problem of exit settings, not only the first: one config SniperError per bad field or take-profit level, in the order compileExitRules checks them (empty when all hold). */
export function exitConfigErrors(partial: Partial<ExitSettings> = {}): SniperError[] {
  const s: ExitSettings = { ...exitDefaults, ...partial };
  const errors: SniperError[] = [];
  const intIn = (field: string, v: number, min: number, max: number): boolean => {
    const ok = Number.isInteger(v) && v >= min && v <= max;
    if (!ok) errors.push(bad(field, `must be an integer between ${min} and ${max}`, v));
    return ok;
  };
  if (s.takeProfit.length > 30) errors.push(bad("takeProfit", "at most 30 levels", s.takeProfit.length));
  // Each level is ordered against the previous in-range one; a ladder over 100 % is reported once, where it crosses.
  let cum = 0;
  let prevAt = -Infinity;
  s.takeProfit.forEach((level, i) => {
    if (intIn(`takeProfit[${i}].atBps`, level.atBps, -9_999, 10_000_000)) {
      if (level.atBps <= prevAt) errors.push(bad(`takeProfit[${i}].atBps`, "levels must be in increasing atBps order", level.atBps));
      prevAt = level.atBps;
    }
    if (intIn(`takeProfit[${i}].sellBps`, level.sellBps, 1, 10_000)) {
      const crosses = cum <= 10_000 && cum + level.sellBps > 10_000;
      cum += level.sellBps;
      if (crosses) errors.push(bad(`takeProfit[${i}].sellBps`, "the ladder sells more than 100 % (10000 bps) in total", level.sellBps));
    }
  });
  intIn("stopLossBps", s.stopLossBps, 0, 10_000);
  intIn("trailingStopBps", s.trailingStopBps, 0, 9_999);
  intIn("maxHoldMs", s.maxHoldMs, 0, 30 * 86_400_000);
  intIn("trailingArmBps", s.trailingArmBps, 0, 10_000_000);
  intIn("protocolFeeBps", s.protocolFeeBps, 0, 1_000);
  intIn("creatorFeeBps", s.creatorFeeBps, 0, 1_000);
  return errors;
}

/** Compiles and validates exit settings (partial settings take the defaults); throws the first of exitConfigErrors. */
export function compileExitRules(partial: Partial<ExitSettings> = {}): ExitRules {
  const s: ExitSettings = { ...exitDefaults, ...partial };
  const [error] = exitConfigErrors(s);
  if (error !== undefined) throw error;
  let cum = 0;
  const takeProfit: CompiledLevel[] = s.takeProfit.map((level) => {
    cum += level.sellBps;
    return { atBps: BigInt(level.atBps), cumSellBps: BigInt(cum) };
  });
  return Object.freeze({
    takeProfit: Object.freeze(takeProfit),
    stopLossBps: s.stopLossBps === 0 ? null : BigInt(s.stopLossBps),
    trailingStopBps: s.trailingStopBps === 0 ? null : BigInt(s.trailingStopBps),
    trailingArmBps: BigInt(s.trailingArmBps),
    maxHoldMs: s.maxHoldMs === 0 ? null : s.maxHoldMs,
    exitOnCreatorSell: s.exitOnCreatorSell,
    exitOnCurveComplete: s.exitOnCurveComplete,
    fees: { protocolBps: BigInt(s.protocolFeeBps), creatorBps: BigInt(s.creatorFeeBps) },
  });
}
