import type { ConfigIssue } from "./errors.ts";
import { dotted } from "./issues.ts";
import { isPlainObject } from "./paths.ts";
import { REDACTED } from "./redact.ts";
import { looksLikeSecretKey, secretKeyHint, shapedSecret } from "./secrets.ts";

// Secrets pasted into the config file: a secret-named key (`walletSecret = ...`) or a value shaped like a
// secret key, wherever it sits (tables, lists, arrays of tables, lists in lists).

const KEY_SHAPED = "looks like a secret key: secrets are not allowed in the config file; set SNIPER_WALLET_SECRET in the environment or .env";

type Path = (string | number)[];

function problemOf(key: string | number, value: unknown): string | undefined {
  const hint = typeof key === "string" && !isPlainObject(value) ? secretKeyHint(key) : undefined;
  if (hint !== undefined) return `secrets are not allowed in the config file: remove it and set ${hint} in the environment or .env`;
  if (looksLikeSecretKey(value)) return KEY_SHAPED;
  const shaped = shapedSecret(value);
  return shaped === undefined ? undefined : `looks like ${shaped.what}: secrets are not allowed in the config file; set ${shaped.env} in the environment or .env`;
}

function scanValue(key: string | number, value: unknown, at: Path, source: string, issues: ConfigIssue[]): boolean {
  const path = [...at, key];
  const problem = problemOf(key, value);
  if (problem !== undefined) {
    issues.push({ path: dotted(path), message: problem, source });
    return true;
  }
  if (Array.isArray(value)) scanList(value, path, source, issues);
  else if (isPlainObject(value)) scanTable(value, path, source, issues);
  return false;
}

function scanTable(table: Record<string, unknown>, at: Path, source: string, issues: ConfigIssue[]): void {
  for (const key of Object.keys(table)) if (scanValue(key, table[key], at, source, issues)) delete table[key];
}

// A list item is replaced, not removed, so the items after it keep their index in later error paths.
function scanList(list: unknown[], at: Path, source: string, issues: ConfigIssue[]): void {
  for (let i = 0; i < list.length; i++) if (scanValue(i, list[i], at, source, issues)) list[i] = REDACTED;
}

/**
 * Takes every secret out of the file's table, one issue per value at its exact path (`filters.nameDeny[0]`,
 * `alerts.rules[1].name`), never quoting it: a table key is deleted, a list item becomes `<redacted>`.
 */
export function rejectFileSecrets(tree: Record<string, unknown>, source: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  scanTable(tree, [], source, issues);
  return issues;
}
