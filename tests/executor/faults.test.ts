import { describe, expect, test } from "bun:test";
import { MemoryJournal } from "../../src/executor/index.ts";
import { createFaultPolicy } from "../../src/sim/faults/index.ts";
import { noFaults, type FaultPolicy } from "../../src/sim/hooks.ts";
import { cluster, fundedWallet, landed, launch, startExecutor, until } from "./helpers.ts";

describe("executor under faults", () => {
  test("a sell that fails on chain for any reason (here ProgramFailedToComplete) is retryable: the position bounds its attempts", async () => {
    let failNext = false;
    const faults: FaultPolicy = {
      ...noFaults,
      onSendTransaction: () => {
        if (!failNext) return "land";
        failNext = false;
        return "fail";
      },
    };
    const c = await cluster({ faults });
    try {
      const { ex, outcomes, ac } = await startExecutor(c, { signer: fundedWallet(c) });
      try {
        const req = launch(c);
        expect(ex.buy(req).ok).toBe(true);
        await until(() => outcomes.length === 1, 10_000, "the buy");
        const bought = outcomes[0]!;
        if (bought.type !== "order.confirmed") throw new Error("buy failed");
        failNext = true;
        expect(ex.sell({ ...req, positionId: "p1", tokens: bought.tokens, minSolOutput: 1n, reason: "stop_loss", triggeredAt: 0, closeAccount: true }).ok).toBe(true);
        await until(() => outcomes.length === 2, 10_000, "the sell");
        const o = outcomes[1]!;
        expect(o.type).toBe("order.failed");
        if (o.type !== "order.failed") return;
        expect(o.reason).toContain("ProgramFailedToComplete");
        expect(o.retryable).toBe(true);
        expect(o.positionId).toBe("p1");
      } finally {
        ac.abort();
      }
    } finally {
      await c.stop();
    }
  }, 20_000);

  test("never-land: after the blockhash expires unlanded, a fresh-blockhash retry lands; the mint is bought once", async () => {
    // 10 ms slots: a blockhash (150 slots) expires after ~1.5 s.
    const c = await cluster({ faults: createFaultPolicy({ rules: ["never-land:rate=1,max=1"], seed: 3 }) });
    const events: string[] = [];
    try {
      const signer = fundedWallet(c);
      const journal = new MemoryJournal();
      const { ex, outcomes, ac } = await startExecutor(c, { signer, journal, onEvent: (e) => events.push(e.type) });
      try {
        const req = launch(c);
        const res = ex.buy(req);
        expect(res.ok).toBe(true);
        await until(() => outcomes.length === 1, 10_000, "retry outcome");
        const o = outcomes[0]!;
        expect(o.type).toBe("order.confirmed");
        const intent = journal.intents.get(o.intentId)!;
        expect(intent.attempts.length).toBe(2);
        expect(intent.attempts[0]!.signature).toBe(res.ok ? res.signature : "");
        expect(intent.attempts[1]!.blockhash).not.toBe(intent.attempts[0]!.blockhash);
        // The retry was signed only after the first blockhash had expired.
        expect(intent.attempts[1]!.lastValidBlockHeight).toBeGreaterThan(intent.attempts[0]!.lastValidBlockHeight);
        expect(o.type === "order.confirmed" && o.signature).toBe(intent.attempts[1]!.signature);
        expect(events).toContain("order.retry");
        const buys = landed(c, signer.address).filter((t) => t.mint === req.mint && t.side === "buy");
        expect(buys.length).toBe(1);
      } finally {
        ac.abort();
      }
    } finally {
      await c.stop();
    }
  }, 20_000);

  test("never-land on every attempt: bounded retries, then order.failed (expired), mint never bought", async () => {
    const c = await cluster({ faults: createFaultPolicy({ rules: ["never-land:rate=1"], seed: 3 }) });
    try {
      const signer = fundedWallet(c);
      const journal = new MemoryJournal();
      const { ex, outcomes, ac } = await startExecutor(c, { signer, journal, settings: { maxRetries: 1 } });
      try {
        const req = launch(c);
        expect(ex.buy(req).ok).toBe(true);
        await until(() => outcomes.length === 1, 12_000, "expiry");
        const o = outcomes[0]!;
        expect(o.type).toBe("order.failed");
        if (o.type !== "order.failed") return;
        expect(o.reason).toContain("expired");
        expect(o.retryable).toBe(false);
        expect(journal.intents.get(o.intentId)!.attempts.length).toBe(2);
        expect(journal.intents.get(o.intentId)!.status).toBe("expired");
        expect(landed(c, signer.address).length).toBe(0);
        expect(ex.buy(req).ok).toBe(false);
      } finally {
        ac.abort();
      }
    } finally {
      await c.stop();
    }
  }, 20_000);

  test("HTTP 429 storms (with Retry-After) are retried and the buy lands once", async () => {
    const faults = createFaultPolicy({ rules: ["http429:rate=0.4,retryAfter=0"], seed: 11 });
    const c = await cluster({ faults });
    try {
      const signer = fundedWallet(c);
      const { ex, outcomes, ac } = await startExecutor(c, { signer });
      try {
        const reqs = [launch(c), launch(c), launch(c)];
        for (const r of reqs) expect(ex.buy(r).ok).toBe(true);
        await until(() => outcomes.length === 3, 10_000, "outcomes");
        expect(outcomes.every((o) => o.type === "order.confirmed")).toBe(true);
        for (const r of reqs) expect(landed(c, signer.address).filter((t) => t.mint === r.mint).length).toBe(1);
        expect(faults.stats().injected.http429).toBeGreaterThan(0);
      } finally {
        ac.abort();
      }
    } finally {
      await c.stop();
    }
  }, 20_000);

  test("chaos (429, slow, never-land, two endpoints): every mint ends with one outcome and at most one landed buy, matching it", async () => {
    const faults = createFaultPolicy({ rules: ["http429:rate=0.2,retryAfter=0", "never-land:rate=0.3", "slow:rate=0.1,ms=100"], seed: 21 });
    const c = await cluster({ faults });
    try {
      const signer = fundedWallet(c);
      const journal = new MemoryJournal();
      const { ex, outcomes, ac } = await startExecutor(c, { signer, journal, settings: { maxRetries: 3 }, rpcOptions: { endpoints: [c.httpUrl, c.httpUrl + "/b"] } });
      try {
        const reqs = Array.from({ length: 8 }, () => launch(c));
        for (const r of reqs) expect(ex.buy(r).ok).toBe(true);
        await until(() => outcomes.length === reqs.length, 15_000, "all outcomes");
        for (const r of reqs) {
          const buys = landed(c, signer.address).filter((t) => t.mint === r.mint && t.side === "buy");
          const o = outcomes.filter((x) => x.mint === r.mint);
          expect(o.length).toBe(1);
          expect(buys.length).toBeLessThanOrEqual(1);
          if (o[0]!.type === "order.confirmed") {
            expect(buys.length).toBe(1);
            expect(o[0]!.signature).toBe(buys[0]!.signature);
            expect(o[0]!.tokens).toBe(buys[0]!.tokens);
          } else expect(buys.length).toBe(0);
        }
        expect(faults.stats().injected["never-land"]).toBeGreaterThan(0);
        expect(ex.inFlight()).toBe(0);
      } finally {
        ac.abort();
      }
    } finally {
      await c.stop();
    }
  }, 25_000);
});
