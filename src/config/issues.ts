import type { z } from "zod";
import type { ConfigIssue } from "./errors.ts";
import { toList } from "./fields.ts";
import { getPath } from "./paths.ts";
import { isUrlLike, redactUrl } from "./redact.ts";
import { secretKeyHint } from "./secrets.ts";

/** `["rpc", "httpUrls", 0]` -> `rpc.httpUrls[0]`. */
export function dotted(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
  return out;
}

/** The offending value for an error line: JSON, URLs reduced to scheme + host, long values cut. */
export function showValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const shown = isUrlLike(value) ? redactUrl(value) : value;
  let text: string;
  try {
    text = JSON.stringify(shown) ?? String(shown);
  } catch {
    text = String(shown);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The raw value at `path`; items of an environment list (`a,b`, or JSON tables `[{"atBps":1}]`) and their fields are found too. */
function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let node: unknown = raw;
  for (const key of path) {
    if (typeof node === "string" && typeof key === "number") node = toList(node);
    node = getPath(node, [key]);
  }
  return node;
}

/** Converts zod issues of one part of the raw config (at `prefix`) into config issues with path, rule, value, source. */
export function fromZodIssues(
  zodIssues: readonly z.core.$ZodIssue[],
  prefix: readonly string[],
  raw: unknown,
  sourceOf: (path: string) => string,
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const iss of zodIssues) {
    const at = [...prefix, ...iss.path.map((k) => (typeof k === "number" ? k : String(k)))];
    if (iss.code === "unrecognized_keys") {
      for (const key of iss.keys) {
        const path = dotted([...at, key]);
        const hint = secretKeyHint(key);
        const message = hint === undefined ? "unknown setting (no such config key)" : `unknown setting; secrets belong in ${hint}`;
        out.push({ path, message, source: sourceOf(path) });
      }
      continue;
    }
    const path = dotted(at);
    const issue: ConfigIssue = { path, message: iss.message, source: sourceOf(path) };
    const got = showValue(valueAt(raw, at));
    if (got !== undefined) issue.got = got;
    out.push(issue);
  }
  return out;
}

/** Drops repeated issues (same path and rule). */
export function dedupeIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Drops the issues about a value taken out of the file as a secret (`taken`): same source, at or under its path
 * (a list item left as `<redacted>` is not a URL either). `taken` themselves are kept.
 */
export function dropShadowed(issues: readonly ConfigIssue[], taken: readonly ConfigIssue[]): ConfigIssue[] {
  const own = new Set(taken);
  const under = (i: ConfigIssue, t: ConfigIssue) =>
    i.source === t.source && (i.path === t.path || i.path.startsWith(`${t.path}.`) || i.path.startsWith(`${t.path}[`));
  return issues.filter((i) => own.has(i) || !taken.some((t) => under(i, t)));
}
