import { describe, expect, test } from "bun:test";
import { parseSimArgs } from "../../src/sim/main.ts";

describe("sim command line", () => {
  test.each([
    [[], { seed: 1, launchRate: 0.5, slotMs: 400, httpPort: 8899, wsPort: undefined, refereeOut: undefined }],
    [["--seed", "7", "--launch-rate=2.5", "--slot-ms", "50", "--http-port", "0", "--ws-port", "9001", "--referee-out", "r.json"], { seed: 7, launchRate: 2.5, slotMs: 50, httpPort: 0, wsPort: 9001, refereeOut: "r.json" }],
  ])("%j", (argv, expected) => {
    expect(parseSimArgs(argv)).toMatchObject(expected);
  });

  test.each([[["--seed", "x"]], [["--slot-ms", "0"]], [["--launch-rate", "-1"]], [["--bogus"]], [["--referee-out"]]])("rejects %j with a config error", (argv) => {
    expect(() => parseSimArgs(argv)).toThrow(expect.objectContaining({ kind: "config" }));
  });

  test("collects --fault specs", () => {
    expect(parseSimArgs(["--fault", "http429:rate=0.5", "--fault=ws-drop:rate=0.1"]).faults).toEqual(["http429:rate=0.5", "ws-drop:rate=0.1"]);
  });

  test.each([
    ["bogus", 'kind "bogus": unknown; expected one of ws-drop, malformed'],
    ["slow:ms=300", "slow: needs rate=, every= or window="],
    ["http429:rate=2", "rate must be a number in [0, 1]"],
  ])("rejects the bad --fault spec %j with a config error naming it", (spec, why) => {
    expect(() => parseSimArgs(["--fault", spec])).toThrow(expect.objectContaining({ kind: "config", message: expect.stringContaining(`--fault "${spec}": `) }));
    expect(() => parseSimArgs([`--fault=${spec}`])).toThrow(why);
  });

  test.each([
    [["--fault", "bogus"], '--fault "bogus": kind "bogus": unknown; expected one of ws-drop, malformed, truncated, http429, http5xx, slow, never-land, tx-fail, log-truncate'],
    [["--fault", "ws-drop:every=5000", "--fault=slow:ms=300"], '--fault "slow:ms=300": slow: needs rate=, every= or window= (otherwise it would never or always fire)'],
  ])("a bad --fault %j is one line on stderr and exit code 2, before anything starts", async (argv, line) => {
    const p = Bun.spawn(["bun", "run", "src/sim/main.ts", "--http-port", "0", ...argv], { stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    expect(code).toBe(2);
    expect(stderr).toBe(`${line}\n`);
    expect(stdout).toBe("");
  });

  test("a port already taken is one line on stderr naming the ports, exit code 1", async () => {
    const taken = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("busy") });
    const port = taken.port!;
    try {
      const p = Bun.spawn(["bun", "run", "src/sim/main.ts", "--http-port", String(port)], { stdout: "pipe", stderr: "pipe" });
      const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toStartWith(`sim cluster did not start on 127.0.0.1 (http port ${port}, ws port ${port + 1}): `);
      expect(stdout).toBe("");
    } finally {
      taken.stop(true);
    }
  });

  test("--help documents every option", async () => {
    const p = Bun.spawn(["bun", "run", "src/sim/main.ts", "--help"], { stdout: "pipe", stderr: "pipe" });
    const out = await new Response(p.stdout).text();
    expect(await p.exited).toBe(0);
    for (const opt of ["--seed", "--launch-rate", "--slot-ms", "--http-port", "--ws-port", "--referee-out", "--fault", "/_sim/referee"]) expect(out).toContain(opt);
  });

  test("runs standalone: prints the URLs, serves JSON-RPC, exits 0 on SIGTERM writing the referee file", async () => {
    const out = `${process.env.TMPDIR ?? "/tmp"}/sim-main-${process.pid}.json`;
    const p = Bun.spawn(["bun", "run", "src/sim/main.ts", "--http-port", "0", "--slot-ms", "50", "--launch-rate", "5", "--referee-out", out], { stdout: "pipe", stderr: "inherit" });
    const reader = p.stdout.getReader();
    let text = "";
    while (!/ws\s+ws:\/\/127\.0\.0\.1:\d+/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const http = text.match(/http:\/\/127\.0\.0\.1:\d+/)![0];
    const res = await fetch(http, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: "1", method: "getSlot" }) });
    expect(((await res.json()) as any).result).toBeGreaterThan(0);
    await Bun.sleep(600);
    p.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    const report = JSON.parse(await Bun.file(out).text());
    expect(report.mints.length).toBeGreaterThan(0);
    await Bun.file(out).delete();
  }, 15_000);
});
