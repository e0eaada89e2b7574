import { Keypair } from "@solana/web3.js";
import bs58 from "bs58";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Absolute path of the bot's entry point. */
export const MAIN = join(import.meta.dir, "../../src/main.ts");

/** A fresh working directory for one bot process. */
export function workDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "sniper-main-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Secrets to plant: a generated wallet key, a control token and a keyed RPC-style URL. */
export function plantedSecrets(): { walletSecret: string; controlToken: string; webhook: string } {
  return {
    walletSecret: bs58.encode(Keypair.generate().secretKey),
    controlToken: `CONTROL_PLANT_${crypto.randomUUID()}`,
    webhook: `https://hooks.example.invalid/hook?token=WEBHOOK_PLANT_${crypto.randomUUID()}`,
  };
}

/** A bot process started with `bun run src/main.ts`, with its stdout collected. */
export interface BotProcess {
  proc: ReturnType<typeof Bun.spawn>;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Resolves with the first stdout match of `pattern` (rejects after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  stderr(): Promise<string>;
}

const spawned = new Set<ReturnType<typeof Bun.spawn>>();

/** SIGKILLs every bot spawnBot started that is still running (afterAll: a failed assertion must not leave one behind). */
export function killSpawnedBots(): void {
  for (const proc of spawned) if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
  spawned.clear();
}

/** Spawns the bot in `cwd` with `env` added to a minimal environment. */
export function spawnBot(cwd: string, args: string[] = [], env: Record<string, string> = {}): BotProcess {
  const proc = Bun.spawn(["bun", "run", MAIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? cwd, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  spawned.add(proc);
  let out = "";
  const decoder = new TextDecoder();
  const pump = (async () => {
    for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) out += decoder.decode(chunk, { stream: true });
  })();
  return {
    proc,
    stdout: () => out,
    async waitFor(pattern, ms = 10_000) {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const m = out.match(pattern);
        if (m) return m;
        if (proc.exitCode !== null) break;
        await Bun.sleep(20);
      }
      await pump.catch(() => {});
      throw new Error(`no ${pattern} on stdout within ${ms} ms; got:\n${out}\n${await new Response(proc.stderr as ReadableStream).text()}`);
    },
    stderr: () => new Response(proc.stderr as ReadableStream).text(),
  };
}

/** Every file below `dir`, read as text (logs, spill files, databases as bytes-as-latin1). */
export function readTree(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: p, text: readFileSync(p, "latin1") });
    }
  };
  walk(dir);
  return out;
}
