import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync, readdirSync } from "node:fs";
import { cpus } from "node:os";
import { placeHelperThreads, pinTo } from "../../bench/lib/pinning.ts";

// Placement needs Linux's /proc, taskset, chrt and a second core; elsewhere there is nothing to place.
const canPlace = process.platform === "linux" && cpus().length > 1 && Bun.which("taskset") !== null && Bun.which("chrt") !== null;

/** Policy number (0 normal, 5 SCHED_IDLE) and allowed cores of each thread of `pid`, main thread first. */
function threads(pid: number): { tid: number; policy: number; cores: string }[] {
  const tids = readdirSync(`/proc/${pid}/task`).map(Number).sort((a, b) => (a === pid ? -1 : b === pid ? 1 : a - b));
  return tids.map((tid) => ({
    tid,
    policy: Number(/^policy\s*:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/task/${tid}/sched`, "utf8"))![1]),
    cores: /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/${pid}/task/${tid}/status`, "utf8"))![1]!,
  }));
}

// A child with helper threads, which starts one more (a Worker) 400 ms in, after the first pass.
const CHILD = `setTimeout(() => new Worker(URL.createObjectURL(new Blob(["setInterval(() => {}, 1000)"]))), 400); setInterval(() => {}, 1000);`;

describe.skipIf(!canPlace)("placeHelperThreads", () => {
  const saved = { pin: process.env.BENCH_PIN, idle: process.env.BENCH_IDLE_HELPERS };
  let child: ReturnType<typeof Bun.spawn> | undefined;
  afterEach(() => {
    child?.kill(9);
    process.env.BENCH_PIN = saved.pin;
    process.env.BENCH_IDLE_HELPERS = saved.idle;
    if (saved.pin === undefined) delete process.env.BENCH_PIN;
    if (saved.idle === undefined) delete process.env.BENCH_IDLE_HELPERS;
  });

  test("a bot's helper threads, later ones too, leave its JS thread's core, in SCHED_IDLE only with BENCH_IDLE_HELPERS=1; the JS thread stays", async () => {
    process.env.BENCH_PIN = "1";
    for (const idle of ["1", undefined]) {
      if (idle === undefined) delete process.env.BENCH_IDLE_HELPERS;
      else process.env.BENCH_IDLE_HELPERS = idle;
      child = Bun.spawn([...pinTo("bot"), process.execPath, "-e", CHILD], { stdio: ["ignore", "ignore", "inherit"] });
      await Bun.sleep(200);
      const before = threads(child.pid).length;
      const stop = placeHelperThreads([{ pid: child.pid, role: "bot" }], 100);
      await Bun.sleep(900);
      stop();
      const after = threads(child.pid);
      expect(after.length).toBeGreaterThan(before);
      const [main, ...helpers] = after;
      expect(main).toMatchObject({ policy: 0, cores: pinTo("bot")[2] });
      for (const h of helpers) expect(h).toMatchObject({ policy: idle === "1" ? 5 : 0, cores: pinTo("cluster")[2] });
      child.kill(9);
      await child.exited;
    }
  });

  test("a cluster's helpers go to SCHED_IDLE where they are with BENCH_IDLE_HELPERS=1; by default they stay normal", async () => {
    process.env.BENCH_PIN = "1";
    for (const idle of ["1", undefined, "0"]) {
      if (idle === undefined) delete process.env.BENCH_IDLE_HELPERS;
      else process.env.BENCH_IDLE_HELPERS = idle;
      child = Bun.spawn([process.execPath, "-e", CHILD], { stdio: ["ignore", "ignore", "inherit"] });
      await Bun.sleep(200);
      const stop = placeHelperThreads([{ pid: child.pid, role: "cluster" }], 100);
      await Bun.sleep(700);
      stop();
      const [main, ...helpers] = threads(child.pid);
      expect(main!.policy).toBe(0);
      expect(helpers.length).toBeGreaterThan(0);
      for (const h of helpers) expect(h).toMatchObject({ policy: idle === "1" ? 5 : 0, cores: main!.cores });
      child.kill(9);
      await child.exited;
    }
  });

  test("not pinning: nothing is placed", async () => {
    process.env.BENCH_PIN = "0";
    child = Bun.spawn([process.execPath, "-e", CHILD], { stdio: ["ignore", "ignore", "inherit"] });
    await Bun.sleep(200);
    placeHelperThreads([{ pid: child.pid, role: "bot" }], 100)();
    await Bun.sleep(300);
    for (const t of threads(child.pid)) expect(t.policy).toBe(0);
  });
});
