import { describe, expect, test } from "bun:test";
import bs58 from "bs58";
import { looksLikeSecretKey } from "../../src/config/secrets.ts";
import { plantKeyBytes, plantKeyHex, plantWalletSecret, randomPublicKey } from "./helpers.ts";

const bytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe("looksLikeSecretKey", () => {
  test("recognises the forms a 64-byte key is pasted in", () => {
    expect(looksLikeSecretKey(plantWalletSecret())).toBe(true);
    expect(looksLikeSecretKey(` ${plantWalletSecret()}\n`)).toBe(true);
    expect(looksLikeSecretKey(plantKeyHex())).toBe(true);
    expect(looksLikeSecretKey(plantKeyHex().toUpperCase())).toBe(true);
    expect(looksLikeSecretKey(`0x${plantKeyHex()}`)).toBe(true);
    expect(looksLikeSecretKey(plantKeyBytes())).toBe(true);
    expect(looksLikeSecretKey(JSON.stringify(plantKeyBytes()))).toBe(true);
    expect(looksLikeSecretKey(JSON.stringify(plantKeyBytes(), null, 1))).toBe(true);
    const key = Buffer.from(plantKeyBytes());
    expect(looksLikeSecretKey(key.toString("base64"))).toBe(true);
    expect(looksLikeSecretKey(key.toString("base64").replace(/=+$/, ""))).toBe(true);
    expect(looksLikeSecretKey(key.toString("base64url"))).toBe(true);
  });

  test("a base58 signature (64 bytes too) is refused alike: nothing in the config holds one", () => {
    expect(looksLikeSecretKey(bs58.encode(bytes(64)))).toBe(true);
  });

  test("leaves public keys, 32-byte values and other lengths alone", () => {
    expect(looksLikeSecretKey(randomPublicKey())).toBe(false);
    expect(looksLikeSecretKey("So11111111111111111111111111111111111111112")).toBe(false);
    expect(looksLikeSecretKey(Buffer.from(bytes(32)).toString("hex"))).toBe(false);
    expect(looksLikeSecretKey(Buffer.from(bytes(63)).toString("hex"))).toBe(false);
    expect(looksLikeSecretKey(`${plantKeyHex()}0`)).toBe(false);
    expect(looksLikeSecretKey(bs58.encode(bytes(48)))).toBe(false);
    expect(looksLikeSecretKey(Buffer.from(bytes(32)).toString("base64"))).toBe(false);
    expect(looksLikeSecretKey(Buffer.from(bytes(65)).toString("base64"))).toBe(false);
    expect(looksLikeSecretKey(plantKeyBytes().slice(1))).toBe(false);
    expect(looksLikeSecretKey([...plantKeyBytes().slice(1), 256])).toBe(false);
    expect(looksLikeSecretKey(JSON.stringify(plantKeyBytes().slice(1)))).toBe(false);
    expect(looksLikeSecretKey("[not json")).toBe(false);
    expect(looksLikeSecretKey("logs")).toBe(false);
    expect(looksLikeSecretKey(64)).toBe(false);
  });
});
