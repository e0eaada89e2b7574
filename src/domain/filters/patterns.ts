/**
 * Name/symbol patterns: compiled once from config, case-insensitive, and refused at config time when
 * they could backtrack exponentially (token names are attacker-chosen). Matching also cuts the input
 * to a bounded length, so even the polynomial worst cases stay cheap.
 */
import { SniperError } from "../../errors.ts";

/** Longest pattern accepted (characters). */
export const MAX_PATTERN_CHARS = 200;
/**
 * Most unbounded quantifiers (`*`, `+`, `{n,}`, `{n,m}` with m > 16) one pattern may hold: k of them
 * cost O(n^(k+1)) on a hostile 64-char name (measured: 2 ~ 40 us, 3 ~ 0.7 ms, 4 ~ 24 ms).
 */
export const MAX_UNBOUNDED_QUANTIFIERS = 2;

interface Frame {
  quantified: boolean;
  alternation: boolean;
}

/** Reads a quantifier at `i`; returns [length, repeats more than once]. */
function quantifierAt(p: string, i: number): [number, boolean, boolean] {
  const c = p[i];
  let len = 0;
  let repeats = false;
  let unbounded = false;
  if (c === "*" || c === "+") {
    len = 1;
    repeats = true;
    unbounded = true;
  } else if (c === "?") {
    len = 1;
  } else if (c === "{") {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (m) {
      len = m[0].length;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      repeats = max > 1;
      unbounded = max > 16;
    }
  }
  if (len > 0 && p[i + len] === "?") len++; // lazy: same backtracking class
  return [len, repeats, unbounded];
}

/**
 * Why `pattern` is unsafe, or null when it is fine: a repeated group that itself contains a quantifier
 * or an alternation (`(a+)+`, `(a|a)*`: exponential backtracking), more than MAX_UNBOUNDED_QUANTIFIERS
 * unbounded quantifiers (`.*a.*b.*`: polynomial), or a backreference.
 */
export function unsafePatternReason(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_CHARS) return `longer than ${MAX_PATTERN_CHARS} characters`;
  const stack: Frame[] = [{ quantified: false, alternation: false }];
  let unboundedCount = 0;
  const tooMany = () => `more than ${MAX_UNBOUNDED_QUANTIFIERS} unbounded quantifiers (polynomial backtracking)`;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const top = stack[stack.length - 1]!;
    if (c === "\\") {
      const n = pattern[i + 1] ?? "";
      if (/[1-9]/.test(n) || n === "k") return "backreferences are not allowed";
      i += 2;
    } else if (c === "[") {
      i++;
      if (pattern[i] === "^") i++;
      if (pattern[i] === "]") i++;
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
      i++;
    } else if (c === "(") {
      stack.push({ quantified: false, alternation: false });
      i++;
      if (pattern[i] === "?") {
        // (?: (?= (?! (?<= (?<! (?<name>
        i++;
        if (pattern[i] === "<" && pattern[i + 1] !== "=" && pattern[i + 1] !== "!") {
          const end = pattern.indexOf(">", i);
          i = end < 0 ? pattern.length : end + 1;
        } else i += pattern[i] === "<" ? 2 : 1;
      }
      continue;
    } else if (c === ")") {
      if (stack.length === 1) return null; // unbalanced: RegExp itself reports it
      const frame = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      const [len, repeats, unbounded] = quantifierAt(pattern, i + 1);
      if (unbounded && ++unboundedCount > MAX_UNBOUNDED_QUANTIFIERS) return tooMany();
      if (repeats && (frame.quantified || frame.alternation)) {
        return "a repeated group contains a quantifier or an alternation (exponential backtracking)";
      }
      parent.quantified ||= frame.quantified || repeats;
      i += 1 + len;
      continue;
    } else if (c === "|") {
      top.alternation = true;
      i++;
      continue;
    } else {
      i++;
    }
    const [len, repeats, unbounded] = quantifierAt(pattern, i);
    if (unbounded && ++unboundedCount > MAX_UNBOUNDED_QUANTIFIERS) return tooMany();
    if (repeats) top.quantified = true;
    i += len;
  }
  return null;
}

// Pattern `index` of config field `field`, compiled case-insensitive, or the config error naming `field[index]`.
function compileOne(field: string, pattern: string, index: number): RegExp | SniperError {
  const where = `${field}[${index}]`;
  const unsafe = unsafePatternReason(pattern);
  if (unsafe !== null) return new SniperError("config", `${where}: ${unsafe}`, { field: where, value: pattern });
  try {
    return new RegExp(pattern, "i");
  } catch (error) {
    const rule = error instanceof Error ? error.message : String(error);
    return new SniperError("config", `${where}: not a valid regular expression (${rule})`, { field: where, value: pattern });
  }
}

/** What is wrong with each bad pattern of config field `field`: one config SniperError per pattern, naming `field[i]` (empty when all compile). */
export function patternErrors(field: string, patterns: readonly string[]): SniperError[] {
  return patterns.map((p, i) => compileOne(field, p, i)).filter((r): r is SniperError => r instanceof SniperError);
}

/** Compiles the patterns of config field `field` (case-insensitive); a bad or unsafe one is a config error naming it. */
export function compilePatterns(field: string, patterns: readonly string[]): RegExp[] {
  return patterns.map((p, i) => {
    const r = compileOne(field, p, i);
    if (r instanceof SniperError) throw r;
    return r;
  });
}

/** The first pattern matching `text` cut to `maxChars`, or -1. */
export function firstMatch(patterns: readonly RegExp[], text: string, maxChars: number): number {
  const s = text.length > maxChars ? text.slice(0, maxChars) : text;
  for (let i = 0; i < patterns.length; i++) if (patterns[i]!.test(s)) return i;
  return -1;
}
