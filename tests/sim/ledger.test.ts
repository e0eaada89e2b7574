import { describe, expect, test } from "bun:test";
import { ManualScheduler } from "../../src/sim/ledger/scheduler.ts";
import { SlotChain, BLOCKHASH_VALID_SLOTS } from "../../src/sim/ledger/slots.ts";
import { commitmentAt, TxStore, type TxRecord } from "../../src/sim/ledger/transactions.ts";
import { AccountStore } from "../../src/sim/ledger/accounts.ts";
import { Ledger } from "../../src/sim/ledger/index.ts";
import { transactionFee } from "../../src/sim/exec/compute-budget.ts";
import { CommitmentQueue } from "../../src/sim/server/pending.ts";

function record(signature: string, slot: number, keys: string[] = ["a"]): TxRecord {
  return {
    signature, signatures: [signature], slot, blockTime: 0, err: null, fee: 5000n, version: "legacy",
    header: { numRequiredSignatures: 1, numReadonlySignedAccounts: 0, numReadonlyUnsignedAccounts: 0 },
    accountKeys: keys, recentBlockhash: "h", instructions: [], innerInstructions: [], logs: [],
    preBalances: [], postBalances: [], tokenAccounts: [], computeUnitsConsumed: 0, computeUnitPrice: 0n,
  };
}

describe("ManualScheduler", () => {
  test("fires due timers in time order, including timers added while running", () => {
    const s = new ManualScheduler(1000);
    const seen: string[] = [];
    s.after(30, () => seen.push("c"));
    s.after(10, () => {
      seen.push("a");
      s.after(5, () => seen.push("b"));
    });
    const cancel = s.after(20, () => seen.push("x"));
    cancel();
    s.advance(29);
    expect(seen).toEqual(["a", "b"]);
    expect(s.monotonic()).toBe(29);
    expect(s.now()).toBe(1029);
    s.advance(1);
    expect(seen).toEqual(["a", "b", "c"]);
    expect(() => s.advance(-1)).toThrow();
  });
});

describe("SlotChain", () => {
  test("rotates blockhashes per slot and expires them after 150 slots", () => {
    const c = new SlotChain(7);
    const h0 = c.latestBlockhash();
    expect(c.lastValidBlockHeight()).toBe(c.blockHeight() + 150);
    c.advance();
    expect(c.latestBlockhash()).not.toBe(h0);
    for (let i = 1; i < BLOCKHASH_VALID_SLOTS; i++) c.advance();
    expect(c.isValidBlockhash(h0)).toBe(true);
    c.advance();
    expect(c.isValidBlockhash(h0)).toBe(false);
    expect(c.isValidBlockhash("unknown")).toBe(false);
  });

  test("same seed, same blockhashes", () => {
    expect(new SlotChain(3).latestBlockhash()).toBe(new SlotChain(3).latestBlockhash());
    expect(new SlotChain(3).latestBlockhash()).not.toBe(new SlotChain(4).latestBlockhash());
  });
});

describe("Ledger on a stepped scheduler", () => {
  test("advances one slot per slotMs", () => {
    const s = new ManualScheduler();
    const ledger = new Ledger({ seed: 1, slotMs: 400, clock: s, scheduler: s });
    const slots: number[] = [];
    ledger.onSlot((x) => slots.push(x));
    const start = ledger.slots.slot();
    ledger.start();
    s.advance(1200);
    expect(ledger.slots.slot()).toBe(start + 3);
    expect(slots).toEqual([start + 1, start + 2, start + 3]);
    ledger.stop();
    s.advance(4000);
    expect(ledger.slots.slot()).toBe(start + 3);
  });
});

