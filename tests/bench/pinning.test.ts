import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFileSync, readdirSync } from "node:fs";
import { cpus } from "node:os";
import { placeHelperThreads, pinTo } from "../../bench/lib/pinning.ts";
import { sliceOf } from "../../bench/lib/sched-slice.ts";

// Placement needs Linux's /proc, taskset, chrt and a second core; elsewhere there is nothing to place.
const canPlace = process.platform === "linux" && cpus().length > 1 && Bun.which("taskset") !== null && Bun.which("chrt") !== null;

// The scheduler slice shows in /proc from Linux 6.6 and can be set per thread from 6.12.
const defaultSlice = sliceOf(process.pid);
const canSlice = defaultSlice !== null && defaultSlice !== 100_000;

/** Policy number (0 normal, 5 SCHED_IDLE), nice value and allowed cores of each thread of `pid`, main thread first. */
function threads(pid: number): { tid: number; policy: number; nice: number; cores: string }[] {
  const tids = readdirSync(`/proc/${pid}/task`).map(Number).sort((a, b) => (a === pid ? -1 : b === pid ? 1 : a - b));
  return tids.map((tid) => ({
    tid,
    policy: Number(/^policy\s*:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/task/${tid}/sched`, "utf8"))![1]),
    // stat's 19th field; the fields after the command name (which may hold spaces) start at the 3rd.
    nice: Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8").split(") ")[1]!.split(" ")[16]),
    cores: /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync(`/proc/${pid}/task/${tid}/status`, "utf8"))![1]!,
  }));
}

/**
 * Slices after a placement: the JS thread's is the short one; a helper that existed before keeps the
 * default, one started after inherits the JS thread's; a helper in SCHED_IDLE shows none.
 */
function expectSlices(pid: number, earlier: ReadonlySet<number>, idle: boolean): void {
  if (!canSlice) return;
  const [main, ...helpers] = threads(pid);
  expect(sliceOf(pid, main!.tid)).toBe(100_000);
  for (const h of helpers) expect([h.tid, sliceOf(pid, h.tid)]).toEqual([h.tid, idle ? null : earlier.has(h.tid) ? defaultSlice : 100_000]);
}

// A child with helper threads, which starts one more (a Worker) 400 ms in, after the first pass.
const CHILD = `setTimeout(() => new Worker(URL.createObjectURL(new Blob(["setInterval(() => {}, 1000)"]))), 400); setInterval(() => {}, 1000);`;

describe.skipIf(!canPlace)("placeHelperThreads", () => {
  const saved = { pin: process.env.BENCH_PIN, idle: process.env.BENCH_IDLE_HELPERS, slice: process.env.BENCH_JS_SLICE_US, nice: process.env.BENCH_HELPER_NICE };
  let child: ReturnType<typeof Bun.spawn> | undefined;
  // The defaults are under test: whatever the shell exported does not count.
  beforeEach(() => {
    delete process.env.BENCH_JS_SLICE_US;
    delete process.env.BENCH_HELPER_NICE;
  });
  afterEach(() => {
    child?.kill(9);
    process.env.BENCH_PIN = saved.pin;
    process.env.BENCH_IDLE_HELPERS = saved.idle;
    if (saved.pin === undefined) delete process.env.BENCH_PIN;
    if (saved.idle === undefined) delete process.env.BENCH_IDLE_HELPERS;
    if (saved.slice === undefined) delete process.env.BENCH_JS_SLICE_US;
    else process.env.BENCH_JS_SLICE_US = saved.slice;
    if (saved.nice === undefined) delete process.env.BENCH_HELPER_NICE;
    else process.env.BENCH_HELPER_NICE = saved.nice;
  });

  test("a bot's helper threads, later ones too, leave its JS thread's core, in SCHED_IDLE only with BENCH_IDLE_HELPERS=1; the JS thread stays and gets the short slice", async () => {
    process.env.BENCH_PIN = "1";
    for (const idle of ["1", undefined]) {
      if (idle === undefined) delete process.env.BENCH_IDLE_HELPERS;
      else process.env.BENCH_IDLE_HELPERS = idle;
      child = Bun.spawn([...pinTo("bot"), process.execPath, "-e", CHILD], { stdio: ["ignore", "ignore", "inherit"] });
      await Bun.sleep(200);
      const earlier = new Set(threads(child.pid).map((t) => t.tid));
      const stop = placeHelperThreads([{ pid: child.pid, role: "bot" }], 100);
      await Bun.sleep(900);
      stop();
      const after = threads(child.pid);
      expect(after.length).toBeGreaterThan(earlier.size);
      const [main, ...helpers] = after;
      expect(main).toMatchObject({ policy: 0, nice: 0, cores: pinTo("bot")[2] });
      for (const h of helpers) expect(h).toMatchObject({ policy: idle === "1" ? 5 : 0, nice: 10, cores: pinTo("cluster")[2] });
      expectSlices(child.pid, earlier, idle === "1");
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
      const earlier = new Set(threads(child.pid).map((t) => t.tid));
      const stop = placeHelperThreads([{ pid: child.pid, role: "cluster" }], 100);
      await Bun.sleep(700);
      stop();
      const [main, ...helpers] = threads(child.pid);
      expect(main).toMatchObject({ policy: 0, nice: 0 });
      expect(helpers.length).toBeGreaterThan(0);
      for (const h of helpers) expect(h).toMatchObject({ policy: idle === "1" ? 5 : 0, nice: 10, cores: main!.cores });
      expectSlices(child.pid, earlier, idle === "1");
      child.kill(9);
      await child.exited;
    }
  });

  test.skipIf(!canSlice)("the JS thread's slice: BENCH_JS_SLICE_US sets it (bounded to the kernel's 100 us - 100 ms), 0 leaves the default", async () => {
    process.env.BENCH_PIN = "1";
    for (const [us, expected] of [["2000", 2_000_000], ["5", 100_000], ["0", defaultSlice]] as const) {
      process.env.BENCH_JS_SLICE_US = us;
      child = Bun.spawn([process.execPath, "-e", CHILD], { stdio: ["ignore", "ignore", "inherit"] });
      await Bun.sleep(200);
      placeHelperThreads([{ pid: child.pid, role: "cluster" }], 100)();
      expect(sliceOf(child.pid)).toBe(expected);
      child.kill(9);
      await child.exited;
    }
  });

  test("the helpers' nice: BENCH_HELPER_NICE sets it (at most 19), 0 leaves them at 0; the JS thread stays at 0", async () => {
    process.env.BENCH_PIN = "1";
    for (const [n, expected] of [["3", 3], ["40", 19], ["0", 0]] as const) {
      process.env.BENCH_HELPER_NICE = n;
      child = Bun.spawn([process.execPath, "-e", CHILD], { stdio: ["ignore", "ignore", "inherit"] });
      await Bun.sleep(200);
      placeHelperThreads([{ pid: child.pid, role: "cluster" }], 100)();
      const [main, ...helpers] = threads(child.pid);
      expect([main!.nice, ...helpers.map((h) => h.nice)]).toEqual([0, ...helpers.map(() => expected)]);
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
    for (const t of threads(child.pid)) expect([t.policy, t.nice]).toEqual([0, 0]);
    if (canSlice) expect(sliceOf(child.pid)).toBe(defaultSlice);
  });
});
