import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { gcMode, LATENCY_GC_ENV } from "../../src/runtime/gc-mode.ts";

const ROOT = join(import.meta.dir, "../..");

describe("the garbage collector `bun run start` runs with", () => {
  test("gcMode reads JavaScriptCore's switch as JavaScriptCore does", () => {
    expect(gcMode({})).toBe("concurrent");
    expect(gcMode({ BUN_JSC_useConcurrentGC: "1" })).toBe("concurrent");
    expect(gcMode({ BUN_JSC_useConcurrentGC: "true" })).toBe("concurrent");
    expect(gcMode({ BUN_JSC_useConcurrentGC: "0" })).toBe("stop-the-world");
    expect(gcMode({ BUN_JSC_useConcurrentGC: " FALSE " })).toBe("stop-the-world");
    expect(gcMode(LATENCY_GC_ENV)).toBe("stop-the-world");
  });

  test("package.json's start script sets every LATENCY_GC_ENV option", async () => {
    const pkg = (await Bun.file(join(ROOT, "package.json")).json()) as { scripts: Record<string, string> };
    for (const [key, value] of Object.entries(LATENCY_GC_ENV)) expect(pkg.scripts.start).toContain(`${key}=${value} `);
  });

  test("`bun run start` really starts JavaScriptCore with them (its option dump says so)", async () => {
    const proc = Bun.spawn(["bun", "run", "start", "--print-config"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? ROOT, BUN_JSC_dumpOptions: "1" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect(code).toBe(0);
    expect(JSON.parse(out.slice(out.indexOf("{"))).mode).toBe("sim");
    expect(`${out}\n${err}`).toMatch(/useConcurrentGC=false \(default: true\)/);
  }, 20_000);
});
