/**
 * The sim wallet stays funded: the whole bot in `sim` mode (its simulated cluster a child process, as
 * `bun run start` runs it). Below `wallet.simFloorLamports` the wallet is topped up in the background
 * (and the bot's balance cache, which the balance-floor filter reads, follows), at most one airdrop per
 * `wallet.simAirdropMinIntervalMs`; a cluster killed with SIGKILL comes back as a new chain whose wallet
 * is funded at once, without waiting for the periodic check.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { Connection, Keypair, PublicKey, SystemProgram, Transaction } from "@solana/web3.js";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startBot } from "../../src/bot.ts";
import { createHttpRpcClient } from "../../src/chain/rpc/http-client.ts";
import { loadConfig } from "../../src/config/index.ts";
import { createLogging } from "../../src/log/index.ts";
import { SIM_WALLET_FILE } from "../../src/wallet/index.ts";
import { cleanupAll, filesEnv, onCleanup, SOL, tempDir, waitFor } from "./harness.ts";

afterEach(cleanupAll);

/** Starts the bot in sim mode in this process; resolves once its executor is ready. */
async function startSimBot(env: Record<string, string>) {
  const dir = tempDir("sniper-sim-top-up-");
  const loaded = loadConfig({
    argv: [],
    cwd: dir,
    env: {
      SNIPER_MODE: "sim",
      SNIPER_SIM__SLOT_MS: "50",
      SNIPER_SIM__LAUNCH_RATE_PER_SEC: "0.001",
      ...filesEnv(dir),
      SNIPER_HTTP__PORT: "0",
      SNIPER_UI__BRIDGE_INTERVAL_MS: "50",
      ...env,
    },
  });
  const logging = createLogging({ config: loaded.config, secrets: loaded.secrets, isTty: false, exitHook: false });
  let statusUrl: string | undefined;
  const bot = await startBot({ loaded, logging, onStatusUrl: (url) => (statusUrl = url) });
  onCleanup(async () => {
    bot.lifecycle.shutdown("test");
    await bot.done;
  });
  const messages = (): string[] => logging.ring.since(0).map((r) => String(r.msg ?? ""));
  await waitFor(() => messages().includes("executor ready"), "the executor to be ready", 20_000);
  const rpcUrl = bot.config.rpc.httpUrls[0]!;
  const rpc = createHttpRpcClient({ endpoints: [rpcUrl] });
  const wallet = bot.trading.wallet;
  return {
    bot,
    dir,
    rpcUrl,
    wallet,
    messages,
    /** Wall-clock times of the top-ups logged so far. */
    topUpTimes: (): number[] => logging.ring.since(0).filter((r) => r.msg === "sim wallet topped up by airdrop").map((r) => r.time ?? 0),
    /** The wallet's balance on the cluster now. */
    chainBalance: () => rpc.getBalance(wallet, "confirmed", { retry: false, timeoutMs: 1_000 }),
    /** The balance the bot holds (the balance-floor filter's and the status page's), via /api/status. */
    botBalance: async (): Promise<bigint | null> => {
      const s = (await (await fetch(`${statusUrl}/api/status`)).json()) as { balanceLamports?: string | null };
      return s.balanceLamports == null ? null : BigInt(s.balanceLamports);
    },
  };
}

