import { describe, expect, test } from "bun:test";
import { decideTopUp, type TopUpPolicy } from "../../src/wallet/top-up.ts";

const SOL = 1_000_000_000n;
const policy: TopUpPolicy = { floorLamports: SOL, airdropLamports: 10n * SOL, minIntervalMs: 5_000 };

describe("sim wallet top-up rule", () => {
  test("airdrops the configured amount when the balance is below the floor and nothing was tried yet", () => {
    expect(decideTopUp(0n, policy, null, 0)).toEqual({ action: "airdrop", lamports: 10n * SOL });
    expect(decideTopUp(SOL - 1n, policy, null, 123)).toEqual({ action: "airdrop", lamports: 10n * SOL });
  });

  test("does nothing at or above the floor, however long since the last attempt", () => {
    expect(decideTopUp(SOL, policy, null, 0)).toEqual({ action: "none", reason: "above_floor" });
    expect(decideTopUp(50n * SOL, policy, 0, 1_000_000)).toEqual({ action: "none", reason: "above_floor" });
  });

  test("at most one attempt per minimum interval (failed attempts count too)", () => {
    expect(decideTopUp(0n, policy, 1_000, 1_000)).toEqual({ action: "none", reason: "too_soon", waitMs: 5_000 });
    expect(decideTopUp(0n, policy, 1_000, 5_999)).toEqual({ action: "none", reason: "too_soon", waitMs: 1 });
    expect(decideTopUp(0n, policy, 1_000, 6_000)).toEqual({ action: "airdrop", lamports: 10n * SOL });
    expect(decideTopUp(0n, { ...policy, minIntervalMs: 0 }, 1_000, 1_000)).toEqual({ action: "airdrop", lamports: 10n * SOL });
  });

  test("an airdrop amount of 0 turns top-ups off", () => {
    expect(decideTopUp(0n, { ...policy, airdropLamports: 0n }, null, 0)).toEqual({ action: "none", reason: "disabled" });
  });
});
