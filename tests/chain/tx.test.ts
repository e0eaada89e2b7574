import { describe, expect, test } from "bun:test";
import { Keypair, PublicKey, Transaction, VersionedTransaction } from "@solana/web3.js";
import {
  ASSOCIATED_TOKEN_PROGRAM_ID,
  COMPUTE_BUDGET_PROGRAM_ID,
  PUMP_PROGRAM_ID,
  PumpDecodeError,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  CLOSE_ACCOUNT,
  associatedTokenAddress,
  buildSignedBuyTransaction,
  buildSignedSellTransaction,
  compileAndSign,
  compileMessage,
  createSigner,
  decodeAtaInstruction,
  decodeCloseAccount,
  decodeComputeBudgetInstruction,
  decodePumpInstruction,
  parseTransaction,
  verifyTransactionSignatures,
} from "../../src/chain/pump/index.ts";

const kp = Keypair.generate();
const signer = createSigner(kp.secretKey);
const blockhash = Keypair.generate().publicKey.toBase58();
const mint = Keypair.generate().publicKey.toBase58();
const creator = Keypair.generate().publicKey.toBase58();
const feeRecipient = "62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV";
const common = { signer, recentBlockhash: blockhash, computeUnitLimit: 120_000, microLamportsPerCu: 250_000n, mint, creator, feeRecipient };

describe("buildSignedBuyTransaction", () => {
  for (const version of ["legacy", 0] as const) {
    test(`${version}: parsed back by parseTransaction and web3.js; signature verifies`, () => {
      const tx = buildSignedBuyTransaction({ ...common, version, amount: 1_000_000n, maxSolCost: 40_000_000n });
      expect(tx.base64).toBe(tx.wire.toBase64());
      const p = parseTransaction(tx.wire);
      expect(p.version).toBe(version);
      expect(p.signatures).toEqual([tx.signature]);
      expect(p.recentBlockhash).toBe(blockhash);
      expect(p.accountKeys[0]).toBe(signer.address);
      expect(verifyTransactionSignatures(p)).toBe(true);
      expect(p.instructions.map((i) => i.programId)).toEqual([COMPUTE_BUDGET_PROGRAM_ID, COMPUTE_BUDGET_PROGRAM_ID, ASSOCIATED_TOKEN_PROGRAM_ID, PUMP_PROGRAM_ID]);
      expect(decodeComputeBudgetInstruction(p.instructions[0]!.data)).toEqual({ name: "setComputeUnitLimit", units: 120_000 });
      expect(decodeComputeBudgetInstruction(p.instructions[1]!.data)).toEqual({ name: "setComputeUnitPrice", microLamports: 250_000n });
      const ata = decodeAtaInstruction(p.instructions[2]!.data, p.instructions[2]!.accounts);
      expect(ata.name).toBe("createIdempotent");
      expect(ata.accounts?.ata).toBe(associatedTokenAddress(signer.address, mint).toBase58());
      const buy = decodePumpInstruction(p.instructions[3]!.data, p.instructions[3]!.accounts);
      expect(buy).toMatchObject({ name: "buy", args: { amount: 1_000_000n, maxSolCost: 40_000_000n, trackVolume: false } });
      expect(buy.accounts).toMatchObject({ user: signer.address, mint, associatedUser: ata.accounts?.ata });
      // flags survive compilation: user signs, fee recipient writable, mint read-only
      const flags = new Map(p.accounts.map((a) => [a.pubkey, a]));
      expect(flags.get(signer.address)).toMatchObject({ isSigner: true, isWritable: true });
      expect(flags.get(feeRecipient)).toMatchObject({ isSigner: false, isWritable: true });
      expect(flags.get(mint)).toMatchObject({ isSigner: false, isWritable: false });

      const w = VersionedTransaction.deserialize(tx.wire);
      expect(w.message.recentBlockhash).toBe(blockhash);
      expect(w.message.compiledInstructions.length).toBe(4);
      expect(w.message.staticAccountKeys.map((k) => k.toBase58())).toEqual(p.accountKeys);
      expect(w.message.isAccountWritable(p.accountKeys.indexOf(feeRecipient))).toBe(true);
      expect(w.message.isAccountSigner(0)).toBe(true);
      if (version === "legacy") {
        const legacy = Transaction.from(tx.wire);
        expect(legacy.verifySignatures()).toBe(true);
        expect(legacy.instructions[3]!.programId.toBase58()).toBe(PUMP_PROGRAM_ID);
        expect(legacy.instructions[3]!.keys.length).toBe(16);
      }
    });
  }

  test("buy_exact_sol_in, Token-2022, no ATA create", () => {
    const tx = buildSignedBuyTransaction({ ...common, tokenProgram: TOKEN_2022_PROGRAM_ID, spendableSolIn: 10_000_000n, minTokensOut: 1n, createAta: false });
    const p = parseTransaction(tx.wire);
    expect(p.instructions.length).toBe(3);
    const d = decodePumpInstruction(p.instructions[2]!.data, p.instructions[2]!.accounts);
    expect(d).toMatchObject({ name: "buy_exact_sol_in", args: { spendableSolIn: 10_000_000n, minTokensOut: 1n } });
    expect(d.accounts).toMatchObject({ tokenProgram: TOKEN_2022_PROGRAM_ID, associatedUser: associatedTokenAddress(signer.address, mint, TOKEN_2022_PROGRAM_ID).toBase58() });
  });

  test("deterministic: same inputs, same bytes", () => {
    const a = buildSignedBuyTransaction({ ...common, amount: 1n, maxSolCost: 2n });
    const b = buildSignedBuyTransaction({ ...common, amount: 1n, maxSolCost: 2n });
    expect(a.wire).toEqual(b.wire);
  });
});

