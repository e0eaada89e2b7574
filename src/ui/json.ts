/**
 * JSON for the page's channels (SSE data, the API): bigint as decimal strings, and `<`, `>`, `&`, U+2028,
 * U+2029 as \u escapes so a hostile token name can never form markup, even if a payload lands in HTML.
 */
const UNSAFE = /[<>&\u2028\u2029]/g;
const ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** JSON.stringify replacer: bigint as its decimal string. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** Serializes to one line of JSON with markup characters escaped (still valid JSON, same value). */
export function safeJson(value: unknown): string {
  return (JSON.stringify(value, jsonReplacer) ?? "null").replace(UNSAFE, (c) => ESCAPES[c] ?? c);
}
