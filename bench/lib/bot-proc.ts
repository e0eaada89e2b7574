/** Spawning the bot (bench/lib/bot-runner.ts: src/main.ts's composition + bench IPC) as its own process. */
import type { Subprocess } from "bun";
import { pinTo } from "./pinning.ts";

export interface BotProc {
  proc: Subprocess;
  wallet: string;
  call<T = unknown>(cmd: string, timeoutMs?: number): Promise<T>;
}

export async function startBotProc(env: Record<string, string>, cwd: string, quiet = true): Promise<BotProc> {
  const waiting = new Map<number, (v: unknown) => void>();
  let ready!: (w: string) => void;
  let failed!: (e: Error) => void;
  const readyP = new Promise<string>((res, rej) => {
    ready = res;
    failed = rej;
  });
  // BENCH_BOT_PROF=<dir>: the bot writes a CPU profile (markdown) there on exit.
  const prof = process.env.BENCH_BOT_PROF ? ["--cpu-prof-md", `--cpu-prof-dir=${process.env.BENCH_BOT_PROF}`, "--cpu-prof-interval=100"] : [];
  const proc = Bun.spawn([...pinTo("bot"), process.execPath, ...prof, "run", new URL(process.env.BENCH_PROBE ? "./probe-runner.ts" : "./bot-runner.ts", import.meta.url).pathname], {
    env,
    cwd,
    stdout: quiet ? "ignore" : "inherit",
    stderr: "inherit",
    ipc(message) {
      const m = message as { id: number; value: unknown };
      if (m.id === 0) return ready((m.value as { wallet: string }).wallet);
      waiting.get(m.id)?.(m.value);
      waiting.delete(m.id);
    },
  });
  void proc.exited.then((code) => failed(new Error(`bot exited ${code} before it was ready`)));
  const wallet = await readyP;
  let seq = 1;
  return {
    proc,
    wallet,
    call: <T>(cmd: string, timeoutMs = 60_000) =>
      new Promise<T>((resolve, reject) => {
        const id = seq++;
        const t = setTimeout(() => reject(new Error(`bot: ${cmd} timed out`)), timeoutMs);
        waiting.set(id, (v) => {
          clearTimeout(t);
          resolve(v as T);
        });
        proc.send({ id, cmd });
      }),
  };
}

export interface ListenerSnap {
  events: { launch: number; trade: number };
  endpoints: { open: boolean; notifications: number }[];
  reconnects: number;
}

/** Waits until the bot's listener has an open subscription (its first connect). */
export async function waitListening(bot: BotProc, timeoutMs = 30_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    const s = await bot.call<{ listener: ListenerSnap; statusUrl: string }>("stats");
    if (s.listener.endpoints.every((e) => e.open) && s.statusUrl) return;
    await Bun.sleep(100);
  }
  throw new Error("bot listener did not connect");
}

/** An SSE client on the bot's status stream, counting bytes (the load of issue item 1a). */
export function sseClient(statusUrl: string): { bytes: () => number; close: () => void } {
  const ac = new AbortController();
  let bytes = 0;
  void (async () => {
    try {
      const res = await fetch(`${statusUrl}/api/stream`, { signal: ac.signal });
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
      }
    } catch {
      // aborted at the end of the run
    }
  })();
  return { bytes: () => bytes, close: () => ac.abort() };
}
