import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  CONFIG_EXIT_CODE,
  type ConfigIo,
  loadConfig,
  parseConfigFlags,
  parseDotenv,
  redactedConfig,
  redactUrl,
  resolveConfigOrExit,
} from "../../src/config/index.ts";
import { cleanupDirs, plant, plantKeyHex, plantWalletSecret, tempDir } from "./helpers.ts";

afterAll(cleanupDirs);

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function fakeIo(): ConfigIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    exit: (code: number): never => {
      throw new Exit(code);
    },
  };
  return io;
}

function exitCodeOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
  return undefined;
}

/** A paper-mode setup with every secret and an API-keyed RPC URL planted. */
function planted() {
  const plants = {
    wallet: plantWalletSecret(),
    token: plant(),
    webhook: `https://hooks.example.com/${plant()}`,
    discord: `https://discord.com/api/webhooks/123/${plant()}`,
    telegram: `123456:${plant()}`,
    apiKey: `PLANTKEY${crypto.randomUUID().slice(0, 8)}`,
    pathKey: plant("PATHKEY"),
  };
  const env = {
    SNIPER_WALLET_SECRET: plants.wallet,
    SNIPER_CONTROL_TOKEN: plants.token,
    SNIPER_WEBHOOK_URL: plants.webhook,
    SNIPER_DISCORD_WEBHOOK_URL: plants.discord,
    SNIPER_TELEGRAM_BOT_TOKEN: plants.telegram,
    SNIPER_ALERTS__TELEGRAM__CHAT_ID: "-1001234567890",
    SNIPER_MODE: "paper",
    SNIPER_RPC__HTTP_URLS: `https://mainnet.helius-rpc.com/?api-key=${plants.apiKey},https://x.solana-mainnet.quiknode.pro/${plants.pathKey}/`,
  };
  return { plants, env };
}

function expectNoPlants(text: string, plants: Record<string, string>): void {
  for (const [name, value] of Object.entries(plants)) {
    if (text.includes(value)) throw new Error(`${name} leaked: ${text}`);
  }
}

describe("redaction of the effective config", () => {
  test("redactUrl keeps scheme and host only", () => {
    expect(redactUrl("https://mainnet.helius-rpc.com/?api-key=K")).toBe("https://mainnet.helius-rpc.com/<redacted>");
    expect(redactUrl("wss://a.quiknode.pro/abc/")).toBe("wss://a.quiknode.pro/<redacted>");
    expect(redactUrl("https://user:pw@rpc.example.com")).toBe("https://rpc.example.com/<redacted>");
    expect(redactUrl("http://127.0.0.1:8899")).toBe("http://127.0.0.1:8899");
    expect(redactUrl("not a url")).toBe("<redacted>");
  });

  test("redactedConfig shows secrets as <redacted>/<unset> and no full RPC URL", () => {
    const { plants, env } = planted();
    const { config, secrets } = loadConfig({ argv: [], env: { ...env, SNIPER_TELEGRAM_BOT_TOKEN: "" }, cwd: tempDir() });
    expect(secrets.walletSecret).toBe(plants.wallet);
    const shown = redactedConfig(config, secrets) as { secrets: Record<string, string>; rpc: { httpUrls: string[]; wsUrls: string[] } };
    expect(shown.secrets).toEqual({
      walletSecret: "<redacted>",
      controlToken: "<redacted>",
      webhookUrl: "<redacted>",
      discordWebhookUrl: "<redacted>",
      telegramBotToken: "<unset>",
    });
    expect(shown.rpc.httpUrls).toEqual(["https://mainnet.helius-rpc.com/<redacted>", "https://x.solana-mainnet.quiknode.pro/<redacted>"]);
    expect(shown.rpc.wsUrls).toEqual(["wss://mainnet.helius-rpc.com/<redacted>", "wss://x.solana-mainnet.quiknode.pro/<redacted>"]);
    expectNoPlants(JSON.stringify(shown), plants);
  });
});

describe("resolveConfigOrExit", () => {
  test("--print-config prints the redacted effective config as JSON and exits 0", () => {
    const { plants, env } = planted();
    const io = fakeIo();
    expect(exitCodeOf(() => resolveConfigOrExit(["--print-config"], env, tempDir(), io))).toBe(0);
    const printed = JSON.parse(io.stdout) as { mode: string; http: { port: number }; secrets: Record<string, string> };
    expect(printed.mode).toBe("paper");
    expect(printed.http.port).toBe(8787);
    expect(printed.secrets.controlToken).toBe("<redacted>");
    expect(io.stdout).toContain("https://mainnet.helius-rpc.com/<redacted>");
    expect(io.stdout).not.toContain("api-key");
    expectNoPlants(io.stdout, plants);
    expect(io.stderr).toBe("");
  });

  test("a bad config prints the formatted error to stderr and exits 2", () => {
    const io = fakeIo();
    const code = exitCodeOf(() => resolveConfigOrExit([], { SNIPER_HTTP__PORT: "abc" }, tempDir(), io));
    expect(code).toBe(CONFIG_EXIT_CODE);
    expect(CONFIG_EXIT_CODE).toBe(2);
    expect(io.stderr).toContain('http.port: must be an integer between 0 and 65535 (got "abc") [env SNIPER_HTTP__PORT]');
    expect(io.stdout).toBe("");
  });

  test("a good config is returned without exiting", () => {
    const io = fakeIo();
    const loaded = resolveConfigOrExit(["--mode", "sim"], {}, tempDir(), io);
    expect(loaded.config.mode).toBe("sim");
    expect(io.stdout + io.stderr).toBe("");
  });
});

