/**
 * Wallet keys from their two live sources: a Solana CLI JSON keypair file (an array of 64 numbers) and
 * a base58 secret string (`SNIPER_WALLET_SECRET`). Errors say what is wrong with the input, never what
 * it contains (no echo of the bytes, no parser message that could quote them, no cause chain).
 */
import { readFileSync } from "node:fs";
import bs58 from "bs58";
import { createSigner, type Signer } from "../chain/signer.ts";
import { SniperError } from "../errors.ts";
import { protectSigner } from "./protect.ts";

function bad(source: string, rule: string): SniperError {
  return new SniperError("config", `wallet ${source}: ${rule}`, { field: source });
}

function toSigner(bytes: Uint8Array, source: string): Signer {
  try {
    return protectSigner(createSigner(bytes));
  } catch {
    throw bad(source, "not a valid ed25519 keypair (its public half does not match its secret)");
  } finally {
    bytes.fill(0);
  }
}

/** A signer from the text of a Solana CLI keypair file: a JSON array of 64 integers 0..255. */
export function signerFromKeypairJson(text: string, source = "keypair file"): Signer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bad(source, "is not JSON (expected an array of 64 numbers)");
  }
  if (!Array.isArray(parsed) || parsed.length !== 64) throw bad(source, "must be a JSON array of exactly 64 numbers");
  if (!parsed.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) throw bad(source, "every element must be an integer 0..255");
  return toSigner(Uint8Array.from(parsed as number[]), source);
}

/** A signer from a Solana CLI keypair file at `path`. */
export function loadKeypairFile(path: string): Signer {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code ?? "unreadable";
    throw new SniperError("config", `wallet keypair file ${path}: cannot be read (${code})`, { field: "live.keypairPath", code });
  }
  return signerFromKeypairJson(text, `keypair file ${path}`);
}

/** A signer from a base58 secret: 64 bytes (secret ‖ public, as Phantom exports) or a 32-byte seed. */
export function signerFromBase58(secret: string, source = "SNIPER_WALLET_SECRET"): Signer {
  let bytes: Uint8Array;
  try {
    bytes = bs58.decode(secret.trim());
  } catch {
    throw bad(source, "is not base58");
  }
  if (bytes.length !== 64 && bytes.length !== 32) throw bad(source, `must decode to 64 (or 32) bytes, not ${bytes.length}`);
  return toSigner(bytes, source);
}
