import { describe, expect, test } from "bun:test";
import { Keypair, SystemProgram, Transaction } from "@solana/web3.js";
import { SniperError } from "../../src/errors.ts";
import { KeyObject } from "node:crypto";
import { createSigner, verifyEd25519 } from "../../src/chain/signer.ts";
import { protectSigner } from "../../src/wallet/protect.ts";

describe("native ed25519 signer", () => {
  test("same public key and signatures as web3.js Keypair + Transaction.sign (deterministic ed25519)", () => {
    for (let i = 0; i < 5; i++) {
      const kp = Keypair.generate();
      const s64 = createSigner(kp.secretKey);
      const s32 = createSigner(kp.secretKey.slice(0, 32));
      expect(s64.publicKey.toBase58()).toBe(kp.publicKey.toBase58());
      expect(s32.address).toBe(kp.publicKey.toBase58());
      expect(s64.publicKeyBytes).toEqual(kp.publicKey.toBytes());

      const tx = new Transaction({ feePayer: kp.publicKey, recentBlockhash: Keypair.generate().publicKey.toBase58() });
      tx.add(SystemProgram.transfer({ fromPubkey: kp.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1 + i }));
      tx.sign(kp);
      const message = tx.serializeMessage();
      const ours = s64.sign(message);
      expect(ours).toEqual(new Uint8Array(tx.signature!));
      expect(verifyEd25519(s64.publicKeyBytes, message, ours)).toBe(true);
    }
  });

  test("every signer, wrapped or not, shares one sign function, and the key is in none of its own fields", () => {
    const [a, b] = [createSigner(Keypair.generate().secretKey), createSigner(Keypair.generate().secretKey)];
    // One call target for the warm-up key and the wallet's (see the KeySigner comment).
    expect(a.sign).toBe(b.sign);
    const [pa, pb] = [protectSigner(a), protectSigner(b)];
    expect(pa.sign).toBe(pb.sign);
    expect(Object.isFrozen(pa)).toBe(true);
    const msg = new TextEncoder().encode("m");
    expect(pa.sign(msg)).toEqual(a.sign(msg));
    for (const s of [a, pa]) for (const v of Object.values(s)) expect(v).not.toBeInstanceOf(KeyObject);
  });

  test("verify rejects tampered messages, signatures, other keys and malformed input", () => {
    const s = createSigner(Keypair.generate().secretKey);
    const msg = new TextEncoder().encode("hello");
    const sig = s.sign(msg);
    expect(verifyEd25519(s.publicKeyBytes, msg, sig)).toBe(true);
    expect(verifyEd25519(s.publicKeyBytes, new TextEncoder().encode("hellp"), sig)).toBe(false);
    const bad = sig.slice();
    bad[0] = bad[0]! ^ 1;
    expect(verifyEd25519(s.publicKeyBytes, msg, bad)).toBe(false);
    expect(verifyEd25519(Keypair.generate().publicKey.toBytes(), msg, sig)).toBe(false);
    expect(verifyEd25519(new Uint8Array(31), msg, sig)).toBe(false);
    expect(verifyEd25519(s.publicKeyBytes, msg, sig.subarray(0, 63))).toBe(false);
  });

  test("bad secrets fail as config errors that never include the key", () => {
    const kp = Keypair.generate();
    const mismatched = kp.secretKey.slice();
    mismatched.set(Keypair.generate().publicKey.toBytes(), 32);
    for (const secret of [new Uint8Array(10), mismatched]) {
      try {
        createSigner(secret);
        throw new Error("did not throw");
      } catch (err) {
        expect(err).toBeInstanceOf(SniperError);
        expect((err as SniperError).kind).toBe("config");
        const text = JSON.stringify((err as SniperError).toJSON()) + String((err as Error).message);
        expect(text).not.toContain(Buffer.from(kp.secretKey.subarray(0, 32)).toString("hex"));
        expect(text).not.toContain(kp.secretKey.subarray(0, 32).join(","));
      }
    }
    expect(JSON.stringify(createSigner(kp.secretKey))).not.toContain(kp.secretKey.subarray(0, 32).join(","));
  });
});
