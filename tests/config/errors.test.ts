import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { ConfigError, formatConfigError } from "../../src/config/index.ts";
import { loadConfig } from "../../src/config/index.ts";
import { cleanupDirs, issueAt, loadError, loadIn, plant, plantKeyBytes, plantKeyHex, plantWalletSecret, randomPublicKey, tempDir } from "./helpers.ts";

afterAll(cleanupDirs);

describe("invalid values", () => {
  test("every offending field is reported at once with its path, rule, value and source", () => {
    const cwd = tempDir({
      "sniper.toml": [
        "[http]",
        'port = "abc"',
        "[log]",
        'level = "loud"',
        "[supervision.backoff]",
        "factor = 0.5",
        "[sim]",
        "colour = 1",
        "[rpc]",
        'httpUrls = ["ftp://x.example.com"]',
      ].join("\n"),
    });
    const file = `file ${join(cwd, "sniper.toml")}`;
    const err = loadError({
      argv: ["--mode", "turbo"],
      env: { SNIPER_LOG__RING_SIZE: "0", SNIPER_SIM__SLOT_MS: "fast", SNIPER_INSPECT__STATELY: "maybe" },
      cwd,
    });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.kind).toBe("config");
    const lines = formatConfigError(err).split("\n");
    const expected = [
      `http.port: must be an integer between 0 and 65535 (got "abc") [${file}]`,
      `log.level: must be one of trace, debug, info, warn, error, fatal, silent (got "loud") [${file}]`,
      `supervision.backoff.factor: must be a number of at least 1 and at most 100 (got 0.5) [${file}]`,
      `sim.colour: unknown setting (no such config key) [${file}]`,
      `rpc.httpUrls[0]: must be a http or https URL (got "ftp://x.example.com") [${file}]`,
      `mode: must be one of sim, paper, live (got "turbo") [flag --mode]`,
      `log.ringSize: must be an integer between 1 and 1000000 (got "0") [env SNIPER_LOG__RING_SIZE]`,
      `sim.slotMs: must be an integer between 1 and 60000 (got "fast") [env SNIPER_SIM__SLOT_MS]`,
      `inspect.stately: must be true or false (got "maybe") [env SNIPER_INSPECT__STATELY]`,
    ];
    for (const line of expected) expect(lines).toContain(`  - ${line}`);
    expect(err.issues).toHaveLength(expected.length);
    expect(lines[0]).toBe(`Invalid configuration: ${expected.length} problems`);
  });

  test("a section given as a value, and an unknown section, are reported", () => {
    const cwd = tempDir({ "sniper.toml": 'http = 5\n[filtrs]\nx = 1\n' });
    const err = loadError({ argv: [], env: {}, cwd });
    expect(issueAt(err, "http").message).toBe("must be a table (a [section] in TOML)");
    expect(issueAt(err, "filtrs").message).toContain("unknown section");
  });

  test("cross-field rules: deadline after drain, backoff max after initial", () => {
    const err = loadError({
      argv: [],
      env: { SNIPER_SHUTDOWN__DEADLINE_MS: "1000", SNIPER_SUPERVISION__BACKOFF__MAX_MS: "10" },
      cwd: tempDir(),
    });
    expect(issueAt(err, "shutdown.deadlineMs").source).toBe("env SNIPER_SHUTDOWN__DEADLINE_MS");
    expect(issueAt(err, "supervision.backoff.maxMs").message).toContain("initialMs");
  });

  test("a list of tables from the environment: bad JSON names the setting, the variable and the parse error; a bad field its index", () => {
    const err = loadError({
      argv: [],
      env: { SNIPER_EXITS__TAKE_PROFIT: '[{"atBps":300,"sellBps":5000}', SNIPER_ALERTS__RULES: '[{"kind":"pnl_up","pct":5},]' },
      cwd: tempDir(),
    });
    const tp = issueAt(err, "exits.takeProfit");
    expect(tp.message).toStartWith("must be a list of { atBps, sellBps } tables; not valid JSON (");
    expect(tp.source).toBe("env SNIPER_EXITS__TAKE_PROFIT");
    expect(issueAt(err, "alerts.rules").message).toContain("not valid JSON");
    expect(issueAt(err, "alerts.rules").source).toBe("env SNIPER_ALERTS__RULES");
    expect(err.issues).toHaveLength(2);

    const field = loadError({ argv: [], env: { SNIPER_EXITS__TAKE_PROFIT: '[{"atBps":300,"sellBps":50000}]' }, cwd: tempDir() });
    expect(formatConfigError(field)).toContain(
      "exits.takeProfit[0].sellBps: must be an integer between 1 and 10000 (got 50000) [env SNIPER_EXITS__TAKE_PROFIT]",
    );
  });

  test("an RPC URL quoted in an error keeps only scheme and host", () => {
    const err = loadError({ argv: [], env: { SNIPER_RPC__HTTP_URLS: "wss://x.helius-rpc.com/?api-key=PLANTKEY" }, cwd: tempDir() });
    expect(issueAt(err, "rpc.httpUrls[0]").got).toBe('"wss://x.helius-rpc.com/<redacted>"');
    expect(formatConfigError(err)).not.toContain("PLANTKEY");
  });
});

