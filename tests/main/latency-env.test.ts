import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { gcMode, LATENCY_GC_ENV } from "../../src/runtime/gc-mode.ts";
import { jitMode, LATENCY_JIT_ENV } from "../../src/runtime/jit-mode.ts";
import { LATENCY_ENV } from "../../src/runtime/latency-env.ts";

const ROOT = join(import.meta.dir, "../..");

describe("the JavaScriptCore options `bun run start` runs with", () => {
  test("gcMode reads JavaScriptCore's switch as JavaScriptCore does", () => {
    expect(gcMode({})).toBe("concurrent");
    expect(gcMode({ BUN_JSC_useConcurrentGC: "1" })).toBe("concurrent");
    expect(gcMode({ BUN_JSC_useConcurrentGC: "true" })).toBe("concurrent");
    expect(gcMode({ BUN_JSC_useConcurrentGC: "0" })).toBe("stop-the-world");
    expect(gcMode({ BUN_JSC_useConcurrentGC: " FALSE " })).toBe("stop-the-world");
    expect(gcMode(LATENCY_GC_ENV)).toBe("stop-the-world");
  });

  test("jitMode is early-tier-up only with every tier-up option at its value", () => {
    expect(jitMode({})).toBe("default");
    expect(jitMode(LATENCY_JIT_ENV)).toBe("early-tier-up");
    expect(jitMode(LATENCY_ENV)).toBe("early-tier-up");
    const spaced = Object.fromEntries(Object.entries(LATENCY_JIT_ENV).map(([k, v]) => [k, ` ${v} `]));
    expect(jitMode(spaced)).toBe("early-tier-up");
    for (const key of Object.keys(LATENCY_JIT_ENV)) {
      const { [key]: _, ...missing } = LATENCY_JIT_ENV;
      expect(jitMode(missing)).toBe("default");
      expect(jitMode({ ...LATENCY_JIT_ENV, [key]: "7" })).toBe("default");
    }
  });

  test("LATENCY_ENV holds the collector's and the compiler's options, and only JavaScriptCore's", () => {
    expect(LATENCY_ENV).toEqual({ ...LATENCY_GC_ENV, ...LATENCY_JIT_ENV });
    for (const key of Object.keys(LATENCY_ENV)) expect(key).toMatch(/^BUN_JSC_[A-Za-z]+$/);
  });

  test("package.json's start script sets every LATENCY_ENV option", async () => {
    const pkg = (await Bun.file(join(ROOT, "package.json")).json()) as { scripts: Record<string, string> };
    for (const [key, value] of Object.entries(LATENCY_ENV)) expect(pkg.scripts.start).toContain(`${key}=${value} `);
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
    const dump = `${out}\n${err}`;
    expect(dump).toMatch(/useConcurrentGC=false \(default: true\)/);
    // The dump lists only options changed from their defaults, each as name=value (default: ...).
    for (const [key, value] of Object.entries(LATENCY_JIT_ENV)) expect(dump).toContain(`${key.slice("BUN_JSC_".length)}=${value} (default: `);
  }, 20_000);
});
