import { describe, expect, test } from "bun:test";
import { readI64, readU16, readU32, readU64, writeU64 } from "../../src/chain/little-endian.ts";
import { Reader } from "../../src/chain/pump/codec.ts";
import { decodePumpEvent, encodeTradeEvent, makeTradeEvent } from "../../src/chain/pump/index.ts";
import { seededRng } from "../../src/rng.ts";

/** Values around every boundary the fast paths branch on (2^32, 2^53, 2^63, 2^64). */
const EDGES = [0n, 1n, 0xffffffffn, 1n << 32n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n];

describe("little-endian reads agree with DataView", () => {
  test("seeded random bytes at every offset, and the boundary values", () => {
    const rng = seededRng(9);
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rng.next() * 256);
    // Bytes of the boundary values, and their negatives as i64.
    for (let k = 0; k < EDGES.length; k++) {
      new DataView(bytes.buffer).setBigUint64(k * 16, EDGES[k]!, true);
      new DataView(bytes.buffer).setBigInt64(k * 16 + 8, -BigInt.asIntN(64, EDGES[k]!), true);
    }
    const view = new DataView(bytes.buffer);
    for (let at = 0; at + 8 <= bytes.length; at++) {
      expect(readU16(bytes, at)).toBe(view.getUint16(at, true));
      expect(readU32(bytes, at)).toBe(view.getUint32(at, true));
      expect(readU64(bytes, at)).toBe(view.getBigUint64(at, true));
      expect(readI64(bytes, at)).toBe(view.getBigInt64(at, true));
    }
  });

  test("readU64 reads back what writeU64 wrote; negative i64 round-trip as two's complement", () => {
    const b = new Uint8Array(8);
    for (const v of EDGES) {
      writeU64(b, 0, v);
      expect(readU64(b, 0)).toBe(v);
      const neg = -BigInt.asIntN(64, v);
      if (neg >= -(1n << 63n)) {
        writeU64(b, 0, neg);
        expect(readI64(b, 0)).toBe(BigInt.asIntN(64, neg));
      }
    }
  });

  test("the Borsh reader still refuses to read past the end, and never asks for the ArrayBuffer", () => {
    const r = new Reader(new Uint8Array([1, 2, 3]));
    expect(() => r.u32()).toThrow(RangeError);
    // A view whose buffer is poisoned: any DataView or subarray use would throw.
    const bytes = new Uint8Array([3, 0, 0, 0, 98, 117, 121, 7, 0, 0, 0, 0, 0, 0, 0, 2, 1]);
    Object.defineProperty(bytes, "buffer", { get: () => { throw new Error("buffer asked for"); } });
    Object.defineProperty(bytes, "subarray", { value: () => { throw new Error("subarray asked for"); } });
    const q = new Reader(bytes);
    expect(q.string()).toBe("buy");
    expect(q.u64()).toBe(7n);
    expect(q.u16()).toBe(0x0102);
    expect(q.left).toBe(0);
  });

  test("a whole TradeEvent (tail and ix_name included) decodes without asking for the ArrayBuffer", () => {
    const ev = makeTradeEvent({ mint: "So11111111111111111111111111111111111111112", solAmount: 123_456_789n, timestamp: -5n, ixName: "buy", cashback: (1n << 63n) + 9n });
    const bytes = encodeTradeEvent(ev);
    Object.defineProperty(bytes, "buffer", { get: () => { throw new Error("buffer asked for"); } });
    Object.defineProperty(bytes, "subarray", { value: () => { throw new Error("subarray asked for"); } });
    const back = decodePumpEvent(bytes);
    expect(back).toMatchObject({ kind: "trade", solAmount: 123_456_789n, timestamp: -5n, ixName: "buy", cashback: (1n << 63n) + 9n, truncatedAt: null });
  });
});
