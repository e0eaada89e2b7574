import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Parses `.env` text: `KEY=value`, optional `export `, `#` comments, single/double quotes (\n escapes in double). */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (m === null) continue;
    const key = m[1] as string;
    let value = (m[2] as string).trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r").replace(/\\(["\\])/g, "$1");
    } else {
      value = value.replace(/\s+#.*$/, "");
    }
    out[key] = value;
  }
  return out;
}

/**
 * The environment as the bot sees it: `env` plus the entries of `<cwd>/.env` that `env` does not already set
 * (so real environment variables win). `fromDotenv` lists the names taken from the file.
 */
export function withDotenv(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): { env: Record<string, string | undefined>; fromDotenv: Set<string> } {
  const merged: Record<string, string | undefined> = { ...env };
  const fromDotenv = new Set<string>();
  const path = join(cwd, ".env");
  if (!existsSync(path)) return { env: merged, fromDotenv };
  for (const [k, v] of Object.entries(parseDotenv(readFileSync(path, "utf8")))) {
    if (merged[k] !== undefined) continue;
    merged[k] = v;
    fromDotenv.add(k);
  }
  return { env: merged, fromDotenv };
}
