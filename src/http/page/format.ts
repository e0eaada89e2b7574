/** Display formatting shared by the server-rendered page (the client script mirrors it). */

const LAMPORTS_PER_SOL = 1_000_000_000n;

/** Decimal lamports string -> SOL with 4 decimals (exact integer arithmetic, rounded toward zero). */
export function sol(lamports: string | null | undefined): string {
  if (lamports === null || lamports === undefined || !/^-?\d+$/.test(lamports)) return "–";
  const v = BigInt(lamports);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const whole = abs / LAMPORTS_PER_SOL;
  const frac = ((abs % LAMPORTS_PER_SOL) / 100_000n).toString().padStart(4, "0");
  return `${neg ? "-" : ""}${whole}.${frac}`;
}

/** A number with `digits` significant digits, or a dash. */
export function num(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "–" : Number(value.toPrecision(digits)).toString();
}

/** A percentage with one decimal, signed. */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "–" : `${value >= 0 ? "+" : ""}${value.toFixed(1)}%`;
}

/** Wall-clock ms -> ISO time of day (UTC). */
export function time(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? "–" : new Date(ms).toISOString().slice(11, 19);
}

/** Milliseconds -> `1m 05s`. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** A shortened address for tables (`AbCd…WxYz`). */
export function short(address: string | null | undefined): string {
  if (!address) return "–";
  return address.length > 12 ? `${address.slice(0, 4)}…${address.slice(-4)}` : address;
}
