import { describe, expect, test } from "bun:test";
import { readNumArg } from "../../bench/lib/args.ts";

describe("bench: command-line numbers", () => {
  test.each([
    [["bun", "x.ts"], 7, 7],
    [["bun", "x.ts", "--n", "12"], 7, 12],
    [["bun", "x.ts", "--n", "0"], 7, 0],
    [["bun", "x.ts", "--n", "1", "--n", "2.5"], 7, 2.5],
  ] as const)("%j -> the last value, or the default", (argv, d, want) => {
    expect(readNumArg(argv, "--n", d)).toBe(want);
  });

  test.each([
    [["bun", "x.ts", "--n"], "--n needs a number >= 0 (got nothing)"],
    [["bun", "x.ts", "--n", "many"], '--n needs a number >= 0 (got "many")'],
    [["bun", "x.ts", "--n", "-3"], '--n needs a number >= 0 (got "-3")'],
    [["bun", "x.ts", "--n", ""], '--n needs a number >= 0 (got "")'],
    [["bun", "x.ts", "--n", "Infinity"], '--n needs a number >= 0 (got "Infinity")'],
  ] as const)("%j is refused with a message naming the flag", (argv, message) => {
    expect(readNumArg(argv, "--n", 7)).toBe(message);
  });
});
