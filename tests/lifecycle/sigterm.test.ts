import { afterAll, describe, expect, test } from "bun:test";

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
    expect(await lines()).toEqual([
      "intake:stopped",
      "drained:intake-open=false",
      "flush:history",
      "flush:csv",
      "ticker:stopped",
      "actors:stopped",
      "exit:0",
    ]);
  });

  test("a second SIGTERM while a flusher hangs exits at once with 143", async () => {
    const { proc, lines } = spawnChild("hung", "hang");
    await waitForLine(proc.stdout, "ready");
    proc.kill("SIGTERM");
    await waitForLine(proc.stdout, "hanging");
    const t0 = performance.now();
    proc.kill("SIGTERM");
    const code = await proc.exited;
    expect(code).toBe(143);
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(await lines()).toEqual(["intake:stopped", "drained:intake-open=false", "flush:history"]);
  });
});
