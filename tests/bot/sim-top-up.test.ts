import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../src/clock.ts";
import { createSimTopUp, type SimTopUpDeps } from "../../src/bot/sim-top-up.ts";

const SOL = 1_000_000_000n;

/** A fake chain for one wallet, a recording logger, and the service over them. */
function setup(o: { balance?: bigint; airdrop?: (lamports: bigint, signal: AbortSignal) => Promise<string>; timeoutMs?: number } = {}) {
  const clock = new ManualClock();
  const chain = { balance: o.balance ?? 0n, reads: 0, airdrops: [] as bigint[] };
  const logs: { level: "info" | "warn"; msg: string; fields: Record<string, unknown> }[] = [];
  const log = {
    info: (fields: Record<string, unknown>, msg: string) => logs.push({ level: "info", msg, fields }),
    warn: (fields: Record<string, unknown>, msg: string) => logs.push({ level: "warn", msg, fields }),
  } as unknown as SimTopUpDeps["log"];
  const topUp = createSimTopUp({
    policy: { floorLamports: SOL, airdropLamports: 2n * SOL, minIntervalMs: 5_000 },
    refresh: async () => {
      chain.reads++;
      return chain.balance;
    },
    airdrop:
      o.airdrop ??
      (async (lamports) => {
        chain.airdrops.push(lamports);
        chain.balance += lamports;
        return `sig${chain.airdrops.length}`;
      }),
    clock,
    timeoutMs: o.timeoutMs ?? 5_000,
    log,
  });
  return { clock, chain, logs, topUp };
}

const never = new AbortController().signal;

describe("sim wallet top-up service", () => {
  test("below the floor: one airdrop, logged at info, then the balance is read again", async () => {
    const { chain, logs, topUp } = setup({ balance: SOL / 2n });
    expect(await topUp.check(never)).toBeNull(); // above the floor after it: nothing more due
    expect(chain.airdrops).toEqual([2n * SOL]);
    expect(chain.reads).toBe(2);
    expect(topUp.airdrops).toBe(1);
    expect(logs).toEqual([{ level: "info", msg: "sim wallet topped up by airdrop", fields: expect.objectContaining({ balanceLamports: SOL / 2n, airdropLamports: 2n * SOL, signature: "sig1" }) }]);
    await topUp.check(never);
    expect(chain.airdrops.length).toBe(1); // above the floor now
  });

  test("a floor above one airdrop: the check says when the next one is allowed", async () => {
    const { chain, topUp } = setup();
    const t = createSimTopUp({
      policy: { floorLamports: 5n * SOL, airdropLamports: SOL, minIntervalMs: 400 },
      refresh: async () => chain.balance,
      airdrop: async (lamports) => {
        chain.balance += lamports;
        return "sig";
      },
      clock: new ManualClock(),
      timeoutMs: 1_000,
      log: { info: () => {}, warn: () => {} } as unknown as SimTopUpDeps["log"],
    });
    expect(await t.check(never)).toBe(400);
    expect(chain.balance).toBe(SOL);
    expect(topUp.airdrops).toBe(0);
  });

  test("one check at a time: concurrent callers join the running one (at most one airdrop in flight)", async () => {
    let release!: () => void;
    const { chain, topUp } = setup({
      airdrop: (lamports) =>
        new Promise((resolve) => {
          release = () => {
            chain.airdrops.push(lamports);
            resolve("sig");
          };
        }),
    });
    const a = topUp.check(never);
    const b = topUp.check(never);
    expect(b).toBe(a);
    await Bun.sleep(0);
    release();
    await Promise.all([a, b]);
    expect(chain.airdrops.length).toBe(1);
  });

  test("the rate bound: no second attempt within the minimum interval; a new chain starts afresh", async () => {
    const { clock, chain, topUp } = setup();
    chain.balance = 0n;
    await topUp.check(never);
    chain.balance = 0n; // spent (or a fresh chain)
    clock.advance(4_999);
    expect(await topUp.check(never)).toBe(1); // due, allowed in 1 ms
    expect(chain.airdrops.length).toBe(1);
    clock.advance(1);
    await topUp.check(never);
    expect(chain.airdrops.length).toBe(2);
    chain.balance = 0n;
    clock.advance(10);
    await topUp.check(never);
    expect(chain.airdrops.length).toBe(2);
    topUp.newChain();
    await topUp.check(never);
    expect(chain.airdrops.length).toBe(3);
  });

  test("a failed airdrop is logged at warn, resolves, and waits out the interval before the next attempt", async () => {
    let calls = 0;
    const { clock, logs, topUp } = setup({
      airdrop: async () => {
        calls++;
        throw new Error("faucet down");
      },
    });
    expect(await topUp.check(never)).toBe(5_000);
    expect(calls).toBe(1);
    expect(logs.map((l) => [l.level, l.msg])).toEqual([["warn", "sim wallet top-up failed: requestAirdrop"]]);
    await topUp.check(never);
    expect(calls).toBe(1);
    clock.advance(5_000);
    await topUp.check(never);
    expect(calls).toBe(2);
    expect(topUp.airdrops).toBe(0);
  });

  test("every step is bounded: a hung airdrop is aborted after timeoutMs, and so is one whose caller aborts", async () => {
    const hung = (_l: bigint, signal: AbortSignal) => new Promise<string>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    const { logs, topUp } = setup({ airdrop: hung, timeoutMs: 50 });
    const t0 = performance.now();
    await topUp.check(never);
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(logs[0]?.level).toBe("warn");

    const quiet = setup({ airdrop: hung, timeoutMs: 60_000 });
    const caller = new AbortController();
    const p = quiet.topUp.check(caller.signal);
    await Bun.sleep(0);
    caller.abort();
    await p;
    expect(quiet.logs).toEqual([]); // a stopped caller is not a failure
  });

  test("a balance that cannot be read rejects the check (the caller reports it) and airdrops nothing", async () => {
    let airdrops = 0;
    const t = createSimTopUp({
      policy: { floorLamports: SOL, airdropLamports: SOL, minIntervalMs: 0 },
      refresh: () => Promise.reject(new Error("ECONNREFUSED")),
      airdrop: async () => `sig${++airdrops}`,
      clock: new ManualClock(),
      timeoutMs: 1_000,
      log: { info: () => {}, warn: () => {} } as unknown as SimTopUpDeps["log"],
    });
    await expect(t.check(never)).rejects.toThrow("ECONNREFUSED");
    expect(airdrops).toBe(0);
  });
});
