// Public face of the alert rules: pure evaluation, no I/O. The alerts actor and the CLI import from here.
export { type AlertEngineOptions, AlertEngine, checkRules } from "./engine.ts";
export { compileRules, type RuleConfig, ruleConfigErrors } from "./compile.ts";
export { type GateState, newGate, type Reading, stepGate } from "./gate.ts";
export { type AlertRule, RULE_KINDS, type RuleKind, ruleProblem } from "./rule.ts";
export { formatBps, formatPrice, formatSol, parseDecimal, pricePerBaseUnit, TOKEN_BASE_UNITS } from "./units.ts";
export type { Alert, DetailValue, Observation, ObservationType, Rational, Severity } from "./types.ts";
export { SEVERITIES } from "./types.ts";
