import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { LATENCY_ENV } from "../../src/runtime/latency-env.ts";
import { killSpawnedBots, plantedSecrets, readTree, spawnBot, workDir } from "./helpers.ts";

const dirs: { remove(): void }[] = [];

async function rpc(url: string, method: string): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: "1", method }),
    signal: AbortSignal.timeout(2000),
  });
  return ((await res.json()) as { result: unknown }).result;
}
afterAll(() => {
  killSpawnedBots();
  dirs.forEach((d) => d.remove());
});
const fresh = () => {
  const w = workDir();
  dirs.push(w);
  return w.dir;
};

describe("bun run start (src/main.ts) as a process", () => {
  test("serves status and actors, keeps planted secrets out of every response and file, exits 0 on SIGTERM", async () => {
    const cwd = fresh();
    const s = plantedSecrets();
    const bot = spawnBot(cwd, [], {
      ...LATENCY_ENV,
      SNIPER_HTTP__PORT: "0",
      SNIPER_LOG__LEVEL: "debug",
      SNIPER_WALLET_SECRET: s.walletSecret,
      SNIPER_CONTROL_TOKEN: s.controlToken,
      SNIPER_WEBHOOK_URL: s.webhook,
    });
    const [, url] = await bot.waitFor(/status page: (http:\/\/127\.0\.0\.1:\d+)/);
    const [, simUrl] = await bot.waitFor(/simulated cluster: (http:\/\/127\.0\.0\.1:\d+)/);
    expect(await rpc(simUrl!, "getSlot")).toBeGreaterThan(0);
    const bodies: string[] = [];
    for (const path of ["/healthz", "/readyz", "/api/status", "/api/actors", "/api/logs?limit=1000", "/nope", "/api/positions", "/api/trades"]) {
      const res = await fetch(`${url}${path}`);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      bodies.push(await res.text());
    }
    const actors = JSON.parse(bodies[3]!) as { id: string; parentId: string | null; status: string }[];
    expect(actors.map((a) => a.id)).toEqual(expect.arrayContaining(["root", "trading", "ui", "http"]));
    expect(actors.find((a) => a.id === "http")?.parentId).toBe("ui");
    expect(JSON.parse(bodies[2]!)).toMatchObject({ mode: "sim", gc: "stop-the-world", jit: "early-tier-up", phase: "running" });
    expect(Array.isArray(JSON.parse(bodies[6]!))).toBe(true);
    // The listener's counters are on /metrics, and they move (slot ticks arrive every 400 ms).
    const framesSeen = /sniper_listener_frames_total\{endpoint="ws:\/\/127\.0\.0\.1:\d+",mode="sim"\} [1-9]/;
    let metricsText = "";
    for (let i = 0; i < 100 && !framesSeen.test(metricsText); i++, await Bun.sleep(50)) metricsText = await (await fetch(`${url}/metrics`)).text();
    expect(metricsText).toMatch(framesSeen);
    // The two Bloom-filtered sets are wired (a fresh database: nothing in them yet).
    for (const set of ["bought_mints", "rug_creators"]) expect(metricsText).toContain(`sniper_bloom_false_positive_ratio{set="${set}",mode="sim"} 0`);
    expect(Array.isArray(JSON.parse(bodies[7]!))).toBe(true);

    bot.proc.kill("SIGTERM");
    expect(await bot.proc.exited).toBe(0);
    const files = readTree(cwd);
    const logFile = files.find((f) => /sniper-\d{4}-\d{2}-\d{2}\.log$/.test(f.path));
    expect(logFile?.text).toContain('"msg":"stopped"');
    const everything = [...bodies, bot.stdout(), await bot.stderr(), ...files.map((f) => f.text)].join("\n");
    for (const secret of [s.walletSecret, s.controlToken, s.webhook, new URL(s.webhook).searchParams.get("token")!]) {
      expect(everything).not.toContain(secret);
    }
  });

  test("after a restart the status page lists the positions still open, before any of them changes", async () => {
    const cwd = fresh();
    const env = { SNIPER_HTTP__PORT: "0", SNIPER_SIM__LAUNCH_RATE_PER_SEC: "4", SNIPER_EXITS__MAX_HOLD_MS: "600000" };
    const openMints = async (url: string): Promise<string[]> => {
      const list = (await (await fetch(`${url}/api/positions`)).json()) as { mint: string; status: string }[];
      return list.filter((p) => p.status === "open").map((p) => p.mint);
    };
    const first = spawnBot(cwd, [], env);
    const [, url1] = await first.waitFor(/status page: (http:\/\/127\.0\.0\.1:\d+)/);
    let before: string[] = [];
    for (let i = 0; i < 200 && before.length === 0; i++, await Bun.sleep(100)) before = await openMints(url1!);
    expect(before.length).toBeGreaterThan(0);
    first.proc.kill("SIGTERM");
    expect(await first.proc.exited).toBe(0);
    // Another market seed: none of those mints trades again, so nothing about them changes after the restart.
    const second = spawnBot(cwd, [], { ...env, SNIPER_SIM__SEED: "7", SNIPER_SIM__LAUNCH_RATE_PER_SEC: "0.01" });
    const [, url2] = await second.waitFor(/status page: (http:\/\/127\.0\.0\.1:\d+)/);
    let after: string[] = [];
    for (let i = 0; i < 50 && !before.every((m) => after.includes(m)); i++, await Bun.sleep(100)) after = await openMints(url2!);
    expect(after).toEqual(expect.arrayContaining(before));
    second.proc.kill("SIGTERM");
    expect(await second.proc.exited).toBe(0);
  }, 60_000);

  test("the simulated cluster child never outlives a bot killed with SIGKILL", async () => {
    const cwd = fresh();
    const bot = spawnBot(cwd, [], { SNIPER_HTTP__PORT: "0" });
    const [, simUrl] = await bot.waitFor(/simulated cluster: (http:\/\/127\.0\.0\.1:\d+)/);
    expect(await rpc(simUrl!, "getSlot")).toBeGreaterThan(0);
    bot.proc.kill("SIGKILL");
    await bot.proc.exited;
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) {
      refused = await rpc(simUrl!, "getSlot").then(() => false, () => true);
      if (!refused) await Bun.sleep(50);
    }
    expect(refused).toBe(true);
  });

  test("an invalid config exits 2 before anything starts, naming every bad field and its rule", async () => {
    const cwd = fresh();
    writeFileSync(join(cwd, "sniper.toml"), 'mode = "live"\n[http]\nport = 70000\n');
    const bot = spawnBot(cwd, [], { SNIPER_LOG__RING_SIZE: "many" });
    expect(await bot.proc.exited).toBe(2);
    const err = await bot.stderr();
    expect(err).toContain("http.port");
    expect(err).toContain("log.ringSize");
    expect(err).toContain("live.confirm");
    expect(readTree(cwd).map((f) => f.path)).toEqual([join(cwd, "sniper.toml")]);
  });

  test("--print-config prints the effective config with secrets redacted and exits 0", async () => {
    const cwd = fresh();
    const s = plantedSecrets();
    const bot = spawnBot(cwd, ["--print-config"], { SNIPER_WALLET_SECRET: s.walletSecret, SNIPER_HTTP__PORT: "9123" });
    expect(await bot.proc.exited).toBe(0);
    const printed = JSON.parse(bot.stdout()) as { mode: string; http: { port: number }; secrets: Record<string, string> };
    expect(printed.mode).toBe("sim");
    expect(printed.http.port).toBe(9123);
    expect(printed.secrets.walletSecret).toBe("<redacted>");
    expect(bot.stdout()).not.toContain(s.walletSecret);
  });
});
