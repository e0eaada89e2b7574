import { expect, test } from "bun:test";
import fc from "fast-check";
import { stringifyExact } from "../../src/store/exact-json.ts";
import { decodeState, encodeState } from "../../src/store/repos/position-state.ts";

const data = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.string({ unit: "grapheme" }),
    fc.double(),
    fc.integer(),
    fc.bigInt(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(fc.string(), tie("value"), { maxKeys: 5 }),
  ),
})).value;

test("stringifyExact writes the same text as JSON.stringify with the bigint replacer, and reads back exactly", () => {
  fc.assert(
    fc.property(data, (v) => {
      const text = stringifyExact(v);
      expect(text).toBe(JSON.stringify(v, encodeState) ?? "null");
      if (v !== undefined) expect(JSON.parse(text, decodeState)).toEqual(JSON.parse(JSON.stringify(v, encodeState), decodeState));
    }),
    { numRuns: 3000, seed: 7 },
  );
  expect(stringifyExact({ a: 2n ** 100n, d: new Date(0), n: NaN, f: () => 1 })).toBe('{"a":{"$bigint":"1267650600228229401496703205376"},"d":"1970-01-01T00:00:00.000Z","n":null}');
});
