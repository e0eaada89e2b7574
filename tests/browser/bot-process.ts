/** A real sim session of the bot (`bun run src/main.ts`) in a temp working directory, for the browser tests. */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const MAIN = join(import.meta.dir, "../../src/main.ts");

export interface SimSession {
  dir: string;
  proc: ReturnType<typeof Bun.spawn>;
  /** The status page URL the bot printed. */
  statusUrl: string;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then the exit code (SIGKILL after `ms`). */
  stop(ms?: number): Promise<number>;
  /** Kills the process if it still runs and removes the working directory. */
  dispose(): void;
}

/** Starts the bot in sim mode with a free status port and `env` overrides; resolves once the status page is up. */
export async function startSimSession(env: Record<string, string> = {}, readyMs = 30_000): Promise<SimSession> {
  const dir = mkdtempSync(join(tmpdir(), "sniper-browser-"));
  mkdirSync(join(dir, "data"));
  const proc = Bun.spawn(["bun", "run", MAIN], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      SNIPER_HTTP__PORT: "0",
      SNIPER_DATA__DB_PATH: join(dir, "data", "sniper.db"),
      SNIPER_LOG__DIR: join(dir, "logs"),
      ...env,
    },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let out = "";
  let err = "";
  const decoder = new TextDecoder();
  const errDecoder = new TextDecoder();
  void (async () => {
    for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) out += decoder.decode(chunk, { stream: true });
  })().catch(() => {});
  void (async () => {
    for await (const chunk of proc.stderr as ReadableStream<Uint8Array>) err += errDecoder.decode(chunk, { stream: true });
  })().catch(() => {});

  const dispose = (): void => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  const end = Date.now() + readyMs;
  let statusUrl: string | undefined;
  while (statusUrl === undefined) {
    statusUrl = out.match(/status page: (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
    if (statusUrl !== undefined) break;
    if (proc.exitCode !== null || Date.now() > end) {
      dispose();
      throw new Error(`the bot printed no status URL (exit ${proc.exitCode})\nstdout:\n${out}\nstderr:\n${err}`);
    }
    await Bun.sleep(25);
  }
  return {
    dir,
    proc,
    statusUrl,
    stdout: () => out,
    stderr: () => err,
    async stop(ms = 20_000) {
      proc.kill("SIGTERM");
      const killer = setTimeout(() => proc.kill("SIGKILL"), ms);
      const code = await proc.exited;
      clearTimeout(killer);
      return code;
    },
    dispose,
  };
}
