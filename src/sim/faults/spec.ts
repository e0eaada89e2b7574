import { SniperError } from "../../errors.ts";
import { FAULT_KINDS, type FaultKind, type FaultRule } from "./rules.ts";

const ALIASES: Record<string, FaultKind> = {
  "429": "http429", "5xx": "http5xx", "http-429": "http429", "http-5xx": "http5xx", delay: "slow",
  malform: "malformed", truncate: "truncated", "ws-truncate": "truncated", "ws-malformed": "malformed",
  "drop-tx": "never-land", "tx-drop": "never-land", "log-truncated": "log-truncate", "logs-truncated": "log-truncate",
};

/** Keys every fault accepts, and the extra keys of some kinds. */
const COMMON_KEYS = ["rate", "every", "for", "offset", "window", "max"];
const KIND_KEYS: Partial<Record<FaultKind, string[]>> = {
  http429: ["methods", "wallets", "retryAfter"],
  http5xx: ["methods", "wallets", "status"],
  slow: ["methods", "wallets", "ms", "jitter"],
};

/** A `config` error naming the spec and the part of it that is wrong. */
function specError(spec: string, part: string, rule: string): SniperError {
  return new SniperError("config", `--fault "${spec}": ${part}: ${rule}`, { field: "fault", spec, part, rule });
}

/** Parses a duration in ms: `300`, `300ms`, `5s`, `1.5s`, `2m`. */
function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] === "s" ? 1_000 : m[2] === "m" ? 60_000 : 1);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Parses one compact fault spec, `<kind>[:key=value,...]`, e.g. `ws-drop:every=5000`,
 * `http429:rate=0.2,retryAfter=1,methods=sendTransaction|getLatestBlockhash`, `slow:rate=0.1,ms=300`,
 * `http5xx:window=10s-20s,status=503`. Throws a `config` SniperError naming the bad part.
 */
export function parseFaultSpec(spec: string): FaultRule {
  const colon = spec.indexOf(":");
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const kind = (name in FAULT_KINDS ? name : ALIASES[name]) as FaultKind | undefined;
  if (!kind) throw specError(spec, `kind "${name}"`, `unknown; expected one of ${Object.keys(FAULT_KINDS).join(", ")}`);
  const rule: FaultRule = { kind };
  const allowed = new Set([...COMMON_KEYS, ...(KIND_KEYS[kind] ?? [])]);
  const seen = new Set<string>();
  const body = colon < 0 ? "" : spec.slice(colon + 1).trim();
  for (const part of body === "" ? [] : body.split(",")) {
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? "" : part.slice(eq + 1).trim();
    if (eq < 0 || key === "" || value === "") throw specError(spec, `"${part}"`, "expected key=value");
    if (!allowed.has(key)) throw specError(spec, `"${part}"`, `unknown key "${key}" for ${kind}; expected one of ${[...allowed].join(", ")}`);
    if (seen.has(key) && key !== "window") throw specError(spec, `"${part}"`, `"${key}" given twice`);
    seen.add(key);
    const fail = (ruleText: string): never => {
      throw specError(spec, `"${part}"`, ruleText);
    };
    const duration = (positive: boolean): number => {
      const ms = parseDuration(value);
      if (ms === undefined || (positive && ms <= 0)) fail(`${key} must be a ${positive ? "positive " : ""}duration (ms, or with s/m suffix)`);
      return ms!;
    };
    const list = (): string[] => value.split("|").map((s) => s.trim()).filter((s) => s !== "");
    switch (key) {
      case "rate": {
        const r = Number(value);
        if (!(r >= 0 && r <= 1)) fail("rate must be a number in [0, 1]");
        rule.rate = r;
        break;
      }
      case "every": rule.everyMs = duration(true); break;
      case "for": rule.forMs = duration(true); break;
      case "offset": rule.offsetMs = duration(false); break;
      case "ms": rule.ms = duration(false); break;
      case "jitter": rule.jitterMs = duration(false); break;
      case "window": {
        const m = /^([^-]+)-([^-]+)$/.exec(value);
        const from = m ? parseDuration(m[1]!) : undefined, to = m ? parseDuration(m[2]!) : undefined;
        if (from === undefined || to === undefined || !(to > from)) fail("window must be <from>-<to> durations with to > from");
        (rule.windows ??= []).push({ fromMs: from!, toMs: to! });
        break;
      }
      case "max": {
        const n = Number(value);
        if (!(Number.isInteger(n) && n >= 0)) fail("max must be an integer >= 0");
        rule.max = n;
        break;
      }
      case "retryAfter": {
        const n = Number(value);
        if (!(Number.isInteger(n) && n >= 0)) fail("retryAfter must be whole seconds >= 0");
        rule.retryAfterSec = n;
        break;
      }
      case "status": {
        const statuses = list().map(Number);
        if (statuses.length === 0 || statuses.some((s) => s !== 500 && s !== 502 && s !== 503)) fail("status must be 500, 502 or 503 (several: 500|503)");
        rule.statuses = statuses as Array<500 | 502 | 503>;
        break;
      }
      case "methods": rule.methods = list(); break;
      case "wallets": rule.wallets = list(); break;
    }
  }
  if (rule.forMs !== undefined && rule.everyMs === undefined) throw specError(spec, `"for"`, "needs every=");
  if (rule.forMs !== undefined && rule.everyMs !== undefined && rule.forMs > rule.everyMs) throw specError(spec, `"for"`, "must not exceed every=");
  if (rule.rate === undefined && rule.everyMs === undefined && rule.windows === undefined) {
    throw specError(spec, kind, "needs rate=, every= or window= (otherwise it would never or always fire)");
  }
  return rule;
}

/** Parses several specs (e.g. every `--fault` value). */
export function parseFaultSpecs(specs: readonly string[]): FaultRule[] {
  return specs.map(parseFaultSpec);
}

/** Collects the values of `--fault <spec>` and `--fault=<spec>` from command-line arguments. */
export function faultArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--fault=")) out.push(a.slice("--fault=".length));
    else if (a === "--fault") {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) {
        throw new SniperError("config", `--fault needs a value: <kind>[:key=value,...], kind one of ${Object.keys(FAULT_KINDS).join(", ")}`, { field: "fault" });
      }
      out.push(v);
      i++;
    }
  }
  return out;
}

/** Renders a rule back as a canonical spec (parseFaultSpec(formatFaultRule(r)) equals r). */
export function formatFaultRule(rule: FaultRule): string {
  const parts: string[] = [];
  if (rule.rate !== undefined) parts.push(`rate=${rule.rate}`);
  if (rule.everyMs !== undefined) parts.push(`every=${rule.everyMs}`);
  if (rule.forMs !== undefined) parts.push(`for=${rule.forMs}`);
  if (rule.offsetMs !== undefined) parts.push(`offset=${rule.offsetMs}`);
  for (const w of rule.windows ?? []) parts.push(`window=${w.fromMs}-${w.toMs}`);
  if (rule.max !== undefined) parts.push(`max=${rule.max}`);
  if (rule.methods) parts.push(`methods=${rule.methods.join("|")}`);
  if (rule.wallets) parts.push(`wallets=${rule.wallets.join("|")}`);
  if (rule.retryAfterSec !== undefined) parts.push(`retryAfter=${rule.retryAfterSec}`);
  if (rule.statuses) parts.push(`status=${rule.statuses.join("|")}`);
  if (rule.ms !== undefined) parts.push(`ms=${rule.ms}`);
  if (rule.jitterMs !== undefined) parts.push(`jitter=${rule.jitterMs}`);
  return parts.length ? `${rule.kind}:${parts.join(",")}` : rule.kind;
}
