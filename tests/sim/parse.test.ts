import { describe, expect, test } from "bun:test";
import { Keypair, SystemProgram, Transaction, TransactionMessage, VersionedTransaction } from "@solana/web3.js";
import { buildSignedBuyTransaction, buildSignedSellTransaction } from "../../src/chain/pump/index.ts";
import { parseTransaction } from "../../src/chain/tx-parser.ts";
import { parseWireTransaction, TxParseError } from "../../src/sim/exec/parse.ts";
import { FEE_RECIPIENT } from "../../src/sim/pump/genesis.ts";
import { testSigner } from "./helpers.ts";

const BH = "4uQeVj5tqViQh7yWWGStvkEG1Zmhx6uasJtWCJziofM";
const common = { signer: testSigner(1), recentBlockhash: BH, computeUnitLimit: 90_000, microLamportsPerCu: 5n, mint: Keypair.generate().publicKey.toBase58(), creator: testSigner(2).address, feeRecipient: FEE_RECIPIENT };

function wires(): Uint8Array[] {
  const kp = Keypair.generate();
  const legacy = new Transaction({ feePayer: kp.publicKey, blockhash: BH, lastValidBlockHeight: 1 }).add(SystemProgram.transfer({ fromPubkey: kp.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 5 }));
  legacy.sign(kp);
  const v0 = new VersionedTransaction(new TransactionMessage({ payerKey: kp.publicKey, recentBlockhash: BH, instructions: legacy.instructions }).compileToV0Message());
  v0.sign([kp]);
  return [
    buildSignedBuyTransaction({ ...common, amount: 10n, maxSolCost: 20n }).wire,
    buildSignedBuyTransaction({ ...common, spendableSolIn: 10n, minTokensOut: 1n, version: 0 }).wire,
    buildSignedSellTransaction({ ...common, amount: 10n, minSolOutput: 1n }).wire,
    legacy.serialize(),
    v0.serialize(),
  ];
}

describe("the simulator's wire parser", () => {
  test("agrees with the shared parseTransaction", () => {
    for (const w of wires()) {
      const mine = parseWireTransaction(w);
      const theirs = parseTransaction(w);
      expect(mine.signatures).toEqual(theirs.signatures);
      expect(mine.accountKeys).toEqual(theirs.accountKeys);
      expect(mine.recentBlockhash).toBe(theirs.recentBlockhash);
      expect(mine.header).toEqual(theirs.header);
      expect(mine.version).toBe(theirs.version);
      expect(Buffer.from(mine.messageBytes).equals(Buffer.from(theirs.message))).toBe(true);
      expect(mine.instructions.map((ix) => [mine.accountKeys[ix.programIdIndex], ix.accounts.map((a) => mine.accountKeys[a]), Buffer.from(ix.data).toString("hex")])).toEqual(
        theirs.instructions.map((ix) => [ix.programId, ix.accounts, Buffer.from(ix.data).toString("hex")]),
      );
    }
  });

  test("rejects truncated and padded wires", () => {
    const w = wires()[0]!;
    expect(() => parseWireTransaction(w.subarray(0, w.length - 3))).toThrow(TxParseError);
    expect(() => parseWireTransaction(new Uint8Array([...w, 0]))).toThrow(TxParseError);
    expect(() => parseWireTransaction(new Uint8Array([0]))).toThrow(TxParseError);
  });
});
