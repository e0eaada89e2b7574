import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import {
  DISC,
  PUMP_PROGRAM_ID,
  PumpDecodeError,
  decodeBondingCurve,
  decodeGlobal,
  decodePumpEvent,
  decodePumpInstruction,
  parsePumpLogs,
  parseTransaction,
} from "../../src/chain/pump/index.ts";

/** Runs each seeded case; anything thrown must be a PumpDecodeError. */
const onlyPumpDecodeErrors = (fn: () => unknown): void => {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof PumpDecodeError)) throw err;
  }
};

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const discs = [DISC.tradeEvent, DISC.createEvent, DISC.completeEvent, DISC.migrationEvent];
// Random bytes, half of them behind a real discriminator so the field readers get exercised.
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc.tuple(fc.constantFrom(...discs), fc.uint8Array({ maxLength: 400 })).map(([d, rest]) => {
    const out = new Uint8Array(8 + rest.length);
    out.set(d);
    out.set(rest, 8);
    return out;
  }),
);

describe("seeded fuzz: decoders only ever throw PumpDecodeError", () => {
  test("decodePumpEvent on random bytes", () => {
    fc.assert(fc.property(payload, (b) => onlyPumpDecodeErrors(() => decodePumpEvent(b))), { seed: 1, numRuns: RUNS });
  });

  test("account and instruction decoders on random bytes", () => {
    const withDisc = (d: Uint8Array) => fc.uint8Array({ maxLength: 600 }).map((rest) => Uint8Array.from([...d, ...rest]));
    fc.assert(
      fc.property(fc.oneof(withDisc(DISC.bondingCurve), withDisc(DISC.global), withDisc(DISC.buy), withDisc(DISC.create), withDisc(DISC.createV2), fc.uint8Array()), fc.array(fc.string(), { maxLength: 20 }), (b, accounts) => {
        onlyPumpDecodeErrors(() => decodeBondingCurve(b));
        onlyPumpDecodeErrors(() => decodeGlobal(b));
        onlyPumpDecodeErrors(() => decodePumpInstruction(b, accounts));
        onlyPumpDecodeErrors(() => parseTransaction(b));
      }),
      { seed: 2, numRuns: RUNS },
    );
  });

  test("parsePumpLogs never throws on random lines", () => {
    const P = PUMP_PROGRAM_ID;
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom(`Program ${P} invoke [1]`, `Program ${P} invoke [2]`, `Program ${P} success`, `Program ${P} failed: x`, "Log truncated", "Program data: ", "Program ", "Program  invoke ["),
      payload.map((b) => `Program data: ${b.toBase64()}`),
      fc.string().map((s) => `Program data: ${s}`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const r = parsePumpLogs(lines);
        expect(r.errors + r.unknown + r.events.length).toBeLessThanOrEqual(lines.length);
      }),
      { seed: 3, numRuns: RUNS },
    );
  });
});
