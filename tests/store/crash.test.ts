import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { tempDir } from "./helpers.ts";

const child = join(import.meta.dir, "..", "fixtures", "store", "writer-child.ts");

/** Reads the child's stdout line by line until `stop` says so or the stream ends; returns every complete line. */
async function readLines(stream: ReadableStream<Uint8Array>, stop: (lines: string[]) => boolean): Promise<{ lines: string[]; rest: () => Promise<string[]> }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const lines: string[] = [];
  const pump = async (until: () => boolean): Promise<void> => {
    while (!until()) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      lines.push(...parts);
    }
  };
  await pump(() => stop(lines));
  return {
    lines,
    rest: async () => {
      await pump(() => false); // after the kill: what the pipe still held (a partial last line is dropped)
      return lines;
    },
  };
}

describe("kill -9", () => {
  test("every id the child saw acknowledged is in the database after SIGKILL mid-stream", async () => {
    const dbPath = join(tempDir("crash"), "k.db");
    const proc = Bun.spawn(["bun", "run", child, dbPath], { stdout: "pipe", stderr: "inherit" });
    const { rest } = await readLines(proc.stdout, (lines) => lines.filter((l) => l !== "ready").length >= 5000);
    proc.kill("SIGKILL");
    expect(await proc.exited).not.toBe(0);
    const acked = (await rest()).filter((l) => /^\d+$/.test(l));
    expect(acked.length).toBeGreaterThanOrEqual(5000);

    const db = new Database(dbPath, { readonly: true });
    const stored = new Set(db.query<{ reason: string }, []>("SELECT reason FROM decisions").all().map((r) => r.reason));
    const missing = acked.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    db.close();
    // the database reopens cleanly (WAL recovery) and the stale lock of the dead child is taken over
    const reopened = openDatabase(dbPath);
    expect(reopened.query<{ integrity_check: string }, []>("PRAGMA integrity_check").get()?.integrity_check).toBe("ok");
    reopened.close();
  });
});
