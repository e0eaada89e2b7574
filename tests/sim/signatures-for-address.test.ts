import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PUMP_PROGRAM_ID } from "../../src/chain/pump/index.ts";
import { startSimCluster, type SimCluster } from "../../src/sim/cluster/index.ts";
import { ManualScheduler } from "../../src/sim/ledger/scheduler.ts";
import { FINALIZE_AFTER_SLOTS } from "../../src/sim/ledger/transactions.ts";
import { call } from "./helpers.ts";

// A stepped cluster (slots move only when the test says so): 3 finalized launches, then 5 newer confirmed ones.
const CREATOR = "C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN";
let cluster: SimCluster;
const finalized: string[] = [];
const confirmed: string[] = [];

const launch = () => cluster.api.launchToken({ creator: CREATOR, name: "n", symbol: "s", uri: "u" }).signature;

beforeAll(async () => {
  const s = new ManualScheduler();
  cluster = await startSimCluster({ clock: s, scheduler: s, httpPort: 0 });
  for (let i = 0; i < 3; i++) finalized.unshift(launch());
  for (let i = 0; i < FINALIZE_AFTER_SLOTS; i++) cluster.control.advanceSlot();
  for (let i = 0; i < 5; i++) confirmed.unshift(launch());
  cluster.control.advanceSlot();
});
afterAll(async () => {
  await cluster.stop();
});

async function signatures(config: Record<string, unknown>): Promise<string[]> {
  const res = await call(cluster.httpUrl, "getSignaturesForAddress", [PUMP_PROGRAM_ID, config]);
  if (res.error !== undefined) throw new Error(JSON.stringify(res.error));
  return res.result.map((r: { signature: string }) => r.signature);
}

describe("getSignaturesForAddress filters by commitment before applying the limit", () => {
  test("finalized (the default): the newest finalized signatures, however many newer ones are only confirmed", async () => {
    expect(await signatures({ limit: 1000 })).toEqual(finalized);
    expect(await signatures({ limit: 2 })).toEqual(finalized.slice(0, 2));
    expect(await signatures({ limit: 3, commitment: "finalized" })).toEqual(finalized);
  });

  test("confirmed: the limit counts confirmed and finalized signatures, newest first", async () => {
    expect(await signatures({ limit: 6, commitment: "confirmed" })).toEqual([...confirmed, ...finalized].slice(0, 6));
    const res = await call(cluster.httpUrl, "getSignaturesForAddress", [PUMP_PROGRAM_ID, { limit: 6, commitment: "confirmed" }]);
    expect(res.result.map((r: { confirmationStatus: string }) => r.confirmationStatus)).toEqual([...Array(5).fill("confirmed"), "finalized"]);
  });

  test("before and until as a node: before must have reached the commitment, an until that has not is ignored", async () => {
    expect(await signatures({ before: finalized[0] })).toEqual(finalized.slice(1));
    expect(await signatures({ before: confirmed[4] })).toEqual([]);
    expect(await signatures({ before: confirmed[4], commitment: "confirmed" })).toEqual(finalized);
    expect(await signatures({ before: confirmed[0], limit: 2, commitment: "confirmed" })).toEqual(confirmed.slice(1, 3));
    expect(await signatures({ until: finalized[2] })).toEqual(finalized.slice(0, 2));
    expect(await signatures({ until: confirmed[2] })).toEqual(finalized);
    expect(await signatures({ until: confirmed[2], commitment: "confirmed" })).toEqual(confirmed.slice(0, 2));
  });
});
