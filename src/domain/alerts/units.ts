/** Exact conversions at the edges of the alert rules: decimal strings in, display strings out. No floats for money. */
import type { Rational } from "./types.ts";

/** Token base units per whole pump.fun token (6 decimals). */
export const TOKEN_BASE_UNITS = 1_000_000n;

/** Parses a non-negative decimal string ("27.95", "1e-3" is refused) into an exact rational, or undefined. */
export function parseDecimal(text: string): Rational | undefined {
  const m = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (m === null) return undefined;
  const frac = m[2] ?? "";
  return { num: BigInt(`${m[1]}${frac}`), den: 10n ** BigInt(frac.length) };
}

/** A price in lamports per whole token (a decimal string) as lamports per base unit, exactly. */
export function pricePerBaseUnit(lamportsPerToken: string): Rational | undefined {
  const r = parseDecimal(lamportsPerToken);
  return r === undefined ? undefined : { num: r.num, den: r.den * TOKEN_BASE_UNITS };
}

/** A rational as a decimal string with `digits` fraction digits (truncated toward zero). */
export function formatRational(r: Rational, digits: number): string {
  const negative = (r.num < 0n) !== (r.den < 0n);
  const num = r.num < 0n ? -r.num : r.num;
  const den = r.den < 0n ? -r.den : r.den;
  const scaled = (num * 10n ** BigInt(digits)) / den;
  const s = scaled.toString().padStart(digits + 1, "0");
  const whole = s.slice(0, s.length - digits);
  const frac = digits > 0 ? `.${s.slice(s.length - digits)}` : "";
  return `${negative && scaled !== 0n ? "-" : ""}${whole}${frac}`;
}

/** Price in lamports per whole token for display ("27.958"). */
export function formatPrice(pricePerBase: Rational): string {
  return formatRational({ num: pricePerBase.num * TOKEN_BASE_UNITS, den: pricePerBase.den }, 3);
}

/** Lamports as SOL for display ("-1.250000000"); exact: the analytics' formatSol. */
export { formatSol } from "../analytics/format-sol.ts";

/** Basis points as a percent string ("-12.34%"). */
export function formatBps(bps: number): string {
  return `${formatRational({ num: BigInt(Math.trunc(bps)), den: 100n }, 2)}%`;
}

/** A percent from config (at most 2 decimals meaningful) as integer basis points. */
export function pctToBps(pct: number): number {
  return Math.round(pct * 100);
}
