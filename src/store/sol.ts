/** Lamports shown as SOL with 9 decimals, computed on bigint (never through a float). */
const LAMPORTS_PER_SOL = 1_000_000_000n;

/** `1500000000n` -> `"1.500000000"`, `-1n` -> `"-0.000000001"`. */
export function formatSol(lamports: bigint): string {
  const negative = lamports < 0n;
  const abs = negative ? -lamports : lamports;
  const whole = abs / LAMPORTS_PER_SOL;
  const frac = (abs % LAMPORTS_PER_SOL).toString().padStart(9, "0");
  return `${negative ? "-" : ""}${whole}.${frac}`;
}
