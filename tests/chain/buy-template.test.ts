import { describe, expect, test } from "bun:test";
import { Keypair } from "@solana/web3.js";
import { buildSignedBuyTransactionFast, buyTemplateCounts } from "../../src/chain/buy-template.ts";
import { buildSignedBuyTransaction, type BuyTxParams } from "../../src/chain/tx-builder.ts";
import { createSigner } from "../../src/chain/signer.ts";
import { encodeBase58Key } from "../../src/chain/base58.ts";
import {
  PUMP_FEE_PROGRAM_ID,
  PUMP_GLOBAL,
  SYSTEM_PROGRAM_ID,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  deriveAssociatedTokenAddress,
  deriveBondingCurve,
} from "../../src/chain/pump/index.ts";
import { signIntent } from "../../src/executor/build.ts";
import { seededRng, type Rng } from "../../src/rng.ts";

const rng = seededRng(4242);
const bytes = (r: Rng, n: number): Uint8Array => Uint8Array.from({ length: n }, () => r.int(0, 255));
const key = (r: Rng): string => encodeBase58Key(bytes(r, 32));
const u64 = (r: Rng): bigint => {
  const pick = r.int(0, 5);
  if (pick === 0) return 0n;
  if (pick === 1) return (1n << 64n) - 1n;
  return BigInt(`0x${bytes(r, r.int(1, 8)).toHex()}`);
};
const signers = Array.from({ length: 4 }, () => createSigner(Keypair.fromSeed(bytes(rng, 32)).secretKey));

function same(p: BuyTxParams): void {
  const want = buildSignedBuyTransaction(p);
  const got = buildSignedBuyTransactionFast(p);
  expect(got.wire.toHex()).toBe(want.wire.toHex());
  expect(got.message.toHex()).toBe(want.message.toHex());
  expect(got.base64).toBe(want.base64);
  expect(got.signature).toBe(want.signature);
}

function randomParams(r: Rng): BuyTxParams {
  const mint = key(r);
  const common = {
    signer: signers[r.int(0, signers.length - 1)]!,
    mint,
    creator: key(r),
    feeRecipient: key(r),
    recentBlockhash: key(r),
    computeUnitLimit: r.int(0, 3) === 0 ? 0xffffffff : r.int(0, 1_400_000),
    microLamportsPerCu: r.int(0, 4) === 0 ? r.int(0, 1_000_000) : u64(r),
    version: r.int(0, 1) === 0 ? ("legacy" as const) : (0 as const),
    tokenProgram: [undefined, TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID][r.int(0, 2)],
    bondingCurve: r.int(0, 4) === 0 ? undefined : r.int(0, 1) === 0 ? deriveBondingCurve(mint).address : key(r),
    trackVolume: [undefined, true, false, null][r.int(0, 3)],
  };
  return r.int(0, 1) === 0 ? { ...common, spendableSolIn: u64(r), minTokensOut: u64(r) } : { ...common, amount: u64(r), maxSolCost: u64(r) };
}

