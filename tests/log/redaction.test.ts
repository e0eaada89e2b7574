import { afterAll, describe, expect, test } from "bun:test";
import bs58 from "bs58";
import { filesText, cleanup, makeLogging, plant, plantWallet, readLines } from "./helpers.ts";
import { SniperError } from "../../src/errors.ts";
import { createScrubber, isSecretKey, isUrlKey, scrubUrl } from "../../src/log/index.ts";

afterAll(cleanup);

function outputs(made: ReturnType<typeof makeLogging>): { file: string; pretty: string; ring: string } {
  return {
    file: filesText(made.dir),
    pretty: made.pretty.join(""),
    ring: JSON.stringify(made.logging.ring.recent()),
  };
}

function expectAbsent(made: ReturnType<typeof makeLogging>, values: Record<string, string>): void {
  for (const [where, text] of Object.entries(outputs(made))) {
    for (const [name, value] of Object.entries(values)) {
      if (text.includes(value)) throw new Error(`${name} leaked into ${where}:\n${text}`);
    }
  }
}

describe("planted secrets never reach the file, the pretty output or the ring", () => {
  test("in fields, error messages, nested objects, URLs, format args, bindings", async () => {
    const wallet = plantWallet();
    const token = plant();
    const tg = `${Date.now()}:${plant("TG")}`;
    const hook = `https://discord.com/api/webhooks/42/${plant("HOOK")}`;
    const made = makeLogging({
      ringSize: 4,
      secrets: { walletSecret: wallet.secret, controlToken: token, telegramBotToken: tg, discordWebhookUrl: hook },
    });
    const log = made.logging.child("executor");
    const seedHex = Buffer.from(wallet.bytes.slice(0, 32)).toString("hex");
    log.info({ note: wallet.secret, privateKey: wallet.secret, auth: { authorization: `Bearer ${token}` } }, "in fields");
    log.error(new Error(`signing failed with key ${wallet.secret} and token ${token}`), "in an error");
    log.warn({ err: new SniperError("transient", `send failed ${tg}`, { hook }, { cause: new Error(`cause ${token}`) }) }, "sniper error");
    log.info({ a: { b: { c: { d: `deep ${token}` } } }, list: [`item ${wallet.secret}`] }, "nested");
    log.info({ target: `${hook}?wait=true`, seed: seedHex }, "url and seed hex");
    log.info("format %s and %j", token, { v: wallet.secret });
    log.info(`interpolated ${token} then a long tail ${"x".repeat(400)} ${wallet.secret}`);
    log.child({ session: token }).info("child binding");
    log.info({ keypair: Array.from(wallet.bytes), bytes: wallet.bytes, csv: Array.from(wallet.bytes.slice(0, 32)).join(",") }, "bytes");
    // pieces that are harmless alone and only join in the final line: the last-line scrub must catch them
    log.info("split %s%s", token.slice(0, 15), token.slice(15));
    // a secret straddling the length cap: scrubbed before the cut, so no fragment survives
    log.info({ name: `${"x".repeat(180)}${wallet.secret}` }, "straddling");
    await made.logging.flush();
    const lines = readLines(made.logging.filePath);
    expect(lines).toHaveLength(11);
    expect(made.logging.ring.spilled).toBe(7);
    expectAbsent(made, {
      wallet: wallet.secret,
      walletPrefix: wallet.secret.slice(0, 12),
      seed58: bs58.encode(wallet.bytes.slice(0, 32)),
      seedHex,
      token,
      tg,
      hook,
    });
    expect(outputs(made).file).toContain("<redacted>");
    expect(made.pretty.length).toBe(11);
  });

  test("RPC URLs (configured or not) keep only scheme and host", async () => {
    const heliusKey = plant("PLANTKEY");
    const qnKey = plant("QN");
    const configured = `https://mainnet.helius-rpc.com/?api-key=${heliusKey}`;
    const made = makeLogging({ rpc: { httpUrls: [configured], wsUrls: [`wss://x.quiknode.pro/${qnKey}/`] } });
    const log = made.logging.root;
    log.info({ rpcUrl: configured }, "field");
    log.info(`connecting to ${configured}`);
    log.warn({ err: new Error(`429 from wss://x.quiknode.pro/${qnKey}/ (key ${qnKey})`) }, "ws drop");
    log.info({ endpoint: "https://solana-mainnet.g.alchemy.com/v2/ALCHEMYKEY123" }, "other provider");
    log.info("free text https://rpc.example.com/path?token=TOKENPARAM1&x=1 and https://api.example.com/ok");
    log.info({ upstream: { url: "https://user:PASSWD99@rpc.example.com/" } }, "credentials");
    await made.logging.flush();
    expectAbsent(made, { heliusKey, qnKey, alchemy: "ALCHEMYKEY123", param: "TOKENPARAM1", pw: "PASSWD99" });
    const file = outputs(made).file;
    expect(file).toContain("https://mainnet.helius-rpc.com/<redacted>");
    expect(file).toContain("https://solana-mainnet.g.alchemy.com/<redacted>");
    expect(file).toContain("https://api.example.com/ok");
  });
});

