import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { configSchema, defaultConfigData, loadConfig, withSimEndpoints } from "../../src/config/index.ts";
import { cleanupDirs, issueAt, loadError, loadIn, plantWalletSecret, tempDir } from "./helpers.ts";

afterAll(cleanupDirs);

describe("defaults", () => {
  test("an empty config is valid and runs the simulated cluster", () => {
    const cwd = tempDir();
    const { config, secrets, sources, configFile } = loadIn(cwd);
    expect(config.mode).toBe("sim");
    expect(config.log).toEqual({ level: "info", dir: join(cwd, "logs"), ringSize: 1000, pretty: "auto" });
    expect(config.shutdown).toEqual({ drainTimeoutMs: 5000, flushTimeoutMs: 5000, deadlineMs: 15000 });
    expect(config.http).toEqual({ host: "127.0.0.1", port: 8787 });
    expect(config.inspect.stately).toBe(false);
    expect(config.data.dbPath).toBe(join(cwd, "data/sniper.db"));
    expect(config.live).toEqual({ confirm: false });
    expect(config.sim.httpPort).toBe(0);
    expect(config.rpc).toEqual({ httpUrls: [], wsUrls: [] });
    expect(secrets).toEqual({});
    expect(configFile).toBeUndefined();
    expect(sources["http.port"]).toBe("default");
    expect(configSchema.safeParse({}).success).toBe(true);
    expect(defaultConfigData().mode).toBe("sim");
  });

  test("the config and the secrets are deep-frozen", () => {
    const { config, secrets } = loadIn(tempDir(), { SNIPER_CONTROL_TOKEN: "tok-123456" });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.supervision.backoff)).toBe(true);
    expect(Object.isFrozen(config.rpc.httpUrls)).toBe(true);
    expect(Object.isFrozen(secrets)).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});

describe("sources and precedence", () => {
  const toml = [
    'mode = "live"',
    "[http]",
    "port = 7000",
    'host = "127.0.0.2"',
    "[log]",
    'level = "debug"',
    "[rpc]",
    'httpUrls = ["https://rpc.example.com"]',
  ].join("\n");

  test("defaults < file < env < --mode", () => {
    const cwd = tempDir({ "sniper.toml": toml });
    const file = join(cwd, "sniper.toml");
    const { config, sources, configFile } = loadIn(cwd, { SNIPER_HTTP__PORT: "9000", SNIPER_MODE: "live" }, ["--mode", "paper"]);
    expect(configFile).toBe(file);
    expect(config.mode).toBe("paper");
    expect(config.http.port).toBe(9000);
    expect(config.http.host).toBe("127.0.0.2");
    expect(config.log.level).toBe("debug");
    expect(config.log.ringSize).toBe(1000);
    expect(sources.mode).toBe("flag --mode");
    expect(sources["http.port"]).toBe("env SNIPER_HTTP__PORT");
    expect(sources["http.host"]).toBe(`file ${file}`);
    expect(sources["log.ringSize"]).toBe("default");
  });

  test("env mode wins over the file when no flag is given", () => {
    const cwd = tempDir({ "sniper.toml": toml });
    const { config } = loadIn(cwd, { SNIPER_MODE: "paper" });
    expect(config.mode).toBe("paper");
  });

  test("--config PATH (and --config=PATH) replaces sniper.toml", () => {
    const cwd = tempDir({ "sniper.toml": "[http]\nport = 1111\n", "conf/other.toml": "[http]\nport = 2222\n" });
    expect(loadIn(cwd, {}, ["--config", "conf/other.toml"]).config.http.port).toBe(2222);
    expect(loadIn(cwd, {}, ["--config=conf/other.toml"]).config.http.port).toBe(2222);
    expect(loadIn(cwd, { SNIPER_CONFIG: "conf/other.toml" }).config.http.port).toBe(2222);
    expect(loadIn(cwd).config.http.port).toBe(1111);
  });

  test("--config naming a missing file is an error naming the file", () => {
    const cwd = tempDir();
    const err = loadError({ argv: ["--config", "nope.toml"], env: {}, cwd });
    const issue = issueAt(err, join(cwd, "nope.toml"));
    expect(issue.message).toBe("config file not found");
    expect(issue.source).toBe("flag --config");
    expect(loadError({ argv: ["--config"], env: {}, cwd }).issues[0]?.path).toBe("--config");
  });

  test(".env fills variables that the environment does not set, without overwriting", () => {
    const cwd = tempDir({
      ".env": "# comment\nSNIPER_HTTP__PORT=7001\nexport SNIPER_LOG__LEVEL='warn'\nSNIPER_CONTROL_TOKEN=\"from-dotenv-token\"\n",
    });
    const { config, secrets, sources } = loadIn(cwd, { SNIPER_HTTP__PORT: "7002" });
    expect(config.http.port).toBe(7002);
    expect(sources["http.port"]).toBe("env SNIPER_HTTP__PORT");
    expect(config.log.level).toBe("warn");
    expect(sources["log.level"]).toBe(".env SNIPER_LOG__LEVEL");
    expect(secrets.controlToken).toBe("from-dotenv-token");
  });
});