describe("buildSignedBuyTransactionFast is byte-identical to buildSignedBuyTransaction", () => {
  test("3,000 seeded random buys: legacy and v0, buy and buy_exact_sol_in, both token programs, every track_volume form", () => {
    const before = { ...buyTemplateCounts };
    for (let i = 0; i < 3000; i++) same(randomParams(rng));
    expect(buyTemplateCounts.fast - before.fast).toBe(3000); // the template, not the fallback, made these
  });

  test("explicit associated accounts, PublicKey inputs, numbers for the priority fee", () => {
    for (let i = 0; i < 50; i++) {
      const p = randomParams(rng);
      const mint = p.mint as string;
      same({ ...p, associatedUser: deriveAssociatedTokenAddress(p.signer.address, mint, p.tokenProgram ?? TOKEN_PROGRAM_ID).address });
      same({ ...p, associatedBondingCurve: key(rng), associatedUser: key(rng) });
      same({ ...p, mint: Keypair.fromSeed(bytes(rng, 32)).publicKey, creator: Keypair.fromSeed(bytes(rng, 32)).publicKey, microLamportsPerCu: 12_345 });
    }
  });

  test("shapes the template does not cover fall back: duplicate keys, no ATA create, remaining accounts", () => {
    const p = randomParams(rng);
    const user = p.signer.address;
    const before = buyTemplateCounts.fallback;
    same({ ...p, feeRecipient: user });
    same({ ...p, feeRecipient: p.mint });
    same({ ...p, bondingCurve: p.mint as string });
    same({ ...p, feeRecipient: PUMP_GLOBAL });
    same({ ...p, feeRecipient: PUMP_FEE_PROGRAM_ID });
    same({ ...p, tokenProgram: SYSTEM_PROGRAM_ID });
    same({ ...p, mint: TOKEN_PROGRAM_ID, tokenProgram: TOKEN_PROGRAM_ID });
    same({ ...p, createAta: false });
    same({ ...p, remainingAccounts: [{ pubkey: key(rng), isSigner: false, isWritable: true }] });
    same({ ...p, remainingAccounts: [] });
    expect(buyTemplateCounts.fallback - before).toBe(9);
  });

  test("invalid inputs throw what the generic builder throws", () => {
    const p = randomParams(rng);
    const bad: Partial<BuyTxParams>[] = [
      { mint: "not-base58-0OIl" },
      { feeRecipient: "1111" },
      { recentBlockhash: "zz" },
      { creator: "abc!" },
      { computeUnitLimit: -1 },
      { computeUnitLimit: 1.5 },
      { computeUnitLimit: 2 ** 32 },
      { microLamportsPerCu: -1n },
      { microLamportsPerCu: 1n << 64n },
      { microLamportsPerCu: 0.5 },
      { associatedUser: "11" },
    ];
    for (const b of bad) {
      const q = { ...p, ...b } as BuyTxParams;
      let want: unknown;
      try {
        buildSignedBuyTransaction(q);
      } catch (e) {
        want = e;
      }
      expect(want).toBeDefined();
      expect(() => buildSignedBuyTransactionFast(q)).toThrow((want as Error).message);
    }
    for (const amounts of [{ spendableSolIn: -1n, minTokensOut: 1n }, { amount: 1n, maxSolCost: 1n << 64n }]) {
      const q = { ...p, ...amounts } as BuyTxParams;
      expect(() => buildSignedBuyTransaction(q)).toThrow("u64 out of range");
      expect(() => buildSignedBuyTransactionFast(q)).toThrow("u64 out of range");
    }
  });

  test("signIntent (the executor's build step) signs the generic builder's bytes", () => {
    for (let i = 0; i < 200; i++) {
      const signer = signers[i % signers.length]!;
      const mint = key(rng);
      const params = {
        side: "buy" as const, lamports: u64(rng), minTokensOut: u64(rng), expectedTokens: 1n, microLamportsPerCu: u64(rng),
        computeUnitLimit: rng.int(0, 1_400_000), bondingCurve: deriveBondingCurve(mint).address, creator: key(rng),
        tokenProgram: i % 2 ? TOKEN_PROGRAM_ID : TOKEN_2022_PROGRAM_ID, launchSignature: "x",
      };
      const fee = key(rng);
      const blockhash = key(rng);
      const got = signIntent(signer, mint, params, fee, blockhash);
      const want = buildSignedBuyTransaction({
        signer, mint, creator: params.creator, tokenProgram: params.tokenProgram, bondingCurve: params.bondingCurve, feeRecipient: fee,
        recentBlockhash: blockhash, computeUnitLimit: params.computeUnitLimit, microLamportsPerCu: params.microLamportsPerCu,
        spendableSolIn: params.lamports, minTokensOut: params.minTokensOut,
      });
      expect(got.wire.toHex()).toBe(want.wire.toHex());
      expect(got.signature).toBe(want.signature);
    }
  });
});
