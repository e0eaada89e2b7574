/** Environment and wallet for running the bot (src/main.ts or bench/lib/bot-runner.ts) against a cluster host. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import bs58 from "bs58";
import { createSigner } from "../../src/chain/signer.ts";
import { LATENCY_ENV } from "../../src/runtime/latency-env.ts";

/** A funded-by-the-host wallet: base58 64-byte secret (SNIPER_WALLET_SECRET) and its address. */
export function benchWallet(seedByte = 42): { secret: string; address: string } {
  const seed = new Uint8Array(32).fill(seedByte);
  const signer = createSigner(seed);
  const secret = new Uint8Array(64);
  secret.set(seed);
  secret.set(signer.publicKeyBytes, 32);
  return { secret: bs58.encode(secret), address: signer.address };
}

export interface BotEnvOptions {
  httpUrl: string;
  wsUrl: string;
  dir: string;
  secret: string;
  statusPort: number;
  buyLamports?: number;
  extra?: Record<string, string>;
}

/**
 * live mode (+ live.confirm) on the host's URLs, data/logs under `dir`, filters opened so every bench
 * launch is bought, exits: stop-loss 10 % (the host's creator dump crosses it), creator-sell exit off
 * (so the stop is what fires), no take-profit inside the bench's price range.
 */
export function botEnv(o: BotEnvOptions): Record<string, string> {
  mkdirSync(o.dir, { recursive: true });
  const base = { ...process.env } as Record<string, string>;
  for (const k of Object.keys(base)) if (k.startsWith("SNIPER_")) delete base[k];
  return {
    ...base,
    // The collector and tier-up `bun run start` sets (package.json); `--bot-env BUN_JSC_useConcurrentGC=1` compares.
    ...LATENCY_ENV,
    SNIPER_MODE: "live",
    SNIPER_LIVE__CONFIRM: "true",
    SNIPER_WALLET_SECRET: o.secret,
    SNIPER_RPC__HTTP_URLS: o.httpUrl,
    SNIPER_RPC__WS_URLS: o.wsUrl,
    SNIPER_DATA__DB_PATH: join(o.dir, "sniper.db"),
    SNIPER_LOG__DIR: join(o.dir, "logs"),
    SNIPER_LOG__LEVEL: "warn",
    SNIPER_LOG__PRETTY: "false",
    SNIPER_HISTORY__CSV_DIR: join(o.dir, "trades"),
    SNIPER_HISTORY__BACKUP__DIR: join(o.dir, "backups"),
    SNIPER_HISTORY__BACKUP__INTERVAL_MS: "0",
    SNIPER_HTTP__PORT: String(o.statusPort),
    SNIPER_FILTERS__MAX_LAUNCHES_PER_MINUTE: "10000",
    SNIPER_FILTERS__MAX_OPEN_POSITIONS: "10000",
    SNIPER_FILTERS__MAX_TOTAL_EXPOSURE_LAMPORTS: "1000000000000",
    SNIPER_FILTERS__BUY_LAMPORTS: String(o.buyLamports ?? 10_000_000),
    SNIPER_EXITS__STOP_LOSS_BPS: "1000",
    SNIPER_EXITS__EXIT_ON_CREATOR_SELL: "false",
    ...o.extra,
  };
}