describe("attacker-chosen strings are bounded", () => {
  test("long, ANSI-laden and bidi token names are cut and stripped everywhere", async () => {
    const made = makeLogging();
    const evil = `\u001b[2J\u001b[31mPUMP\u202eGNIK\u0007\r\nfake INFO line${"A".repeat(5000)}`;
    made.logging.root.info({ token: { name: evil, symbol: evil } }, `bought ${evil}`);
    made.logging.child(evil).info("child of evil");
    await made.logging.flush();
    const [rec, rec2] = readLines(made.logging.filePath) as [
      { msg: string; token: { name: string; symbol: string } },
      { actor: string },
    ];
    expect(rec.token.name.startsWith("PUMPGNIK fake INFO lineAAA")).toBe(true);
    expect(rec.token.name.length).toBeLessThanOrEqual(200 + 20);
    expect(rec.token.name).toMatch(/…\[\+\d+ chars\]$/);
    expect(rec.msg.length).toBeLessThanOrEqual(1000 + 20);
    expect(rec2.actor.length).toBeLessThanOrEqual(220);
    for (const text of [outputs(made).file, outputs(made).pretty, outputs(made).ring]) {
      expect(text).not.toContain("\u001b");
      expect(text).not.toContain("\\u001b");
      expect(text).not.toContain("\u202e");
      expect(text).not.toContain("\u0007");
      expect(text).not.toContain("A".repeat(1100));
    }
    // the evil newline cannot start a fake record in the pretty output
    expect(outputs(made).pretty).not.toContain("\nfake INFO line");
  });
});

describe("building blocks", () => {
  test.each([
    ["privateKey", true],
    ["walletSecretKey", true],
    ["authorization", true],
    ["api_key", true],
    ["X-Api-Key", true],
    ["token", true],
    ["name", false],
    ["mint", false],
    ["tokenName", false],
  ])("isSecretKey(%p) = %p", (key, expected) => {
    expect(isSecretKey(key)).toBe(expected);
  });

  test.each([
    ["url", true],
    ["rpcUrl", true],
    ["endpoint", true],
    ["uri", false],
  ])("isUrlKey(%p) = %p", (key, expected) => {
    expect(isUrlKey(key)).toBe(expected);
  });

  test.each([
    ["https://mainnet.helius-rpc.com/?api-key=K", "https://mainnet.helius-rpc.com/<redacted>"],
    ["https://a.quiknode.pro/abc/", "https://a.quiknode.pro/<redacted>"],
    ["https://rpc.ankr.com/solana/abc", "https://rpc.ankr.com/<redacted>"],
    ["https://x.example.com/a?key=1", "https://x.example.com/<redacted>"],
    ["https://ipfs.io/ipfs/QmXyz", "https://ipfs.io/ipfs/QmXyz"],
    ["https://api.mainnet-beta.solana.com", "https://api.mainnet-beta.solana.com"],
  ])("scrubUrl(%p)", (url, expected) => {
    expect(scrubUrl(url)).toBe(expected);
  });

  test("the scrubber removes every configured secret, longest first", () => {
    const scrub = createScrubber({ secrets: { controlToken: "abcd", webhookUrl: "abcdef" }, urls: [] });
    expect(scrub("x abcdef y abcd z abc")).toBe("x <redacted> y <redacted> z abc");
    expect(createScrubber({})("nothing ?token=zzz")).toBe("nothing ?token=<redacted>");
  });
});
