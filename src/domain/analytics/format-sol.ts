/** Lamports in one SOL. */
export const LAMPORTS_PER_SOL = 1_000_000_000n;

/** Options of formatSol. */
export interface FormatSolOptions {
  /** Drop trailing zeros of the fraction (and the dot when nothing is left): `1.500000000` -> `1.5`, `2.0` -> `2`. */
  trim?: boolean;
}

/**
 * Lamports as a SOL decimal string, computed with bigint only (never a float): exact at 9 decimals; with
 * fewer decimals rounded half away from zero. Negative values keep their sign; a value that rounds to
 * zero prints without one. `formatSol(-1500000000n)` -> `-1.500000000`, `formatSol(41_234_567n, 3)` -> `0.041`.
 */
export function formatSol(lamports: bigint, decimals = 9, options: FormatSolOptions = {}): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 9) {
    throw new RangeError(`formatSol: decimals must be an integer from 0 to 9, got ${decimals}`);
  }
  const negative = lamports < 0n;
  let abs = negative ? -lamports : lamports;
  const drop = 10n ** BigInt(9 - decimals);
  if (drop > 1n) abs = (abs + drop / 2n) / drop;
  const unit = 10n ** BigInt(decimals);
  const whole = abs / unit;
  let fraction = decimals === 0 ? "" : (abs % unit).toString().padStart(decimals, "0");
  if (options.trim === true) fraction = fraction.replace(/0+$/, "");
  const sign = negative && abs !== 0n ? "-" : "";
  return fraction === "" ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}
