import { describe, expect, test } from "bun:test";
import { ComputeBudgetProgram, Keypair } from "@solana/web3.js";
import {
  PumpDecodeError,
  PumpEncodeError,
  SYSTEM_PROGRAM_ID,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  associatedTokenAddress,
  buildCreateAtaIdempotentInstruction,
  buildSetComputeUnitLimitInstruction,
  buildSetComputeUnitPriceInstruction,
  decodeAtaInstruction,
  decodeComputeBudgetInstruction,
} from "../../src/chain/pump/index.ts";

describe("ComputeBudget", () => {
  test("byte-identical to web3.js ComputeBudgetProgram and decodable", () => {
    const limit = buildSetComputeUnitLimitInstruction(140_000);
    expect(new Uint8Array(limit.data)).toEqual(new Uint8Array(ComputeBudgetProgram.setComputeUnitLimit({ units: 140_000 }).data));
    const price = buildSetComputeUnitPriceInstruction(1_234_567n);
    expect(new Uint8Array(price.data)).toEqual(new Uint8Array(ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 1_234_567n }).data));
    expect(limit.programId.equals(ComputeBudgetProgram.programId)).toBe(true);
    expect(decodeComputeBudgetInstruction(new Uint8Array(price.data))).toEqual({ name: "setComputeUnitPrice", microLamports: 1_234_567n });
    expect(() => decodeComputeBudgetInstruction(new Uint8Array([9]))).toThrow(PumpDecodeError);
    expect(() => decodeComputeBudgetInstruction(new Uint8Array([2, 1]))).toThrow(PumpDecodeError);
    expect(() => buildSetComputeUnitLimitInstruction(-1)).toThrow(PumpEncodeError);
    expect(() => buildSetComputeUnitPriceInstruction(-1n)).toThrow(PumpEncodeError);
  });
});

describe("idempotent create-ATA", () => {
  test.each([TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID])("accounts and data for %s; decodes back", (tokenProgram) => {
    const owner = Keypair.generate().publicKey;
    const mint = Keypair.generate().publicKey;
    const ix = buildCreateAtaIdempotentInstruction({ payer: owner, owner, mint, tokenProgram });
    expect(Array.from(ix.data)).toEqual([1]);
    const accounts = ix.keys.map((k) => k.pubkey.toBase58());
    expect(accounts).toEqual([owner.toBase58(), associatedTokenAddress(owner, mint, tokenProgram).toBase58(), owner.toBase58(), mint.toBase58(), SYSTEM_PROGRAM_ID, tokenProgram]);
    expect(ix.keys.map((k) => [k.isSigner, k.isWritable])).toEqual([[true, true], [false, true], [false, false], [false, false], [false, false], [false, false]]);
    expect(decodeAtaInstruction(new Uint8Array(ix.data), accounts)).toMatchObject({ name: "createIdempotent", accounts: { mint: mint.toBase58(), tokenProgram } });
    expect(decodeAtaInstruction(new Uint8Array(0)).name).toBe("create");
    expect(() => decodeAtaInstruction(new Uint8Array([7]))).toThrow(PumpDecodeError);
  });
});
