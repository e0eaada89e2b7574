import { describe, expect, test } from "bun:test";
import {
  PumpDecodeError,
  ZERO_PUBKEY,
  decodeBondingCurve,
  decodeGlobal,
  encodeBondingCurve,
  encodeGlobal,
} from "../../src/chain/pump/index.ts";
import { expectMatchesDecoded, vector } from "./vectors.ts";

const curveVec = vector("pump.bondingCurve.account");
const globalVec = vector("pump.global.account");
const curveData = Uint8Array.fromBase64((curveVec.value as { data: string }).data);
const globalData = Uint8Array.fromBase64((globalVec.value as { data: string }).data);

describe("BondingCurve", () => {
  test("150-byte mainnet curve decodes to the vector's values and round-trips", () => {
    const c = decodeBondingCurve(curveData);
    expect(c.dataLength).toBe(150);
    expectMatchesDecoded(c as unknown as Record<string, unknown>, curveVec.decoded as Record<string, unknown>, true);
    expect(encodeBondingCurve(c)).toEqual(curveData);
    expect(encodeBondingCurve(c, 150)).toEqual(curveData);
  });

  test.each([49, 81, 82, 83, 115, 124, 125, 150, 151])("length %i: missing trailing fields read as zero; round trip", (len) => {
    const full = decodeBondingCurve(curveData);
    const bytes = encodeBondingCurve({ ...full, isMayhemMode: true, creatorFeeBps: 7n, isHolderReward: true }, len);
    expect(bytes.length).toBe(len);
    const c = decodeBondingCurve(bytes);
    expect(c.virtualTokenReserves).toBe(1_072_911_112_000_000n);
    expect(c.creator).toBe(len >= 81 ? "CkdtUhQdH2sHXJYTJTNFbF1K5W33WVgVHG7zffaMkEmv" : ZERO_PUBKEY);
    expect(c.isMayhemMode).toBe(len >= 82);
    expect(c.creatorFeeBps).toBe(len >= 123 ? 7n : 0n);
    expect(c.isHolderReward).toBe(len >= 125);
    expect(encodeBondingCurve(c)).toEqual(bytes);
  });

  test("wrong discriminator and too short are PumpDecodeErrors", () => {
    expect(() => decodeBondingCurve(globalData)).toThrow(PumpDecodeError);
    expect(() => decodeBondingCurve(curveData.subarray(0, 48))).toThrow(PumpDecodeError);
    expect(() => decodeBondingCurve(curveData.subarray(0, 4))).toThrow(PumpDecodeError);
  });
});

describe("Global", () => {
  test("mainnet Global decodes to the vector's values and round-trips", () => {
    const g = decodeGlobal(globalData);
    expectMatchesDecoded(g as unknown as Record<string, unknown>, globalVec.decoded as Record<string, unknown>);
    expect(g.dataLength).toBe(512);
    expect(g.initialVirtualSolReserves).toBe(30_000_000_000n);
    expect(g.feeRecipients.length).toBe(7);
    expect(encodeGlobal(g)).toEqual(globalData);
  });

  test("a short Global reads missing fields as zero", () => {
    const g = decodeGlobal(globalData.subarray(0, 8 + 1 + 64 + 16));
    expect(g.initialVirtualTokenReserves).toBe(1_073_000_000_000_000n);
    expect(g.initialRealTokenReserves).toBe(0n);
    expect(g.feeRecipients).toEqual(Array(7).fill(ZERO_PUBKEY));
    expect(() => decodeGlobal(curveData)).toThrow(PumpDecodeError);
  });
});
