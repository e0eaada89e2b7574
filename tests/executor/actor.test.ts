import { describe, expect, test } from "bun:test";
import { createActor, setup } from "xstate";
import { executorActor, executorChildSpec, executorDrainer } from "../../src/actors/executor.actor.ts";
import { createSupervisor, shutdownTree, startRootSupervisor } from "../../src/actors/supervisor.actor.ts";
import { createHttpRpcClient } from "../../src/chain/rpc/http-client.ts";
import { createExecutor, MemoryJournal, type ExecutorService } from "../../src/executor/index.ts";
import { PortSlot } from "../../src/pipeline/port-slot.ts";
import type { OrderOutcome } from "../../src/pipeline/orders.ts";
import { cluster, fundedWallet, launch, until } from "./helpers.ts";

describe("executor actor", () => {
  test("binds the service after reconciling, unbinds on stop; drain waits for in-flight orders", async () => {
    const c = await cluster();
    try {
      const outcomes: OrderOutcome[] = [];
      const executor = createExecutor({
        signer: fundedWallet(c),
        rpc: createHttpRpcClient({ endpoints: [c.httpUrl] }),
        journal: new MemoryJournal(),
        onOutcome: (o) => outcomes.push(o),
        settings: { confirmPollMs: 20, blockhashRefreshMs: 50 },
      });
      const slot = new PortSlot<ExecutorService>("executor");
      let ready = 0;
      const root = startRootSupervisor(createSupervisor({ id: "trading", children: [executorChildSpec({ executor, slot, onReady: () => ready++ })] }), {
        onError: (e) => {
          throw e;
        },
      });
      await until(() => slot.get() !== undefined, 3000, "bind");
      expect(ready).toBe(1);
      const res = slot.get()!.buy(launch(c));
      expect(res.ok).toBe(true);
      expect(executor.inFlight()).toBe(1);
      await executorDrainer(executor).drain(AbortSignal.timeout(5000));
      expect(executor.inFlight()).toBe(0);
      expect(outcomes[0]?.type).toBe("order.confirmed");
      // Draining stopped new orders.
      expect(slot.get()!.buy(launch(c)).ok).toBe(false);
      await shutdownTree(root);
      expect(slot.get()).toBeUndefined();
    } finally {
      await c.stop();
    }
  });

  test("a failing reconciliation is reported as a crash, not thrown", async () => {
    const executor = createExecutor({
      signer: (await import("../../src/chain/signer.ts")).createSigner(new Uint8Array(32).fill(3)),
      rpc: createHttpRpcClient({ endpoints: ["http://127.0.0.1:9"], retry: { maxAttempts: 1 }, timeoutMs: 200 }),
      journal: new MemoryJournal([{ id: "x", side: "buy", mint: "11111111111111111111111111111111", createdAt: 0, status: "sent",
        params: { side: "sell", tokens: 1n, minSolOutput: 0n, microLamportsPerCu: 0n, computeUnitLimit: 1, bondingCurve: "", creator: "", tokenProgram: "", reason: "" },
        attempts: [{ signature: "1111111111111111111111111111111111111111111111111111111111111111", blockhash: "", lastValidBlockHeight: 0, at: 0 }] }]),
      onOutcome: () => {},
    });
    const slot = new PortSlot<ExecutorService>("executor");
    const events: string[] = [];
    // The callback reports its failure to its parent: a minimal parent machine records it.
    const m = setup({ actors: { ex: executorActor } }).createMachine({
      invoke: { id: "executor", src: "ex", input: { executor, slot } },
      on: { "supervisor.child.failed": { actions: () => events.push("failed") } },
    });
    const a = createActor(m);
    a.start();
    await until(() => events.length > 0, 3000, "failure report");
    expect(slot.get()).toBeUndefined();
    a.stop();
  });
});
