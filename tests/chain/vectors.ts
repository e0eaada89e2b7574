/** Loads the mainnet vectors (a verbatim copy of the shared fixtures) and compares decoded objects with their `decoded` values. */
import { expect } from "bun:test";
import { join } from "node:path";

export interface Vector {
  kind: string;
  value: unknown;
  note: string;
  decoded: Record<string, unknown> | Record<string, unknown>[] | null;
}

export const VECTORS_PATH = join(import.meta.dir, "../fixtures/mainnet/vectors.json");
/** The shared original, present beside the repository in the project's own checkouts and CI. */
export const SHARED_VECTORS_PATH = join(import.meta.dir, "../../../shared/fixtures/mainnet/vectors.json");

export const vectors: Vector[] = await Bun.file(VECTORS_PATH).json();

/** The vector of a kind (exactly one of each kind is expected). */
export function vector(kind: string): Vector {
  const v = vectors.find((x) => x.kind === kind);
  if (!v) throw new Error(`no vector ${kind}`);
  return v;
}

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Vectors call the SOL side of a curve "quote" (newer IDL); this codec keeps "sol". */
const ALIASES: Record<string, string> = {
  virtual_quote_reserves: "virtualSolReserves",
  real_quote_reserves: "realSolReserves",
};

/** Expects every `decoded` field on `actual` (numbers compared as bigint), and the layout markers. */
export function expectMatchesDecoded(actual: Record<string, unknown>, decoded: Record<string, unknown>, aliases = false): void {
  for (const [k, v] of Object.entries(decoded)) {
    if (k.startsWith("_")) continue;
    const key = (aliases && ALIASES[k]) || camel(k);
    expect(key in actual, `field ${k}`).toBe(true);
    const got = actual[key];
    if (typeof v === "number") expect(got, k).toBe(typeof got === "number" ? v : BigInt(v));
    else expect(got, k).toEqual(v);
  }
  expect(actual.truncatedAt, "_truncated_at").toBe((decoded._truncated_at as string | undefined) ?? null);
}