describe("TxStore", () => {
  test("statuses move processed -> confirmed -> finalized", () => {
    const t = new TxStore();
    t.add(record("s1", 100));
    expect(t.status("s1", 100)).toEqual({ slot: 100, confirmations: 0, err: null, confirmationStatus: "processed" });
    expect(t.status("s1", 101)?.confirmationStatus).toBe("confirmed");
    expect(t.status("s1", 132)).toEqual({ slot: 100, confirmations: null, err: null, confirmationStatus: "finalized" });
    expect(t.status("nope", 100)).toBeNull();
    expect(commitmentAt(100, 131)).toBe("confirmed");
  });

  test("pages signatures newest first and stays bounded", () => {
    const t = new TxStore(3, 2);
    for (let i = 0; i < 4; i++) t.add(record(`s${i}`, i, ["k"]));
    expect(t.get("s0")).toBeUndefined();
    expect(t.signaturesFor("k", {}).map((r) => r.signature)).toEqual(["s3", "s2"]);
    expect(t.signaturesFor("k", { before: "s3" }).map((r) => r.signature)).toEqual(["s2"]);
    expect(t.signaturesFor("k", { until: "s2" }).map((r) => r.signature)).toEqual(["s3"]);
    t.markDropped("d");
    expect(t.seen("d")).toBe(true);
  });

  test("pages only the visible records: the limit counts them, before must be visible, an invisible until is ignored", () => {
    const t = new TxStore();
    for (let i = 0; i < 6; i++) t.add(record(`s${i}`, i, ["k"]));
    const visible = (r: TxRecord) => r.slot <= 2; // s0..s2 reached the asked commitment, s3..s5 not yet
    const page = (o: { limit?: number; before?: string; until?: string }) => t.signaturesFor("k", { ...o, visible }).map((r) => r.signature);
    expect(page({ limit: 2 })).toEqual(["s2", "s1"]);
    expect(page({})).toEqual(["s2", "s1", "s0"]);
    expect(page({ before: "s2" })).toEqual(["s1", "s0"]);
    expect(page({ before: "s4" })).toEqual([]);
    expect(page({ before: "unknown" })).toEqual([]);
    expect(page({ until: "s0" })).toEqual(["s2", "s1"]);
    expect(page({ until: "s5" })).toEqual(["s2", "s1", "s0"]);
  });

  test("forgets the addresses of forgotten transactions; a shared key list still lands after a sweep", () => {
    const t = new TxStore(100);
    // One array per (trader, mint), as the simulator's own trades share them; "trader" twice, as a message may list a key.
    const shared = ["trader", "bg-mint", "trader"];
    t.add(record("first", 1, shared));
    for (let i = 0; i < 20_000; i++) t.add(record(`s${i}`, 2, [`mint-${i}`, `curve-${i}`, "program"]));
    expect(t.addresses).toBeLessThan(8_500);
    expect(t.signaturesFor("mint-0", {})).toEqual([]);
    expect(t.signaturesFor("mint-19999", {}).map((r) => r.signature)).toEqual(["s19999"]);
    expect(t.signaturesFor("program", { limit: 3 }).map((r) => r.signature)).toEqual(["s19999", "s19998", "s19997"]);
    // "trader"'s list was swept with its only transaction; the cached resolution of `shared` must not
    // push the next signature into that dropped list, nor list it twice.
    t.add(record("again", 3, shared));
    expect(t.signaturesFor("trader", {}).map((r) => r.signature)).toEqual(["again"]);
    expect(t.signaturesFor("bg-mint", {}).map((r) => r.signature)).toEqual(["again"]);
  });
});

describe("accounts", () => {
  test("staged writes are invisible until commit and nest", () => {
    const store = new AccountStore();
    const changes: string[] = [];
    store.onChange((k) => changes.push(k));
    store.credit("a", 100n);
    const outer = store.stage();
    expect(outer.addLamports("a", -40n)).toBe(true);
    const inner = outer.stage();
    expect(inner.addLamports("a", -70n)).toBe(false);
    inner.addLamports("b", 5n);
    expect(store.lamports("a")).toBe(100n);
    inner.commit();
    expect(store.lamports("b")).toBe(0n);
    outer.commit();
    expect(store.lamports("a")).toBe(60n);
    expect(store.lamports("b")).toBe(5n);
    expect(changes).toEqual(["a", "a", "b"]);
  });
});

describe("fees", () => {
  test.each([
    [1, 200_000, 0n, 5000n],
    [2, 200_000, 0n, 10_000n],
    [1, 100_000, 1_000_000n, 105_000n],
    [1, 150_000, 1n, 5001n],
  ])("%i signatures, %i CU at %p micro-lamports -> %p", (sigs, units, price, fee) => {
    expect(transactionFee(sigs, { unitLimit: units, microLamportsPerUnit: price })).toBe(fee);
  });
});

describe("CommitmentQueue", () => {
  test("delivers processed now, confirmed a slot later, finalized 32 slots later", () => {
    const q = new CommitmentQueue();
    const seen: string[] = [];
    q.at("processed", 10, () => seen.push("p"));
    q.at("confirmed", 10, () => seen.push("c"));
    q.at("finalized", 10, () => seen.push("f"));
    expect(seen).toEqual(["p"]);
    q.tick(10);
    expect(seen).toEqual(["p"]);
    q.tick(11);
    expect(seen).toEqual(["p", "c"]);
    q.tick(41);
    expect(seen).toEqual(["p", "c"]);
    q.tick(42);
    expect(seen).toEqual(["p", "c", "f"]);
  });
});
