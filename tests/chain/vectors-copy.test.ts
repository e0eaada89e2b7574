import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { SHARED_VECTORS_PATH, VECTORS_PATH } from "./vectors.ts";

describe("mainnet vectors", () => {
  test.skipIf(!existsSync(SHARED_VECTORS_PATH))("the repository's copy is byte-identical to the shared fixtures", () => {
    expect(readFileSync(VECTORS_PATH).equals(readFileSync(SHARED_VECTORS_PATH))).toBe(true);
  });
});