describe("TOML syntax errors", () => {
  test("name the file and the line", () => {
    const cwd = tempDir({ "sniper.toml": '[http]\nport = 8000\n\nhost = 127.0.0.1\n[log]\nlevel = "info"\n' });
    const file = join(cwd, "sniper.toml");
    const err = loadError({ argv: [], env: {}, cwd });
    expect(err.issues).toHaveLength(1);
    const issue = issueAt(err, `${file}:4`);
    expect(issue.message).toStartWith("TOML syntax error on line 4:");
    expect(formatConfigError(err)).toContain(`${file}:4: TOML syntax error on line 4`);
  });

  test("a duplicate key is reported on the line of the duplicate", () => {
    const cwd = tempDir({ "custom.toml": "mode = \"sim\"\n[http]\nport = 1\nport = 2\n" });
    const err = loadError({ argv: ["--config", "custom.toml"], env: {}, cwd });
    expect(err.issues[0]?.path).toBe(`${join(cwd, "custom.toml")}:4`);
  });
});

describe("secrets in the config file", () => {
  test("are rejected naming the key and the environment variable, never quoting the value", () => {
    const token = plant();
    const wallet = plantWalletSecret();
    const hook = `https://discord.com/api/webhooks/1/${plant()}`;
    const cwd = tempDir({
      "sniper.toml": [
        `controlToken = "${token}"`,
        "[live]",
        "confirm = false",
        `walletSecret = "${wallet}"`,
        "[alerts]",
        `discordWebhookUrl = "${hook}"`,
        "[http]",
        `note = "${plantWalletSecret()}"`,
      ].join("\n"),
    });
    const err = loadError({ argv: [], env: {}, cwd });
    const text = formatConfigError(err);
    expect(issueAt(err, "controlToken").message).toContain("SNIPER_CONTROL_TOKEN");
    expect(issueAt(err, "live.walletSecret").message).toBe(
      "secrets are not allowed in the config file: remove it and set SNIPER_WALLET_SECRET in the environment or .env",
    );
    expect(issueAt(err, "alerts.discordWebhookUrl").message).toContain("SNIPER_DISCORD_WEBHOOK_URL");
    expect(issueAt(err, "http.note").message).toContain("looks like a secret key");
    expect(text).not.toContain(token);
    expect(text).not.toContain(wallet);
    expect(text).not.toContain(hook);
    expect(JSON.stringify(err.toJSON())).not.toContain(token);
  });

  test("a key in a list or an array of tables is rejected at its exact path, and nothing else is said about it", () => {
    const keys = [plantWalletSecret(), plantWalletSecret(), plantWalletSecret(), plantWalletSecret()];
    const cwd = tempDir({
      "sniper.toml": [
        "[filters]",
        `nameDeny = ["^scam", "${keys[0]}"]`,
        `creatorDeny = ["${randomPublicKey()}", "${keys[1]}"]`,
        "[rpc]",
        `httpUrls = ["${keys[2]}", "ftp://x.example.com"]`,
        "[[alerts.rules]]",
        'kind = "feed_stalled"',
        "stallMs = 60000",
        "[[alerts.rules]]",
        'kind = "feed_stalled"',
        "stallMs = 60000",
        `name = "${keys[3]}"`,
      ].join("\n"),
    });
    const err = loadError({ argv: [], env: {}, cwd });
    for (const path of ["filters.nameDeny[1]", "filters.creatorDeny[1]", "rpc.httpUrls[0]", "alerts.rules[1].name"]) {
      const issue = issueAt(err, path);
      expect(issue.message).toContain("looks like a secret key");
      expect(issue.got).toBeUndefined();
    }
    // the other item of the list keeps its index; the key's slot is not also "not a URL"
    expect(issueAt(err, "rpc.httpUrls[1]").message).toBe("must be a http or https URL");
    expect(err.issues).toHaveLength(5);
    const text = formatConfigError(err);
    for (const key of keys) expect(text).not.toContain(key);
  });

  test("a key as hex or as a keypair file's numbers (TOML array or JSON text) is rejected too", () => {
    const hex = plantKeyHex();
    const bytes = plantKeyBytes();
    const cwd = tempDir({
      "sniper.toml": [
        "[log]",
        `dir = "${hex}"`,
        "[live]",
        `keypairPath = '${JSON.stringify(bytes)}'`,
        "[filters]",
        `creatorAllow = [${JSON.stringify(bytes)}]`,
        "[alerts.telegram]",
        `chatId = ${JSON.stringify(bytes)}`,
      ].join("\n"),
    });
    const err = loadError({ argv: [], env: {}, cwd });
    for (const path of ["log.dir", "live.keypairPath", "filters.creatorAllow[0]", "alerts.telegram.chatId"]) {
      expect(issueAt(err, path).message).toContain("looks like a secret key");
    }
    expect(err.issues).toHaveLength(4);
    const text = formatConfigError(err);
    expect(text).not.toContain(hex);
    expect(text).not.toContain(String(bytes.slice(0, 8)));
  });

  test("a Discord webhook URL or a Telegram bot token under any key is rejected, pointing at its variable, never quoted", () => {
    const token = Array.from(crypto.getRandomValues(new Uint8Array(35)), (b) => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"[b % 64]).join("");
    const discord = `https://discord.com/api/webhooks/123456789012345678/${token}`;
    const telegram = `123456789:${token}`;
    const cwd = tempDir({ "sniper.toml": ["[log]", `dir = "${discord}"`, "[filters]", `nameDeny = ["${telegram}"]`].join("\n") });
    const err = loadError({ argv: [], env: {}, cwd });
    expect(issueAt(err, "log.dir").message).toContain("looks like a Discord webhook URL");
    expect(issueAt(err, "log.dir").message).toContain("SNIPER_DISCORD_WEBHOOK_URL");
    expect(issueAt(err, "filters.nameDeny[0]").message).toContain("SNIPER_TELEGRAM_BOT_TOKEN");
    expect(err.issues).toHaveLength(2);
    expect(formatConfigError(err)).not.toContain(token);
    // Other Discord URLs and short id:text pairs are no secrets.
    const ordinary = ["https://discord.com/invite/abc", "12345:rug"];
    expect(loadIn(tempDir({ "sniper.toml": `[filters]\nnameDeny = ${JSON.stringify(ordinary)}\n` }), {}).config.filters.nameDeny).toEqual(ordinary);
  });

  test("public keys in the lists that take them are not secrets", () => {
    const creators = [randomPublicKey(), randomPublicKey()];
    const programs = ["TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"];
    const cwd = tempDir({
      "sniper.toml": [
        "[filters]",
        `creatorDeny = ${JSON.stringify(creators)}`,
        `creatorAllow = ${JSON.stringify(creators)}`,
        `tokenPrograms = ${JSON.stringify(programs)}`,
        "[[alerts.rules]]",
        'kind = "price_above"',
        `mint = "${randomPublicKey()}"`,
        'lamportsPerToken = "100"',
      ].join("\n"),
    });
    const { config } = loadConfig({ argv: [], env: {}, cwd });
    expect(config.filters.creatorDeny).toEqual(creators);
    expect(config.filters.tokenPrograms).toEqual(programs);
  });

  test("a key in an environment override is rejected like one in the file, never quoted nor applied", () => {
    const keys = { dir: plantKeyHex(), port: plantWalletSecret(), creator: plantWalletSecret(), rule: plantWalletSecret(), mode: plantWalletSecret() };
    const env = {
      SNIPER_LOG__DIR: keys.dir,
      SNIPER_HTTP__PORT: keys.port,
      SNIPER_FILTERS__CREATOR_DENY: `${randomPublicKey()},${keys.creator}`,
      SNIPER_ALERTS__RULES: JSON.stringify([{ kind: "feed_stalled", stallMs: 60000, name: keys.rule }]),
      SNIPER_MODE: keys.mode,
    };
    const err = loadError({ argv: [], env, cwd: tempDir() });
    const at: Record<string, string> = { "log.dir": "SNIPER_LOG__DIR", "http.port": "SNIPER_HTTP__PORT", "filters.creatorDeny": "SNIPER_FILTERS__CREATOR_DENY", "alerts.rules": "SNIPER_ALERTS__RULES", mode: "SNIPER_MODE" };
    for (const [path, variable] of Object.entries(at)) {
      const issue = issueAt(err, path);
      expect(issue.message).toContain("looks like a secret key");
      expect(issue.source).toBe(`env ${variable}`);
      expect(issue.got).toBeUndefined();
    }
    expect(err.issues).toHaveLength(5);
    const text = formatConfigError(err);
    for (const key of Object.values(keys)) expect(text).not.toContain(key.slice(0, 20));
    const creators = [randomPublicKey(), randomPublicKey()];
    expect(loadConfig({ argv: [], env: { SNIPER_FILTERS__CREATOR_DENY: creators.join(",") }, cwd: tempDir() }).config.filters.creatorDeny).toEqual(creators);
  });

  test("a malformed secret in the environment is reported without its value", () => {
    const bad = plant();
    const err = loadError({ argv: [], env: { SNIPER_WALLET_SECRET: bad, SNIPER_WEBHOOK_URL: "not a url" }, cwd: tempDir() });
    expect(issueAt(err, "SNIPER_WALLET_SECRET").message).toContain("base58");
    expect(issueAt(err, "SNIPER_WEBHOOK_URL").message).toBe("must be an http(s) URL");
    expect(formatConfigError(err)).not.toContain(bad);
  });

  test("a secret pasted into an ordinary field is not quoted back in the error", () => {
    const token = plant();
    const err = loadError({ argv: [], env: { SNIPER_CONTROL_TOKEN: token, SNIPER_HTTP__PORT: token }, cwd: tempDir() });
    expect(issueAt(err, "http.port").got).toBe('"<redacted>"');
    expect(formatConfigError(err)).not.toContain(token);
  });

  test("a secret-looking env override points at the secret variable", () => {
    const err = loadError({ argv: [], env: { SNIPER_LIVE__WALLET_SECRET: plant() }, cwd: tempDir() });
    expect(issueAt(err, "live.wallet_secret").message).toContain("SNIPER_WALLET_SECRET");
  });
});