/** Pids of this process's children running the simulated cluster. */
function simChildren(): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && readFileSync(`/proc/${name}/cmdline`, "utf8").includes("src/sim/main.ts")) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describe("e2e: the sim wallet is topped up whenever it is below the floor", () => {
  test("drained below the floor by a transfer, the wallet is topped up in the background and the bot's balance follows", async () => {
    const s = await startSimBot({
      SNIPER_WALLET__SIM_FLOOR_LAMPORTS: String(SOL),
      SNIPER_WALLET__SIM_AIRDROP_LAMPORTS: String(2n * SOL),
      SNIPER_WALLET__SIM_TOP_UP_CHECK_MS: "200",
      SNIPER_WALLET__SIM_AIRDROP_MIN_INTERVAL_MS: "500",
    });
    await waitFor(async () => (await s.chainBalance()) === 2n * SOL, "the start-up airdrop");

    // Spend 1.5 SOL with the wallet's own key: 0.5 SOL (less the fee) is left, below the 1 SOL floor.
    const key = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(join(s.dir, "data", SIM_WALLET_FILE), "utf8")) as number[]));
    expect(key.publicKey.toBase58()).toBe(s.wallet);
    const conn = new Connection(s.rpcUrl, "confirmed");
    const { blockhash, lastValidBlockHeight } = await conn.getLatestBlockhash();
    const tx = new Transaction({ feePayer: key.publicKey, blockhash, lastValidBlockHeight }).add(
      SystemProgram.transfer({ fromPubkey: key.publicKey, toPubkey: new PublicKey(Keypair.generate().publicKey), lamports: Number((3n * SOL) / 2n) }),
    );
    tx.sign(key);
    await conn.sendRawTransaction(tx.serialize());
    const drainedAt = performance.now();

    const after = await waitFor(async () => {
      const b = await s.chainBalance();
      return b >= SOL && b;
    }, "the top-up after the drain", 5_000);
    expect(performance.now() - drainedAt).toBeLessThan(5_000);
    expect(after).toBe(2n * SOL + SOL / 2n - 5_000n);
    expect(s.topUpTimes()).toHaveLength(2); // start-up and the drain
    await waitFor(async () => (await s.botBalance()) === after, "the bot's balance cache to follow", 5_000);
  }, 60_000);

  test("a floor above one airdrop: one airdrop per minimum interval until it is reached, then none", async () => {
    const s = await startSimBot({
      SNIPER_WALLET__SIM_FLOOR_LAMPORTS: String(4n * SOL),
      SNIPER_WALLET__SIM_AIRDROP_LAMPORTS: String(SOL),
      SNIPER_WALLET__SIM_TOP_UP_CHECK_MS: "100",
      SNIPER_WALLET__SIM_AIRDROP_MIN_INTERVAL_MS: "400",
    });
    await waitFor(async () => (await s.chainBalance()) >= 4n * SOL, "the balance to reach the floor", 15_000);
    // Four airdrops, each attempted at least the minimum interval after the one before (logged once it
    // answers: the log times carry the airdrop's own latency, hence the margin).
    const times = s.topUpTimes();
    expect(times).toHaveLength(4);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(400 - 50);
    expect(times[3]! - times[0]!).toBeGreaterThanOrEqual(3 * 400 - 50);
    await Bun.sleep(800);
    expect(await s.chainBalance()).toBe(4n * SOL);
    expect(s.topUpTimes()).toHaveLength(4);
    await waitFor(async () => (await s.botBalance()) === 4n * SOL, "the bot's balance cache", 5_000);
  }, 60_000);

  test("the simulated cluster killed with SIGKILL comes back as a new chain: its wallet is funded at once", async () => {
    // Checks and the rate bound far apart: only the new chain's own wake-up can fund it within the test.
    const s = await startSimBot({
      SNIPER_WALLET__SIM_FLOOR_LAMPORTS: String(SOL),
      SNIPER_WALLET__SIM_AIRDROP_LAMPORTS: String(3n * SOL),
      SNIPER_WALLET__SIM_TOP_UP_CHECK_MS: "600000",
      SNIPER_WALLET__SIM_AIRDROP_MIN_INTERVAL_MS: "3600000",
    });
    await waitFor(async () => (await s.chainBalance()) === 3n * SOL, "the start-up airdrop");
    const [first, ...others] = simChildren();
    expect(first).toBeDefined();
    expect(others).toEqual([]);
    process.kill(first!, "SIGKILL");

    await waitFor(() => s.messages().some((m) => m.startsWith("actor sim restarted")), "the supervisor to restart the cluster", 10_000);
    await waitFor(() => simChildren().some((pid) => pid !== first), "a new cluster process", 10_000);
    await waitFor(async () => (await s.chainBalance()) === 3n * SOL, "the new chain's wallet to be funded", 10_000);
    expect(s.topUpTimes()).toHaveLength(2);
  }, 60_000);
});
