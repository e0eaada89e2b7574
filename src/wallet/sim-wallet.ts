/**
 * The sim-mode paper wallet: a keypair generated once and kept at `<dataDir>/sim-wallet.json`
 * (Solana CLI format, file mode 0600) so restarts keep the same wallet. The running bot keeps it funded
 * by requestAirdrop in the background, at a bounded rate (bot/sim-top-up.ts, actors/sim-top-up.actor.ts,
 * rule in ./top-up.ts).
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import type { Signer } from "../chain/signer.ts";
import { loadKeypairFile } from "./keys.ts";

/** File name of the sim wallet under the data directory. */
export const SIM_WALLET_FILE = "sim-wallet.json";

/** A fresh 64-byte Solana secret key (seed ‖ public key) from node:crypto. */
function generateSecretKey(): Uint8Array {
  const { privateKey } = generateKeyPairSync("ed25519");
  const der = privateKey.export({ format: "der", type: "pkcs8" });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const out = new Uint8Array(64);
  out.set(der.subarray(der.length - 32), 0);
  out.set(spki.subarray(spki.length - 32), 32);
  der.fill(0);
  return out;
}

/** Writes a new keypair file with mode 0600; false when another process created it first (never overwrites). */
function createKeypairFile(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true });
  const secret = generateSecretKey();
  try {
    writeFileSync(path, JSON.stringify(Array.from(secret)), { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as { code?: string }).code === "EEXIST") return false;
    throw e;
  } finally {
    secret.fill(0);
  }
  chmodSync(path, 0o600);
  return true;
}

/** Loads the sim wallet's keypair, creating it (mode 0600) on first use; no network. */
export function loadOrCreateSimKeypair(dataDir: string): { signer: Signer; path: string; created: boolean } {
  const path = join(dataDir, SIM_WALLET_FILE);
  const created = !existsSync(path) && createKeypairFile(path);
  return { signer: loadKeypairFile(path), path, created };
}
