/** Where the command-line tools find the database: `--db PATH`, else the config's `data.dbPath`. */
import { loadConfig } from "../config/index.ts";

/** Takes `--db PATH` out of `args` (mutating it) or reads `data.dbPath` from the config (sniper.toml / env). */
export function resolveDbPath(args: string[]): string {
  const i = args.indexOf("--db");
  if (i >= 0) {
    const path = args[i + 1];
    if (path === undefined || path.startsWith("--")) throw new Error("--db needs a file path");
    args.splice(i, 2);
    return path;
  }
  return loadConfig({ argv: [] }).config.data.dbPath;
}