describe("buildSignedSellTransaction", () => {
  test("sell parsed back; creator vault before token program; signature verifies", () => {
    const tx = buildSignedSellTransaction({ ...common, amount: 5_000n, minSolOutput: 10n, version: 0 });
    const p = parseTransaction(tx.wire);
    expect(verifyTransactionSignatures(p)).toBe(true);
    const d = decodePumpInstruction(p.instructions[2]!.data, p.instructions[2]!.accounts);
    expect(d).toMatchObject({ name: "sell", args: { amount: 5_000n, minSolOutput: 10n } });
    expect(p.instructions[2]!.accounts.length).toBe(14);
    expect(VersionedTransaction.deserialize(tx.wire).signatures[0]).toEqual(p.signatureBytes[0]!);
    expect(p.instructions).toHaveLength(3);
  });

  for (const tokenProgram of [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID]) {
    test(`closeAccount (${tokenProgram === TOKEN_PROGRAM_ID ? "SPL Token" : "Token-2022"}): CloseAccount of the seller's token account follows the sell`, () => {
      const tx = buildSignedSellTransaction({ ...common, tokenProgram, amount: 5_000n, minSolOutput: 10n, closeAccount: true });
      const p = parseTransaction(tx.wire);
      expect(verifyTransactionSignatures(p)).toBe(true);
      expect(p.instructions.map((i) => i.programId)).toEqual([COMPUTE_BUDGET_PROGRAM_ID, COMPUTE_BUDGET_PROGRAM_ID, PUMP_PROGRAM_ID, tokenProgram]);
      const sell = decodePumpInstruction(p.instructions[2]!.data, p.instructions[2]!.accounts);
      const ata = associatedTokenAddress(signer.address, mint, tokenProgram).toBase58();
      expect(sell.accounts).toMatchObject({ associatedUser: ata, tokenProgram });
      expect(decodeCloseAccount(p.instructions[3]!.data, p.instructions[3]!.accounts)).toEqual({ account: ata, destination: signer.address, owner: signer.address });
      expect(p.instructions[3]!.data).toEqual(Uint8Array.of(CLOSE_ACCOUNT));
      // No new account: the close reuses the sell's keys.
      expect(p.accountKeys.length).toBe(parseTransaction(buildSignedSellTransaction({ ...common, tokenProgram, amount: 5_000n, minSolOutput: 10n }).wire).accountKeys.length);
    });
  }

  test("decodeCloseAccount rejects another tag or too few accounts with a typed error", () => {
    expect(() => decodeCloseAccount(Uint8Array.of(3), ["a", "b", "c"])).toThrow(PumpDecodeError);
    expect(() => decodeCloseAccount(Uint8Array.of(CLOSE_ACCOUNT), ["a", "b"])).toThrow("CloseAccount needs 3 accounts");
  });
});

describe("parseTransaction", () => {
  test("parses web3.js-built transactions too", () => {
    const tx = new Transaction({ feePayer: kp.publicKey, recentBlockhash: blockhash });
    tx.add({ programId: new PublicKey(PUMP_PROGRAM_ID), keys: [{ pubkey: kp.publicKey, isSigner: true, isWritable: true }], data: Buffer.from([1, 2, 3]) });
    tx.sign(kp);
    const p = parseTransaction(new Uint8Array(tx.serialize()));
    expect(p.instructions[0]!.data).toEqual(new Uint8Array([1, 2, 3]));
    expect(verifyTransactionSignatures(p)).toBe(true);
  });

  test("tampered wire fails verification; truncated or trailing bytes and lookup tables are rejected", () => {
    const tx = buildSignedBuyTransaction({ ...common, version: 0, amount: 1n, maxSolCost: 2n });
    const bad = tx.wire.slice();
    bad[bad.length - 5] = bad[bad.length - 5]! ^ 1;
    expect(verifyTransactionSignatures(parseTransaction(bad))).toBe(false);
    expect(() => parseTransaction(tx.wire.subarray(0, tx.wire.length - 1))).toThrow(PumpDecodeError);
    const longer = new Uint8Array(tx.wire.length + 1);
    longer.set(tx.wire);
    expect(() => parseTransaction(longer)).toThrow(PumpDecodeError);
    const withLut = tx.wire.slice();
    withLut[withLut.length - 1] = 1; // one lookup table (its body missing; refused before reading it)
    try {
      parseTransaction(withLut);
      throw new Error("did not throw");
    } catch (err) {
      expect(err).toBeInstanceOf(PumpDecodeError);
      expect((err as Error).message).toContain("lookup tables");
    }
  });

  test("a message needing a second signer is refused by the builder", () => {
    const other = Keypair.generate().publicKey.toBase58();
    const msg = compileMessage(signer.address, [{ programId: PUMP_PROGRAM_ID, keys: [{ pubkey: other, isSigner: true, isWritable: false }], data: new Uint8Array(0) }], blockhash);
    expect(msg[0]).toBe(2);
    expect(msg[1]).toBe(1);
    expect(() => compileAndSign(signer, [{ programId: PUMP_PROGRAM_ID, keys: [{ pubkey: other, isSigner: true, isWritable: false }], data: new Uint8Array(0) }], blockhash)).toThrow("signers other than the payer");
  });
});