describe("environment overrides", () => {
  test("values are coerced by the schema; lists are comma-separated or JSON", () => {
    const { config } = loadIn(tempDir(), {
      SNIPER_LOG__RING_SIZE: "50",
      SNIPER_LOG__PRETTY: "false",
      SNIPER_INSPECT__STATELY: "true",
      SNIPER_SUPERVISION__BACKOFF__FACTOR: "1.5",
      SNIPER_SUPERVISION__MAX_RESTARTS: "7",
      SNIPER_SIM__LAUNCH_RATE_PER_SEC: "2.5",
      SNIPER_MODE: "PAPER",
      SNIPER_RPC__HTTP_URLS: "https://a.example.com, https://b.example.com",
      SNIPER_RPC__WS_URLS: '["wss://a.example.com"]',
    });
    expect(config.log.ringSize).toBe(50);
    expect(config.log.pretty).toBe(false);
    expect(config.inspect.stately).toBe(true);
    expect(config.supervision.backoff.factor).toBe(1.5);
    expect(config.supervision.maxRestarts).toBe(7);
    expect(config.sim.launchRatePerSec).toBe(2.5);
    expect(config.mode).toBe("paper");
    expect(config.rpc.httpUrls).toEqual(["https://a.example.com", "https://b.example.com"]);
    expect(config.rpc.wsUrls).toEqual(["wss://a.example.com"]);
  });

  test("a list of tables (take-profit ladder, alert rules) is a JSON array of objects, numbers as JSON numbers or strings", () => {
    const { config, sources } = loadIn(tempDir(), {
      SNIPER_EXITS__TAKE_PROFIT: '[{"atBps":300,"sellBps":5000},{"atBps":"900","sellBps":5000.0}]',
      SNIPER_ALERTS__RULES: '[{"kind":"pnl_up","pct":5,"sinks":["log"]},{"kind":"feed_stalled","stallMs":60000}]',
    });
    expect(config.exits.takeProfit).toEqual([
      { atBps: 300, sellBps: 5000 },
      { atBps: 900, sellBps: 5000 },
    ]);
    expect(sources["exits.takeProfit"]).toBe("env SNIPER_EXITS__TAKE_PROFIT");
    expect(config.alerts.rules.map((r) => r.kind)).toEqual(["pnl_up", "feed_stalled"]);
    expect(loadIn(tempDir(), { SNIPER_EXITS__TAKE_PROFIT: "[]" }).config.exits.takeProfit).toEqual([]);
  });

  test("a comma-separated list whose item starts with [ (a character class) is not mistaken for JSON", () => {
    const { config } = loadIn(tempDir(), { SNIPER_FILTERS__NAME_DENY: "[Ss]cam, rug[0-9]+", SNIPER_FILTERS__NAME_ALLOW: '["[Pp]epe"]' });
    expect(config.filters.nameDeny).toEqual(["[Ss]cam", "rug[0-9]+"]);
    expect(config.filters.nameAllow).toEqual(["[Pp]epe"]);
    // Broken JSON stays an error rather than being split at its commas.
    const err = loadError({ argv: [], env: { SNIPER_FILTERS__NAME_DENY: '["scam", "rug"' }, cwd: tempDir() });
    expect(issueAt(err, "filters.nameDeny").source).toBe("env SNIPER_FILTERS__NAME_DENY");
  });

  test("an override naming no setting is reported; SNIPER_ variables without __ are left alone", () => {
    const err = loadError({ argv: [], env: { SNIPER_HTTP__PROT: "1", SNIPER_NOPE__X: "1", SNIPER_DEBUG: "1" }, cwd: tempDir() });
    expect(issueAt(err, "http.prot").source).toBe("env SNIPER_HTTP__PROT");
    expect(issueAt(err, "nope").message).toContain("unknown setting");
    expect(err.issues).toHaveLength(2);
  });

  test("empty values count as unset", () => {
    expect(loadIn(tempDir(), { SNIPER_HTTP__PORT: "" }).config.http.port).toBe(8787);
  });
});

