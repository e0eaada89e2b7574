import { describe, expect, test } from "bun:test";
import { Keypair, PublicKey } from "@solana/web3.js";
import {
  PUMP_EVENT_AUTHORITY,
  PUMP_FEE_CONFIG,
  PUMP_FEE_PROGRAM_ID,
  PUMP_GLOBAL,
  PUMP_GLOBAL_VOLUME_ACCUMULATOR,
  PUMP_MINT_AUTHORITY,
  PUMP_PROGRAM_ID,
  PUMP_PROGRAM_ID_KEY,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  associatedTokenAddress,
  bondingCurvePda,
  bondingCurveV2Pda,
  clearPdaCache,
  creatorVaultPda,
  derivePda,
  deriveAssociatedTokenAddress,
  userVolumeAccumulatorPda,
} from "../../src/chain/pump/index.ts";
import { vector } from "./vectors.ts";

type Ix = { accounts: { pubkey: string }[] };
const keys = (kind: string): string[] => (vector(kind).value as Ix).accounts.map((a) => a.pubkey);

describe("fixed PDAs of wire-format.md", () => {
  test.each([
    ["global", PUMP_GLOBAL],
    ["mint-authority", PUMP_MINT_AUTHORITY],
    ["__event_authority", PUMP_EVENT_AUTHORITY],
    ["global_volume_accumulator", PUMP_GLOBAL_VOLUME_ACCUMULATOR],
  ])("[%s] under the pump program", (seed, address) => {
    expect(derivePda([seed], PUMP_PROGRAM_ID).address).toBe(address);
  });

  test("fee config: fee-program PDA [fee_config, pump program id]", () => {
    expect(derivePda(["fee_config", PUMP_PROGRAM_ID_KEY.toBytes()], PUMP_FEE_PROGRAM_ID).address).toBe(PUMP_FEE_CONFIG);
  });
});

describe("per-mint and per-user PDAs against mainnet instruction accounts", () => {
  test("buy vector: bonding curve, associated bonding curve, user ATA, user volume accumulator", () => {
    const k = keys("pump.ix.buy");
    const [mint, bc, abc, au, user] = [k[2]!, k[3]!, k[4]!, k[5]!, k[6]!];
    expect(bondingCurvePda(mint).toBase58()).toBe(bc);
    expect(associatedTokenAddress(bc, mint, TOKEN_PROGRAM_ID).toBase58()).toBe(abc);
    expect(associatedTokenAddress(user, mint).toBase58()).toBe(au);
    expect(userVolumeAccumulatorPda(user).toBase58()).toBe(k[13]!);
  });

  test("sell vector: bonding curve and ATAs", () => {
    const k = keys("pump.ix.sell");
    expect(bondingCurvePda(k[2]!).toBase58()).toBe(k[3]!);
    expect(associatedTokenAddress(k[3]!, k[2]!, k[9]!).toBase58()).toBe(k[4]!);
    expect(associatedTokenAddress(new PublicKey(k[6]!), new PublicKey(k[2]!)).toBase58()).toBe(k[5]!);
  });

  test("create vector: bonding curve and associated bonding curve of the new mint", () => {
    const k = keys("pump.ix.create");
    expect(bondingCurvePda(k[0]!).toBase58()).toBe(k[2]!);
    expect(associatedTokenAddress(k[2]!, k[0]!).toBase58()).toBe(k[3]!);
  });

  test("same results as web3.js findProgramAddressSync (random keys, both token programs)", () => {
    clearPdaCache();
    for (let i = 0; i < 20; i++) {
      const a = Keypair.generate().publicKey;
      const b = Keypair.generate().publicKey;
      const ref = (seeds: Uint8Array[], program: string): string =>
        PublicKey.findProgramAddressSync(seeds, new PublicKey(program))[0].toBase58();
      const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
      expect(bondingCurvePda(a).toBase58()).toBe(ref([enc("bonding-curve"), a.toBytes()], PUMP_PROGRAM_ID));
      expect(bondingCurveV2Pda(a).toBase58()).toBe(ref([enc("bonding-curve-v2"), a.toBytes()], PUMP_PROGRAM_ID));
      expect(creatorVaultPda(b).toBase58()).toBe(ref([enc("creator-vault"), b.toBytes()], PUMP_PROGRAM_ID));
      expect(userVolumeAccumulatorPda(b).toBase58()).toBe(ref([enc("user_volume_accumulator"), b.toBytes()], PUMP_PROGRAM_ID));
      for (const tp of [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID]) {
        expect(associatedTokenAddress(b, a, tp).toBase58()).toBe(
          ref([b.toBytes(), new PublicKey(tp).toBytes(), a.toBytes()], "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL"),
        );
      }
    }
  });

  test("cached results are stable; string and PublicKey inputs agree", () => {
    const m = Keypair.generate().publicKey;
    const first = deriveAssociatedTokenAddress(m, m);
    expect(deriveAssociatedTokenAddress(m.toBase58(), m.toBase58())).toBe(first);
    expect(first.key.toBase58()).toBe(first.address);
  });
});
