import { afterAll, describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPEAT_GRACE_MS } from "../../src/runtime/signals.ts";

const child = `${import.meta.dir}/../fixtures/lifecycle/sigterm-child.ts`;
const tmp = `${Bun.env.TMPDIR ?? "/tmp"}/lifecycle-${process.pid}-${Date.now()}`;
const created: string[] = [];
afterAll(async () => {
  for (const file of created) await Bun.file(file).delete().catch(() => {});
});

/** Reads the child's stdout until `line` appears (or the stream ends). */
async function waitForLine(stream: ReadableStream<Uint8Array>, line: string): Promise<void> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  try {
    while (!seen.split("\n").includes(line)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`child stdout ended before "${line}"; got: ${seen}`);
      seen += decoder.decode(value, { stream: true });
    }
  } finally {
    reader.releaseLock();
  }
}

/** The child's marks of a whole graceful shutdown, in order. */
const GRACEFUL = ["intake:stopped", "drained:intake-open=false", "flush:history", "flush:csv", "ticker:stopped", "actors:stopped", "exit:0"];

function spawnChild(name: string, mode: "ok" | "hang") {
  const file = `${tmp}-${name}.log`;
  created.push(file);
  const proc = Bun.spawn(["bun", "run", child, file, mode], { stdout: "pipe", stderr: "inherit" });
  return { proc, file, lines: async () => (await Bun.file(file).text()).trim().split("\n") };
}

describe("real process shutdown", () => {
  test("SIGTERM drains, flushes both flushers in order, stops the actors, exits 0", async () => {
    const { proc, lines } = spawnChild("graceful", "ok");
    await waitForLine(proc.stdout, "ready");
    proc.kill("SIGTERM");
    const code = await proc.exited;
    expect(code).toBe(0);
    expect(await lines()).toEqual(GRACEFUL);
  });

  test("a second SIGTERM while a flusher hangs exits at once with 143", async () => {
    const { proc, lines } = spawnChild("hung", "hang");
    await waitForLine(proc.stdout, "ready");
    const first = performance.now();
    proc.kill("SIGTERM");
    await waitForLine(proc.stdout, "hanging");
    // An operator's second signal (one sooner is the first delivered twice; see the next test).
    await Bun.sleep(Math.max(0, first + REPEAT_GRACE_MS + 100 - performance.now()));
    const t0 = performance.now();
    proc.kill("SIGTERM");
    const code = await proc.exited;
    expect(code).toBe(143);
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(await lines()).toEqual(["intake:stopped", "drained:intake-open=false", "flush:history"]);
  });

  test("Ctrl-C under a package.json script (the terminal's SIGINT to the group, and `bun run` forwarding it) shuts down gracefully, exit 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ctrl-c-"));
    const file = join(dir, "marks.log");
    // An environment prefix, as package.json's `start` has: with it `bun run` forwards the signal to the bot (without it, it does not).
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "ctrl-c", private: true, scripts: { go: `CTRL_C_TEST=1 bun run ${child} ${file} ok` } }));
    // Its own process group, as a terminal's foreground job: a signal to -pid reaches `bun run` and the bot, as Ctrl-C does.
    const proc = spawn("bun", ["run", "go"], { cwd: dir, detached: true, stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve, reject) => {
        let seen = "";
        proc.stdout!.on("data", (d: Buffer) => {
          seen += d.toString();
          if (seen.split("\n").includes("ready")) resolve();
        });
        proc.on("exit", () => reject(new Error(`exited before ready: ${seen}`)));
      });
      const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
      process.kill(-proc.pid!, "SIGINT");
      expect(await exited).toBe(0);
      expect((await Bun.file(file).text()).trim().split("\n")).toEqual(GRACEFUL);
    } finally {
      try {
        process.kill(-proc.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
