import { describe, expect, test } from "bun:test";
import { buildSignedBuyTransaction } from "../../src/chain/tx-builder.ts";
import { createHttpRpcClient } from "../../src/chain/rpc/http-client.ts";
import { DEFAULT_FEE_RECIPIENT, MemoryJournal, type OrderIntent } from "../../src/executor/index.ts";
import { cluster, fundedWallet, landed, launch, startExecutor, until } from "./helpers.ts";

describe("crash reconciliation", () => {
  test("a new executor with the old journal confirms the landed intent, expires the dead one, waits on the live one, and re-buys none", async () => {
    const c = await cluster();
    try {
      const signer = fundedWallet(c);
      const rpc = createHttpRpcClient({ endpoints: [c.httpUrl] });
      // Before the "crash": one buy that landed (its confirmation never reached the journal).
      const first = await startExecutor(c, { signer });
      const landedReq = launch(c);
      const res = first.ex.buy(landedReq);
      expect(res.ok).toBe(true);
      await until(() => landed(c, signer.address).length === 1, 5000, "landing");
      first.ac.abort();
      const old = first.journal as MemoryJournal;
      const snapshot = old.snapshot().map((i) => ({ ...i, status: "sent" as const }));

      // One signed but never sent, its blockhash already expired; one still valid that never lands.
      const height = await rpc.getBlockHeight();
      const bh = await rpc.getLatestBlockhash();
      const fake = (id: string, lvbh: number): OrderIntent => {
        const r = launch(c);
        const tx = buildSignedBuyTransaction({ signer, mint: r.mint, creator: r.creator, feeRecipient: DEFAULT_FEE_RECIPIENT, recentBlockhash: bh.blockhash,
          computeUnitLimit: 100_000, microLamportsPerCu: 1n, spendableSolIn: r.lamports, minTokensOut: 1n });
        return {
          id, side: "buy", mint: r.mint, createdAt: 0, status: "sent",
          params: { side: "buy", lamports: r.lamports, minTokensOut: 1n, expectedTokens: 1n, microLamportsPerCu: 1n, computeUnitLimit: 100_000,
            bondingCurve: r.bondingCurve, creator: r.creator, tokenProgram: r.tokenProgram, launchSignature: r.launchSignature },
          attempts: [{ signature: tx.signature, blockhash: bh.blockhash, lastValidBlockHeight: lvbh, at: 0 }],
        };
      };
      const dead = fake("dead", height - 1);
      const live = fake("live", height + 30);
      const journal = new MemoryJournal([...snapshot, dead, live]);

      const second = await startExecutor(c, { signer, journal });
      try {
        const confirmed = second.outcomes.find((o) => o.mint === landedReq.mint);
        expect(confirmed?.type).toBe("order.confirmed");
        if (confirmed?.type !== "order.confirmed") return;
        expect(confirmed.signature).toBe(res.ok ? res.signature : "");
        expect(confirmed.tokens).toBe(landed(c, signer.address)[0]!.tokens);
        const deadOut = second.outcomes.find((o) => o.mint === dead.mint);
        expect(deadOut?.type).toBe("order.failed");
        expect(journal.intents.get("dead")!.status).toBe("expired");
        // The live one is watched, then expires (never re-sent).
        expect(second.ex.inFlight()).toBe(1);
        await until(() => second.outcomes.length === 3, 5000, "live expiry");
        expect(journal.intents.get("live")!.status).toBe("expired");
        expect(journal.intents.get("live")!.attempts.length).toBe(1);
        // None of the three mints is bought again.
        for (const m of [landedReq, dead, live]) expect(second.ex.buy({ ...landedReq, mint: m.mint }).ok).toBe(false);
        expect(landed(c, signer.address).length).toBe(1);
        expect(c.referee.requests.filter((r) => r.method === "sendTransaction" && r.wallet === signer.address).length).toBe(1);
      } finally {
        second.ac.abort();
      }
    } finally {
      await c.stop();
    }
  }, 20_000);
});
