import type { z } from "zod";
import type { ConfigIssue } from "./errors.ts";
import { toList } from "./fields.ts";
import { shapeOf } from "./paths.ts";
import { holdsSecretKey, SECRET_ENV, secretKeyHint } from "./secrets.ts";

/** Prefix of every environment variable the bot reads. */
export const ENV_PREFIX = "SNIPER_";
/** Environment variable naming the config file (like `--config`, which wins over it). */
export const CONFIG_PATH_ENV = "SNIPER_CONFIG";

/** One `SNIPER_<SECTION>__<KEY>` (or `SNIPER_MODE`) override resolved to a config path. */
export interface EnvOverride {
  path: string[];
  value: string;
  source: string;
}

const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, "");
const NOT_OVERRIDES = new Set<string>([...Object.values(SECRET_ENV), CONFIG_PATH_ENV]);
const KEY_SHAPED = "looks like a secret key: secrets are not allowed in settings; set SNIPER_WALLET_SECRET in the environment or .env";

/**
 * Turns `SNIPER_HTTP__PORT=9000` into `{ path: ["http", "port"], value: "9000" }`, resolving each
 * `__`-separated segment case-insensitively against the schema (`RING_SIZE` -> `ringSize`). Variables
 * with a `__` that name no setting are reported (a typo must not be silently ignored); empty values are unset.
 * A value holding a secret key (whole, an item of a list, a field of a JSON table) is reported, never quoted, and not applied.
 */
export function envOverrides(
  env: Readonly<Record<string, string | undefined>>,
  top: Record<string, z.ZodType>,
  sourceOf: (name: string) => string,
): { overrides: EnvOverride[]; issues: ConfigIssue[] } {
  const overrides: EnvOverride[] = [];
  const issues: ConfigIssue[] = [];
  const add = (path: string[], value: string, name: string) => {
    // the value as given, and read as a list (`a,<key>`, or JSON such as alert rules) the way list settings read it
    if (holdsSecretKey(value) || holdsSecretKey(toList(value))) issues.push({ path: path.join("."), message: KEY_SHAPED, source: sourceOf(name) });
    else overrides.push({ path, value, source: sourceOf(name) });
  };
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (!name.startsWith(ENV_PREFIX) || NOT_OVERRIDES.has(name) || value === undefined || value === "") continue;
    const rest = name.slice(ENV_PREFIX.length);
    if (rest === "MODE") {
      add(["mode"], value, name);
      continue;
    }
    if (!rest.includes("__")) continue;
    const segments = rest.split("__");
    const path: string[] = [];
    let shape: Record<string, z.ZodType> | undefined = top;
    let leaf: z.ZodType | undefined;
    for (const seg of segments) {
      const key: string | undefined = shape === undefined ? undefined : Object.keys(shape).find((k) => norm(k) === norm(seg));
      if (key === undefined || shape === undefined) {
        path.push(seg.toLowerCase());
        leaf = undefined;
        break;
      }
      path.push(key);
      leaf = shape[key];
      shape = leaf === undefined ? undefined : shapeOf(leaf);
    }
    const dotted = path.join(".");
    if (leaf === undefined || path.length !== segments.length) {
      const hint = secretKeyHint(segments[segments.length - 1] ?? "");
      const message =
        hint === undefined ? "unknown setting (no such config key)" : `unknown setting; secrets are read only from ${hint}`;
      issues.push({ path: dotted, message, source: sourceOf(name) });
    } else if (shapeOf(leaf) !== undefined) {
      issues.push({ path: dotted, message: "is a table; set one of its keys instead", source: sourceOf(name) });
    } else {
      add(path, value, name);
    }
  }
  return { overrides, issues };
}
