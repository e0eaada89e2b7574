import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { Keypair } from "@solana/web3.js";
import bs58 from "bs58";
import { createHttpRpcClient } from "../../src/chain/rpc/http-client.ts";
import { createSigner, verifyEd25519 } from "../../src/chain/signer.ts";
import { SniperError } from "../../src/errors.ts";
import { startSimCluster, type SimCluster } from "../../src/sim/cluster/index.ts";
import {
  assertBalance, loadKeypairFile, loadLiveSigner, loadOrCreateSimKeypair, protectSigner, signerFromBase58, signerFromKeypairJson, SIM_WALLET_FILE,
} from "../../src/wallet/index.ts";

let dir: string;
let c: SimCluster;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "wallet-"));
  c = await startSimCluster({ seed: 5, slotMs: 20, httpPort: 0 });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await c.stop();
});

/** Every way a signer or an error might get printed. */
function printed(x: unknown): string {
  const e = x as { message?: string; stack?: string; toJSON?: () => unknown; details?: unknown; cause?: unknown };
  return [String(x), JSON.stringify(x) ?? "", inspect(x, { depth: 10, showHidden: true }), e?.message ?? "", e?.stack ?? "",
    JSON.stringify(e?.details ?? null), String(e?.cause ?? "")].join("\n");
}

function secretForms(kp: Keypair): string[] {
  return [bs58.encode(kp.secretKey), bs58.encode(kp.secretKey.slice(0, 32)), JSON.stringify(Array.from(kp.secretKey)),
    Array.from(kp.secretKey.slice(0, 32)).join(","), Buffer.from(kp.secretKey.slice(0, 32)).toString("hex"), Buffer.from(kp.secretKey.slice(0, 32)).toString("base64")];
}

describe("live key sources", () => {
  test("a Solana CLI keypair file and a base58 secret give the same working signer", () => {
    const kp = Keypair.generate();
    const path = join(dir, "id.json");
    writeFileSync(path, JSON.stringify(Array.from(kp.secretKey)));
    const a = loadKeypairFile(path);
    const b = signerFromBase58(bs58.encode(kp.secretKey));
    const seedOnly = signerFromBase58(bs58.encode(kp.secretKey.slice(0, 32)));
    expect(a.address).toBe(kp.publicKey.toBase58());
    expect(b.address).toBe(a.address);
    expect(seedOnly.address).toBe(a.address);
    const msg = new TextEncoder().encode("m");
    expect(verifyEd25519(a.publicKeyBytes, msg, a.sign(msg))).toBe(true);
    expect(loadLiveSigner({ secret: bs58.encode(kp.secretKey), keypairPath: "/nonexistent" }).address).toBe(a.address);
    expect(loadLiveSigner({ keypairPath: path }).address).toBe(a.address);
    expect(() => loadLiveSigner({})).toThrow(/SNIPER_WALLET_SECRET/);
  });

  test("a loaded signer is wrapped once: wrapping it again returns it, so the wallet signs through the warm-up key's path", () => {
    const kp = Keypair.generate();
    const wallet = signerFromBase58(bs58.encode(kp.secretKey));
    // The bot wraps what the loaders return (trading.ts); a second wrapper made every real buy fall out
    // of the buy builder's compiled code, which the warm-up's key (wrapped once) had shaped.
    expect(protectSigner(wallet)).toBe(wallet);
    expect(protectSigner(loadLiveSigner({ secret: bs58.encode(kp.secretKey) }))).not.toBe(wallet);
    const fresh = createSigner(kp.secretKey.slice(0, 32));
    const wrapped = protectSigner(fresh);
    expect(wrapped).not.toBe(fresh);
    expect(protectSigner(wrapped)).toBe(wrapped);
    const msg = new TextEncoder().encode("m");
    expect(Buffer.from(protectSigner(wallet).sign(msg)).equals(Buffer.from(fresh.sign(msg)))).toBe(true);
  });

  test("the key never appears in toString, JSON.stringify or util.inspect of the signer", () => {
    const kp = Keypair.generate();
    for (const s of [signerFromBase58(bs58.encode(kp.secretKey)), signerFromKeypairJson(JSON.stringify(Array.from(kp.secretKey)))]) {
      const out = printed(s) + printed({ wallet: s });
      for (const f of secretForms(kp)) expect(out).not.toContain(f);
      expect(String(s)).toBe(`Signer(${kp.publicKey.toBase58()})`);
      expect(JSON.parse(JSON.stringify(s))).toEqual({ address: kp.publicKey.toBase58() });
    }
  });

  test("bad inputs get clear config errors that never echo the secret", () => {
    const kp = Keypair.generate();
    const tampered = Uint8Array.from(kp.secretKey);
    tampered[40]! ^= 1;
    const cases: [() => unknown, RegExp][] = [
      [() => signerFromBase58(bs58.encode(tampered)), /does not match/],
      [() => signerFromBase58(bs58.encode(kp.secretKey) + "0OIl"), /not base58/],
      [() => signerFromBase58(bs58.encode(kp.secretKey.slice(0, 40))), /64 \(or 32\) bytes/],
      [() => signerFromKeypairJson(JSON.stringify(Array.from(kp.secretKey)).slice(0, -1)), /not JSON/],
      [() => signerFromKeypairJson(JSON.stringify(Array.from(kp.secretKey.slice(0, 63)))), /exactly 64/],
      [() => signerFromKeypairJson(JSON.stringify([...Array.from(kp.secretKey.slice(0, 63)), 256])), /0\.\.255/],
      [() => loadKeypairFile(join(dir, "missing.json")), /cannot be read \(ENOENT\)/],
    ];
    for (const [fn, rule] of cases) {
      let err: unknown;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SniperError);
      expect((err as SniperError).kind).toBe("config");
      expect((err as SniperError).message).toMatch(rule);
      const out = printed(err);
      for (const f of secretForms(kp)) expect(out).not.toContain(f);
      expect(out).not.toContain(bs58.encode(tampered));
    }
  });
});

describe("sim wallet", () => {
  test("created once with mode 0600, the same after a restart", () => {
    const dataDir = join(dir, "data");
    const first = loadOrCreateSimKeypair(dataDir);
    expect(first.created).toBe(true);
    expect(first.path).toBe(join(dataDir, SIM_WALLET_FILE));
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    const raw = JSON.parse(readFileSync(first.path, "utf8"));
    expect(raw.length).toBe(64);
    const again = loadOrCreateSimKeypair(dataDir);
    expect(again.created).toBe(false);
    expect(again.signer.address).toBe(first.signer.address);
    expect(printed(again.signer)).not.toContain(bs58.encode(Uint8Array.from(raw)));
  });

  test("the live balance check passes above the floor and names both amounts below it", async () => {
    const rpc = createHttpRpcClient({ endpoints: [c.httpUrl] });
    const who = Keypair.generate().publicKey.toBase58();
    c.api.fund(who, 1_500_000_000n);
    expect(await assertBalance(rpc, who, 1_000_000_000n)).toBe(1_500_000_000n);
    const e = await assertBalance(rpc, who, 2_000_000_000n).catch((x) => x);
    expect(e).toBeInstanceOf(SniperError);
    expect(e.kind).toBe("config");
    expect(e.message).toContain("1.5 SOL");
    expect(e.message).toContain("2 SOL");
  });
});
