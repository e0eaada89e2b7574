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
  withoutPdaCaching,
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

  test("inside withoutPdaCaching derivations are right but not kept: the cache keeps its entries and caching resumes, even after a throw", () => {
    clearPdaCache();
    const owner = encodeBase58Key(randomKey());
    const real = deriveCreatorVault(owner);
    const fresh = encodeBase58Key(randomKey());
    const inside = withoutPdaCaching(() => {
      // 9,000 fresh derivations: more than the cache holds (8,192), so any that reached it would evict `real`.
      for (let i = 0; i < 9_000; i++) deriveCreatorVault(encodeBase58Key(randomKey()));
      const a = deriveCreatorVault(fresh);
      expect(deriveCreatorVault(fresh)).not.toBe(a); // not kept: derived again
      return a;
    });
    const [want] = PublicKey.findProgramAddressSync([enc("creator-vault"), new PublicKey(fresh).toBytes()], new PublicKey(PUMP_PROGRAM_ID));
    expect(inside.address).toBe(want.toBase58());
    expect(deriveCreatorVault(owner)).toBe(real); // a hit inside is still served: the real entry, untouched
    expect(withoutPdaCaching(() => deriveCreatorVault(owner))).toBe(real);
    expect(() => withoutPdaCaching(() => { throw new Error("boom"); })).toThrow("boom");
    const after = deriveCreatorVault(fresh); // caching is back on: kept from now
    expect(deriveCreatorVault(fresh)).toBe(after);
    expect(deriveCreatorVault(owner)).toBe(real);
  });
});
