import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { seededRng } from "../../../src/rng.ts";
import { breakFrame, createFaultPolicy, FRAME_BREAKS, garbagePayload, malformFrame, truncateFrame, truncateLogLines } from "../../../src/sim/faults/index.ts";

/** A real 2026 mainnet TradeEvent (258 bytes), from the shared fixtures. */
const TRADE_EVENT =
  "vdt/007mYe6dKsxKfMbYbJAUjzVU6hwpUo/NqZtQ0u8EpfI1QaN7/5i4+wIAAAAAMX7QjaEAAAABtipDEeZapMxXx0Wp0Funx+qS849Mz3skrt28g1HUC0yp9IlpAAAAAMnkpzkLAAAALNhpoj9fAgDJOIQ9BAAAACxAV1auYAEASsL40N1cvJfjKJwZfLUGKlTz2Va5zm5RFfllZ6pcs+ZfAAAAAAAAAF9BBwAAAAAApZaRFOGWYW3wyoOUf3uyF/i/3KfhW/3tp0juGw55TDEeAAAAAAAAAIpKAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAwAAAGJ1eQA=";
const FRAME = JSON.stringify({
  jsonrpc: "2.0",
  method: "logsNotification",
  params: {
    result: {
      context: { slot: 345_678_901 },
      value: {
        signature: "5h6xBEauJ3PK6SWCZ1PGjBvj8vDdWG3KpwATGy1ARAXFSDwt8GFXM7W5Ncn16wmqokgpiKRLuS83KUxyZyv2sUYv",
        err: null,
        logs: ["Program 6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P invoke [1]", "Program log: Instruction: Buy", `Program data: ${TRADE_EVENT}`, "Program 6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P success"],
      },
    },
    subscription: 3,
  },
});

/** What a strict listener would accept: the frame shape plus every Program data line decoding to an event. */
const EVENTS: Record<string, number> = { bddb7fd34ee661ee: 121, "1b72a94ddeeb6376": 8 + 4 + 4 + 4 + 96 };
const programData = z.string().refine((line) => {
  if (!line.startsWith("Program data: ")) return true;
  const b64 = line.slice("Program data: ".length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return false;
  const bytes = Buffer.from(b64, "base64");
  const disc = bytes.subarray(0, 8).toString("hex");
  const min = EVENTS[disc];
  if (min === undefined || bytes.length < min) return false;
  // CreateEvent starts with a string: its length must fit in the bytes.
  return disc !== "1b72a94ddeeb6376" || bytes.readUInt32LE(8) <= bytes.length;
});
const schema = z.strictObject({
  jsonrpc: z.literal("2.0"),
  method: z.literal("logsNotification"),
  params: z.strictObject({
    result: z.strictObject({
      context: z.strictObject({ slot: z.number().int() }),
      value: z.strictObject({ signature: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/), err: z.null(), logs: z.array(programData) }),
    }),
    subscription: z.number().int(),
  }),
});
const accepted = (data: string | Uint8Array): boolean => {
  try {
    const text = typeof data === "string" ? data : new TextDecoder("utf-8", { fatal: true }).decode(data);
    return schema.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
};

describe("malformed frame generators", () => {
  test("the valid frame passes the strict checks (so failures below are the generators' doing)", () => {
    expect(accepted(FRAME)).toBe(true);
  });

  test.each(FRAME_BREAKS.map((w) => [w]))("%s: every variant is rejected", (how) => {
    for (let seed = 0; seed < 400; seed++) expect(accepted(breakFrame(FRAME, how, seededRng(seed)))).toBe(false);
  });

  test("cut-mid-string and truncation fail JSON.parse itself", () => {
    for (let seed = 0; seed < 400; seed++) {
      expect(() => JSON.parse(breakFrame(FRAME, "cut-mid-string", seededRng(seed)) as string)).toThrow();
      expect(() => JSON.parse(truncateFrame(FRAME, seededRng(seed)))).toThrow();
    }
  });

  test("invalid-utf8 bytes are rejected by a fatal decoder", () => {
    for (let seed = 0; seed < 200; seed++) {
      const bytes = breakFrame(FRAME, "invalid-utf8", seededRng(seed));
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes as Uint8Array)).toThrow();
    }
  });

  test("malformFrame uses every way and is deterministic per seed", () => {
    const hows = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const a = malformFrame(FRAME, seededRng(seed)), b = malformFrame(FRAME, seededRng(seed));
      expect(a).toEqual(b);
      expect(accepted(a.data)).toBe(false);
      hows.add(a.how);
    }
    expect([...hows].sort()).toEqual([...FRAME_BREAKS].sort());
    const noData = JSON.stringify({ jsonrpc: "2.0", method: "slotNotification", params: { result: { slot: 1 }, subscription: 1 } });
    for (let seed = 0; seed < 100; seed++) expect(malformFrame(noData, seededRng(seed)).how).not.toBe("garbage-program-data");
  });

  test("frames the generators cannot parse fall back to truncation", () => {
    expect(breakFrame("not json", "wrong-type", seededRng(1))).toBe(truncateFrame("not json", seededRng(1)));
    expect(breakFrame("{}", "missing-field", seededRng(1))).toBe("{");
  });

  test("garbage payloads never decode to a whole known event", () => {
    for (let seed = 0; seed < 400; seed++) expect(programData.safeParse(`Program data: ${garbagePayload(TRADE_EVENT, seededRng(seed))}`).success).toBe(false);
  });

  test("truncateLogLines keeps a head and ends with Log truncated", () => {
    const logs = ["a", "b", "c", "d"];
    for (let seed = 0; seed < 50; seed++) {
      const out = truncateLogLines(logs, seededRng(seed));
      expect(out.at(-1)).toBe("Log truncated");
      expect(out.length).toBeGreaterThanOrEqual(2);
      expect(out.length).toBeLessThanOrEqual(4);
      expect(out.slice(0, -1)).toEqual(logs.slice(0, out.length - 1));
    }
    expect(truncateLogLines([], seededRng(1))).toEqual(["Log truncated"]);
  });
});

describe("policy.corruptFrame", () => {
  test("breaks frames deterministically per seed, the way beforeWsFrame asked", () => {
    const a = createFaultPolicy({ seed: 4 }), b = createFaultPolicy({ seed: 4 });
    for (let i = 0; i < 100; i++) {
      const fault = i % 2 ? "malform" : "truncate";
      const x = a.corruptFrame(FRAME, fault);
      expect(x).toEqual(b.corruptFrame(FRAME, fault));
      expect(accepted(x)).toBe(false);
      if (fault === "truncate") expect(FRAME.startsWith(x as string)).toBe(true);
    }
  });
});
