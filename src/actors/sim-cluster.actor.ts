import { join } from "node:path";
import { supervisedCallback } from "./supervised-callback.ts";

/** Entry point of the simulated cluster, run as a child process in `sim` mode. */
export const SIM_MAIN = join(import.meta.dir, "../sim/main.ts");

/** Input of the simulated-cluster actor. */
export interface SimClusterInput {
  /** Command-line options of `src/sim/main.ts` (fixed ports, so a restart keeps the same URLs). */
  args: string[];
  /** Called with the cluster's URLs once it prints them, on every (re)start. */
  onReady?: (urls: { httpUrl: string; wsUrl: string }) => void;
  /** Where the child's stderr lines go (bounded by the logger). */
  onStderr?: (line: string) => void;
}

const HTTP_LINE = /^sim cluster http (\S+)/m;
const WS_LINE = /^sim cluster ws\s+(\S+)/m;

/**
 * The simulated cluster as a supervised child process. An unexpected exit of the process is a crash
 * (the supervisor restarts it on the same ports); the cleanup closes the child's stdin, which stops it
 * after it wrote its referee report, and a killed bot closes that pipe too, so the cluster never
 * outlives it. Group signals (Ctrl-C) are left to the bot: the cluster ignores them in this mode.
 */
export const simClusterActor = supervisedCallback<{ type: string }, SimClusterInput>(({ input, fail, guard, signal }) => {
  const proc = Bun.spawn([process.execPath, "run", SIM_MAIN, ...input.args, "--exit-with-parent"], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  const decoder = new TextDecoder();
  let printed = "";
  let ready = false;
  const readStdout = guard(async () => {
    for await (const chunk of proc.stdout) {
      if (ready) continue;
      printed = (printed + decoder.decode(chunk, { stream: true })).slice(-4096);
      const http = printed.match(HTTP_LINE)?.[1];
      const ws = printed.match(WS_LINE)?.[1];
      if (http !== undefined && ws !== undefined) {
        ready = true;
        input.onReady?.({ httpUrl: http, wsUrl: ws });
      }
    }
  });
  const readStderr = guard(async () => {
    let rest = "";
    for await (const chunk of proc.stderr) {
      const lines = (rest + decoder.decode(chunk, { stream: true })).split("\n");
      rest = (lines.pop() ?? "").slice(-4096);
      for (const line of lines) if (line !== "") input.onStderr?.(line);
    }
  });
  void readStdout();
  void readStderr();
  void proc.exited.then(
    guard((code: number) => {
      if (!signal.aborted) fail(new Error(`simulated cluster exited with code ${code}`));
    }),
  );
  return () => {
    // Closing stdin stops the cluster (it writes its referee report first); SIGKILL only if it hangs.
    void proc.stdin.end();
    const hard = setTimeout(() => proc.kill("SIGKILL"), 5_000);
    (hard as { unref?: () => void }).unref?.();
    void proc.exited.then(() => clearTimeout(hard));
  };
});

/** The simulated cluster planned for a config: fixed loopback URLs and the child spec that runs it. */
export interface SimClusterPlan {
  httpUrl: string;
  wsUrl: string;
  input: SimClusterInput;
}

/** Options of the sim cluster from the `[sim]` config section (ports already resolved, never 0). */
export interface SimClusterSettings {
  seed: number;
  launchRatePerSec: number;
  slotMs: number;
  httpPort: number;
  wsPort: number;
  refereeOut?: string;
}

/** Command line and URLs of the simulated cluster for the given settings. */
export function planSimCluster(s: SimClusterSettings, hooks: Pick<SimClusterInput, "onReady" | "onStderr"> = {}): SimClusterPlan {
  const args = [
    "--seed", String(s.seed),
    "--launch-rate", String(s.launchRatePerSec),
    "--slot-ms", String(s.slotMs),
    "--http-port", String(s.httpPort),
    "--ws-port", String(s.wsPort),
    ...(s.refereeOut === undefined ? [] : ["--referee-out", s.refereeOut]),
  ];
  return {
    httpUrl: `http://127.0.0.1:${s.httpPort}`,
    wsUrl: `ws://127.0.0.1:${s.wsPort}`,
    input: { args, ...hooks },
  };
}
