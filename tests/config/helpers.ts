import bs58 from "bs58";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, type ConfigIssue, loadConfig, type LoadedConfig } from "../../src/config/index.ts";

const dirs: string[] = [];

/** A fresh empty working directory (removed by cleanupDirs). */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "sniper-config-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Removes every directory made by tempDir. */
export function cleanupDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A random marker that must never show up where secrets are forbidden. */
export function plant(prefix = "SECRET_PLANT"): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;
}

/** A random, valid base58 64-byte Solana secret key. */
export function plantWalletSecret(): string {
  return bs58.encode(crypto.getRandomValues(new Uint8Array(64)));
}

/** A random 64-byte secret key as the numbers of a Solana CLI keypair file. */
export function plantKeyBytes(): number[] {
  return [...crypto.getRandomValues(new Uint8Array(64))];
}

/** A random 64-byte secret key as 128 hex digits. */
export function plantKeyHex(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(64))).toString("hex");
}

/** A random Solana public key (base58 of 32 bytes): not a secret. */
export function randomPublicKey(): string {
  return bs58.encode(crypto.getRandomValues(new Uint8Array(32)));
}

/** loadConfig that must fail: returns the ConfigError. */
export function loadError(options: Parameters<typeof loadConfig>[0]): ConfigError {
  try {
    loadConfig(options);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError, but the config loaded");
}

/** The issue at `path` (fails the test when absent). */
export function issueAt(err: ConfigError, path: string): ConfigIssue {
  const found = err.issues.find((i) => i.path === path);
  if (found === undefined) throw new Error(`no issue at ${path}; issues: ${JSON.stringify(err.issues)}`);
  return found;
}

/** loadConfig in an empty directory with only the given env/argv. */
export function loadIn(cwd: string, env: Record<string, string> = {}, argv: string[] = []): LoadedConfig {
  return loadConfig({ argv, env, cwd });
}
