import { AlertEngine, compileRules, type Observation, type RuleConfig } from "../../../src/domain/alerts/index.ts";

/** A rule config with the common defaults filled in. */
export function ruleConfig(fields: Partial<RuleConfig> & Pick<RuleConfig, "kind">): RuleConfig {
  return { severity: "warn", cooldownMs: 0, ...fields };
}

/** An engine over the given rule configs, the stall clock starting at t=0. */
export function engineOf(...configs: RuleConfig[]): AlertEngine {
  return new AlertEngine(compileRules(configs), { startedAt: 0 });
}

/** Feeds each observation and returns, per observation, how many alerts fired. */
export function firings(engine: AlertEngine, observations: Observation[]): number[] {
  return observations.map((o) => engine.observe(o).length);
}