describe("command line and .env parsing", () => {
  test.each([
    [[], { printConfig: false }],
    [["--print-config"], { printConfig: true }],
    [["--mode", "live", "--other", "x"], { printConfig: false, mode: "live" }],
    [["--mode=paper", "--config=a.toml"], { printConfig: false, mode: "paper", configPath: "a.toml" }],
    [["--config", "b.toml", "--print-config"], { printConfig: true, configPath: "b.toml" }],
    [["--config", "--print-config"], { printConfig: true, configPath: "" }],
  ] as const)("%j", (argv, expected) => {
    expect(parseConfigFlags(argv)).toEqual(expected);
  });

  test("parseDotenv handles comments, export, quotes and escapes", () => {
    expect(parseDotenv('# c\nA=1\nexport B = "x y"\nC=\'q#r\'\nD="l1\\nl2"\nE=v # trailing\nbad line\n')).toEqual({
      A: "1",
      B: "x y",
      C: "q#r",
      D: "l1\nl2",
      E: "v",
    });
  });
});

describe("as a process (the composition root's config step)", () => {
  const script = join(import.meta.dir, "../fixtures/config/print-config.ts");
  const baseEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1" };
  const run = (args: string[], env: Record<string, string>, cwd: string) => {
    const r = Bun.spawnSync([process.execPath, script, ...args], { cwd, env: { ...baseEnv, ...env }, stdout: "pipe", stderr: "pipe" });
    return { code: r.exitCode, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  };

  test("exits 2 with the problems on stderr for a bad config", () => {
    const cwd = tempDir({ "sniper.toml": '[http]\nport = "abc"\n' });
    const r = run([], { SNIPER_LOG__RING_SIZE: "-5", SNIPER_MODE: "live" }, cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`http.port: must be an integer between 0 and 65535 (got "abc") [file ${join(cwd, "sniper.toml")}]`);
    expect(r.stderr).toContain("log.ringSize: must be an integer between 1 and 1000000");
    expect(r.stderr).toContain("live.confirm:");
    expect(r.stderr).toContain("rpc.httpUrls:");
  });

  test("exits 0 after --print-config with no secret and no full RPC URL on stdout or stderr", () => {
    const { plants, env } = planted();
    const cwd = tempDir({ ".env": `SNIPER_CONTROL_TOKEN=${plants.token}\n` });
    const { SNIPER_CONTROL_TOKEN: _fromDotenv, ...withoutToken } = env;
    const r = run(["--print-config"], withoutToken, cwd);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as { secrets: Record<string, string>; rpc: { httpUrls: string[] } };
    expect(printed.secrets.controlToken).toBe("<redacted>");
    expect(printed.rpc.httpUrls[0]).toBe("https://mainnet.helius-rpc.com/<redacted>");
    expectNoPlants(r.stdout + r.stderr, plants);
  });

  test("--print-config refuses a file with a key in a list, a table array or as hex, and never prints it", () => {
    const plants = { inList: plantWalletSecret(), inRule: plantWalletSecret(), hex: plantKeyHex() };
    const toml = `[filters]\nnameDeny = ["${plants.inList}"]\n[log]\ndir = "${plants.hex}"\n[[alerts.rules]]\nkind = "feed_stalled"\nstallMs = 60000\nname = "${plants.inRule}"\n`;
    const r = run(["--print-config"], {}, tempDir({ "sniper.toml": toml }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    for (const path of ["filters.nameDeny[0]", "log.dir", "alerts.rules[0].name"]) expect(r.stderr).toContain(`  - ${path}: looks like a secret key`);
    expectNoPlants(r.stdout + r.stderr, plants);
  });

  test("--print-config refuses a key in an environment override and never prints it", () => {
    const plants = { dir: plantWalletSecret(), deny: plantKeyHex() };
    const r = run(["--print-config"], { SNIPER_LOG__DIR: plants.dir, SNIPER_FILTERS__NAME_DENY: `^scam,${plants.deny}` }, tempDir());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("  - log.dir: looks like a secret key");
    expect(r.stderr).toContain("  - filters.nameDeny: looks like a secret key");
    expectNoPlants(r.stdout + r.stderr, plants);
  });

  test("runs on with the loaded config when nothing is wrong", () => {
    const cwd = tempDir({ ".env": "SNIPER_CONTROL_TOKEN=dotenv-token-1\nSNIPER_HTTP__PORT=9001\n" });
    const r = run([], { SNIPER_HTTP__PORT: "9002" }, cwd);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("loaded mode=sim port=9002 token=set\n");
    expect(r.code).toBe(0);
  });
});
