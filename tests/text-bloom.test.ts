import { describe, expect, test } from "bun:test";
import { TextBloom } from "../src/text-bloom.ts";

describe("TextBloom", () => {
  test("never a false negative; false positives near the expected rate, which it reports", () => {
    const bloom = new TextBloom(16, 7);
    const added = Array.from({ length: 5_000 }, (_, i) => `Mint${i}pump${(i * 2_654_435_761) >>> 0}`);
    for (const s of added) bloom.add(s);
    for (const s of added) expect(bloom.mightHave(s)).toBe(true);
    let maybes = 0;
    const probes = 100_000;
    for (let i = 0; i < probes; i++) if (bloom.mightHave(`Other${i}x${(i * 40_503) >>> 0}`)) maybes++;
    const expected = bloom.falsePositiveRate(); // (1 - e^(-7*5000/65536))^7 ~ 0.21 %
    expect(expected).toBeGreaterThan(0.0015);
    expect(expected).toBeLessThan(0.003);
    expect(maybes / probes).toBeGreaterThan(expected / 3);
    expect(maybes / probes).toBeLessThan(expected * 3);
  });

  test("its memory is fixed by its size, however many texts go in", () => {
    const bloom = new TextBloom(10, 3);
    expect(bloom.bytes).toBe(128);
    for (let i = 0; i < 10_000; i++) bloom.add(`t${i}`);
    expect(bloom.bytes).toBe(128);
    expect(bloom.added).toBe(10_000);
    expect(bloom.falsePositiveRate()).toBeGreaterThan(0.99); // saturated: every lookup says maybe
  });

  test("an empty filter holds nothing; bad sizes are refused", () => {
    const bloom = new TextBloom();
    expect(bloom.mightHave("anything")).toBe(false);
    expect(bloom.bytes).toBe(2 * 1024 * 1024);
    expect(() => new TextBloom(4)).toThrow(RangeError);
    expect(() => new TextBloom(24, 0)).toThrow(RangeError);
    expect(() => new TextBloom(24.5)).toThrow(RangeError);
  });
});
