/** Command-line arguments of the bench and chaos scripts: one reader, one rule for bad input. */

/**
 * The number after the last `name` in `argv`, `d` when `name` is absent, or a message naming the flag
 * when what follows is not a number >= 0 (missing, a word, negative).
 */
export function readNumArg(argv: readonly string[], name: string, d: number): number | string {
  const i = argv.lastIndexOf(name);
  if (i < 0) return d;
  const raw = argv[i + 1];
  const v = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw);
  return Number.isFinite(v) && v >= 0 ? v : `${name} needs a number >= 0 (got ${raw === undefined ? "nothing" : JSON.stringify(raw.slice(0, 40))})`;
}

/** The number after the last `name` on the command line, or `d` when absent; exits 2 with a message on a bad one. */
export function numArg(name: string, d: number): number {
  const v = readNumArg(Bun.argv, name, d);
  if (typeof v === "number") return v;
  console.error(v);
  process.exit(2);
}

/** The word after the last `name` on the command line, or `d` when absent. */
export function strArg(name: string, d: string): string {
  const i = Bun.argv.lastIndexOf(name);
  return i < 0 ? d : (Bun.argv[i + 1] ?? d);
}
