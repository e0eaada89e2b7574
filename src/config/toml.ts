import { readFileSync } from "node:fs";
import type { ConfigIssue } from "./errors.ts";

/** Result of reading the config file: the parsed table, or the issues that prevented it. */
export type TomlResult = { ok: true; data: Record<string, unknown> } | { ok: false; issues: ConfigIssue[] };

function messageOf(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/^TOML Parse error:\s*/i, "");
}

function tryParse(text: string): { ok: true; data: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, data: Bun.TOML.parse(text) };
  } catch (e) {
    return { ok: false, message: messageOf(e) };
  }
}

/**
 * The 1-based line of a TOML syntax error. Bun's parser does not report a usable position, so this finds
 * the shortest prefix of the file (in whole lines) that fails with the same message as the whole file.
 */
export function findErrorLine(text: string, message: string): number | undefined {
  const lines = text.split("\n");
  for (let n = 1; n <= lines.length; n++) {
    const r = tryParse(lines.slice(0, n).join("\n") + "\n");
    if (!r.ok && r.message === message) return n;
  }
  return undefined;
}

/** Reads and parses a TOML config file; a missing file, unreadable file or syntax error becomes an issue. */
export function readTomlFile(path: string, source: string): TomlResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "config file not found" : `cannot read config file (${code ?? messageOf(e)})`;
    return { ok: false, issues: [{ path, message: why, source }] };
  }
  const r = tryParse(text);
  if (!r.ok) {
    const line = findErrorLine(text, r.message);
    const where = line === undefined ? path : `${path}:${line}`;
    const message = `TOML syntax error${line === undefined ? "" : ` on line ${line}`}: ${r.message}`;
    return { ok: false, issues: [{ path: where, message, source }] };
  }
  return { ok: true, data: r.data as Record<string, unknown> };
}