describe("modes", () => {
  test("live mode without live.confirm = true is an error naming live.confirm", () => {
    const env = { SNIPER_RPC__HTTP_URLS: "https://rpc.example.com", SNIPER_WALLET_SECRET: plantWalletSecret() };
    const err = loadError({ argv: ["--mode", "live"], env, cwd: tempDir() });
    expect(issueAt(err, "live.confirm").message).toContain("true");
    expect(err.issues).toHaveLength(1);
    // "yes" is not literally true
    const err2 = loadError({ argv: ["--mode", "live"], env: { ...env, SNIPER_LIVE__CONFIRM: "yes" }, cwd: tempDir() });
    expect(issueAt(err2, "live.confirm").message).toBe("must be literally true or false");
    const ok = loadConfig({ argv: ["--mode", "live"], env: { ...env, SNIPER_LIVE__CONFIRM: "true" }, cwd: tempDir() });
    expect(ok.config.mode).toBe("live");
    expect(ok.config.live.confirm).toBe(true);
  });

  test("live mode needs a signing key (env secret or an existing keypair file)", () => {
    const env = { SNIPER_RPC__HTTP_URLS: "https://rpc.example.com", SNIPER_LIVE__CONFIRM: "true" };
    expect(issueAt(loadError({ argv: ["--mode=live"], env, cwd: tempDir() }), "live.keypairPath").message).toContain("SNIPER_WALLET_SECRET");
    const missing = loadError({ argv: ["--mode=live"], env: { ...env, SNIPER_LIVE__KEYPAIR_PATH: "id.json" }, cwd: tempDir() });
    expect(issueAt(missing, "live.keypairPath").message).toBe("keypair file not found");
    const cwd = tempDir({ "id.json": "[1,2,3]" });
    expect(loadIn(cwd, { ...env, SNIPER_LIVE__KEYPAIR_PATH: "id.json" }, ["--mode=live"]).config.live.keypairPath).toBe(join(cwd, "id.json"));
  });

  test("paper mode without RPC URLs is an error naming rpc.httpUrls", () => {
    const err = loadError({ argv: [], env: { SNIPER_MODE: "paper" }, cwd: tempDir() });
    const issue = issueAt(err, "rpc.httpUrls");
    expect(issue.message).toContain("paper");
    expect(issue.source).toBe("mode from env SNIPER_MODE");
  });

  test("paper mode derives websocket URLs from the HTTP ones when none are given", () => {
    const { config, sources } = loadIn(tempDir(), { SNIPER_MODE: "paper", SNIPER_RPC__HTTP_URLS: "https://rpc.example.com/x,http://127.0.0.1:8899" });
    expect(config.rpc.wsUrls).toEqual(["wss://rpc.example.com/x", "ws://127.0.0.1:8899"]);
    expect(sources["rpc.wsUrls"]).toBe("derived from rpc.httpUrls");
  });

  test("sim mode ignores configured RPC URLs and uses the simulated cluster's", () => {
    const cwd = tempDir({ "sniper.toml": '[rpc]\nhttpUrls = ["https://rpc.example.com"]\n[sim]\nhttpPort = 18899\nwsPort = 18900\n' });
    const { config, sources } = loadIn(cwd);
    expect(config.rpc).toEqual({ httpUrls: ["http://127.0.0.1:18899"], wsUrls: ["ws://127.0.0.1:18900"] });
    expect(sources["rpc.httpUrls"]).toBe("sim");
    const auto = loadIn(tempDir()).config;
    expect(auto.rpc.httpUrls).toEqual([]);
    const filled = withSimEndpoints(auto, { httpUrl: "http://127.0.0.1:1234", wsUrl: "ws://127.0.0.1:1235" });
    expect(filled.rpc.httpUrls).toEqual(["http://127.0.0.1:1234"]);
    expect(Object.isFrozen(filled.rpc)).toBe(true);
    expect(auto.rpc.httpUrls).toEqual([]);
  });
});
