/** Command-line numbers of the bench scripts. */

/** The number after the last `name` on the command line, or `d` when absent. */
export function numArg(name: string, d: number): number {
  const i = Bun.argv.lastIndexOf(name);
  return i > 0 ? Number(Bun.argv[i + 1]) : d;
}
