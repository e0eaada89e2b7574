import { describe, expect, test } from "bun:test";
import { PublicKey } from "@solana/web3.js";
import { encodeBase58Key } from "../../src/chain/base58.ts";
import {
  ASSOCIATED_TOKEN_PROGRAM_ID,
  PUMP_PROGRAM_ID,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  clearPdaCache,
  deriveAssociatedTokenAddress,
  deriveAssociatedTokenAddressFrom,
  deriveCreatorVault,
  deriveCreatorVaultFrom,
  findProgramAddress,
  newScratchPdaCache,
  withScratchPdaCache,
} from "../../src/chain/pump/index.ts";
import { seededRng } from "../../src/rng.ts";

const rng = seededRng(1955);
const randomKey = (): Uint8Array => Uint8Array.from({ length: 32 }, () => rng.int(0, 255));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("PDA derivation (one-shot sha256 per bump, fast on-curve check) equals web3.js findProgramAddressSync", () => {
  test("1,000 seeded ATAs (both token programs) and creator vaults, string and byte entry points, bumps included", () => {
    clearPdaCache();
    for (let i = 0; i < 1000; i++) {
      const owner = randomKey();
      const mint = randomKey();
      const tp = i % 2 ? TOKEN_PROGRAM_ID : TOKEN_2022_PROGRAM_ID;
      const tpBytes = new PublicKey(tp).toBytes();
      const [ata, ataBump] = PublicKey.findProgramAddressSync([owner, tpBytes, mint], new PublicKey(ASSOCIATED_TOKEN_PROGRAM_ID));
      const o = encodeBase58Key(owner);
      const m = encodeBase58Key(mint);
      const viaBytes = deriveAssociatedTokenAddressFrom(o, owner, m, mint, tp, tpBytes);
      expect(viaBytes.address).toBe(ata.toBase58());
      expect(viaBytes.bump).toBe(ataBump);
      expect(deriveAssociatedTokenAddress(o, m, tp)).toBe(viaBytes); // same cache entry
      const [cv, cvBump] = PublicKey.findProgramAddressSync([enc("creator-vault"), owner], new PublicKey(PUMP_PROGRAM_ID));
      const vault = i % 3 ? deriveCreatorVaultFrom(o, owner) : deriveCreatorVault(o);
      expect(vault.key.toBase58()).toBe(cv.toBase58());
      expect(vault.bytes).toEqual(cv.toBytes());
      expect(vault.bump).toBe(cvBump);
    }
  });

  test("seeds longer than the reused preimage buffer, and many seeds", () => {
    const seeds = Array.from({ length: 16 }, () => randomKey()); // 512 bytes of seeds
    const program = randomKey();
    const [want, bump] = PublicKey.findProgramAddressSync(seeds.slice(0, 16), new PublicKey(program));
    const got = findProgramAddress(seeds, program);
    expect(got.address).toBe(want.toBase58());
    expect(got.bump).toBe(bump);
    const short = findProgramAddress([enc("x")], program);
    expect(short.address).toBe(PublicKey.findProgramAddressSync([enc("x")], new PublicKey(program))[0].toBase58());
  });

  test("inside withScratchPdaCache derivations go to the scratch cache: the real one keeps its entries and is put back, even on a throw", () => {
    clearPdaCache();
    const owner = encodeBase58Key(randomKey());
    const real = deriveCreatorVault(owner);
    const scratch = newScratchPdaCache();
    const inside = withScratchPdaCache(scratch, () => {
      // 9,000 fresh derivations: more than the real cache holds (8,192), so any that reached it would evict `real`.
      for (let i = 0; i < 9_000; i++) deriveCreatorVault(encodeBase58Key(randomKey()));
      return deriveCreatorVault(owner);
    });
    expect(inside).not.toBe(real); // a miss in the scratch cache: derived again
    expect(inside.address).toBe(real.address);
    expect(scratch.size).toBe(64);
    expect(deriveCreatorVault(owner)).toBe(real); // the real cache's entry, untouched
    expect(() => withScratchPdaCache(scratch, () => { throw new Error("boom"); })).toThrow("boom");
    expect(deriveCreatorVault(owner)).toBe(real);
  });
});
